import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { SignUpForm } from './sign-up-form';

export const metadata: Metadata = { title: 'Create your restaurant' };

export default function SignUpPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1 className="text-2xl">Create your restaurant</h1>
        </CardTitle>
        <CardDescription>
          An account for you as its owner, and a menu your guests open from their table.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm />
      </CardContent>
      <CardFooter className="border-t pt-5 text-sm text-muted-foreground">
        <p>
          Already have an account?{' '}
          <Link href="/admin/sign-in" prefetch={false}>
            Sign in
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
