import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { guardedCredentialsSignIn, isCredentialsSignIn } from '@/server/http/sign-in-route';
import { withRequestTimeout } from '@/server/http/timeout';

export const runtime = 'nodejs';

const nextAuth = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;

export const GET = withRequestTimeout(nextAuth);
export const POST = withRequestTimeout((request: Request, context: unknown) =>
  isCredentialsSignIn(request)
    ? guardedCredentialsSignIn(request, (r) => nextAuth(r, context))
    : nextAuth(request, context),
);
