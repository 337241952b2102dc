import Link from 'next/link';
import type { ReactNode } from 'react';
import { BrandMark } from '@/components/admin-shell/brand-mark';

/** Sign-in and sign-up: outside the console's shell, one narrow column. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <Link href="/" prefetch={false} className="mb-8 flex items-center gap-2.5 text-foreground no-underline">
        <BrandMark />
        <span className="text-lg font-semibold">Tableside</span>
      </Link>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
