'use client';
import { LogOutIcon } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/ui/cn';

export function SignOutButton({ className }: { className?: string }) {
  return (
    <Button
      variant="outline"
      size="sm"
      className={cn('gap-1.5', className)}
      onClick={() => void signOut({ callbackUrl: '/admin/sign-in' })}
    >
      <LogOutIcon aria-hidden />
      Sign out
    </Button>
  );
}
