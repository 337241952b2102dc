import type { Metadata } from 'next';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: a sign-in link must not bounce staff to another site.
  const target = callbackUrl?.startsWith('/') && !callbackUrl.startsWith('//') ? callbackUrl : '/admin';
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
