import type { Metadata } from 'next';
import { safeCallbackPath } from '@/server/auth/redirects';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths of this site, resolved as the browser will: a sign-in link must not bounce staff elsewhere.
  const target = safeCallbackPath(callbackUrl, 'https://tableside.invalid');
  return (
    <main className="container" style={{ maxWidth: 420, padding: '48px 16px' }}>
      <h1 style={{ marginBottom: 8 }}>Staff sign-in</h1>
      <p className="muted" style={{ marginTop: 0 }}>
        Sign in to run your restaurant’s orders and menu.
      </p>
      <SignInForm callbackUrl={target} />
    </main>
  );
}
