'use client';
// "Back to the menu" for pages that only know the table from the address (not-found pages get no params).
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { menuPath } from '@/server/shared/guest-paths';

export function BackToMenuLink({ className }: { className?: string }) {
  const { tableToken } = useParams<{ tableToken?: string }>();
  if (!tableToken) return null;
  return (
    <Link href={menuPath(tableToken)} className={className}>
      Back to the menu
    </Link>
  );
}
