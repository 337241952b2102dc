import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { safeCallbackPath } from '@/server/auth/redirects';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Staff sign-in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only paths of this site, resolved as the browser will: a sign-in link must not bounce staff elsewhere.
  const target = safeCallbackPath(callbackUrl, 'https://tableside.invalid');
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1 className="text-2xl">Staff sign-in</h1>
        </CardTitle>
        <CardDescription>Sign in to run your restaurant’s orders and menu.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm callbackUrl={target} />
      </CardContent>
      <CardFooter className="border-t pt-5 text-sm text-muted-foreground">
        <p>
          New to Tableside?{' '}
          <Link href="/admin/sign-up" prefetch={false}>
            Create your restaurant’s account
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
