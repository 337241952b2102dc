// next-auth v4: credentials provider, JWT sessions carrying the identity the
// tRPC procedures authorise against (user, tenant, role, operator flag).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '../db';
import { env } from '../env';
import { authenticateStaff, type SessionIdentity } from './credentials';
import { safeRedirect } from './redirects';
import { authorizeAdmitted } from './sign-in-attempt';

/** next-auth's id of the credentials provider: the route's second segment of `/api/auth/callback/<id>`. */
export const CREDENTIALS_PROVIDER_ID = 'credentials';

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/admin/sign-in' },
  providers: [
    CredentialsProvider({
      id: CREDENTIALS_PROVIDER_ID,
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      // Only inside an attempt the sign-in guard admitted (server/http/auth-route.ts).
      authorize: (credentials) => authorizeAdmitted(credentials, (c) => authenticateStaff(db, c)),
    }),
  ],
  callbacks: {
    redirect: ({ url, baseUrl }) => safeRedirect(url, baseUrl),
    jwt({ token, user }) {
      if (user) {
        const identity = user as unknown as SessionIdentity;
        token.sub = identity.id;
        token.tenantId = identity.tenantId;
        token.role = identity.role;
        token.isOperator = identity.isOperator;
        token.sessionVersion = identity.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.sub!,
        email: token.email ?? '',
        name: token.name ?? null,
        tenantId: token.tenantId ?? null,
        role: token.role ?? 'STAFF',
        isOperator: token.isOperator ?? false,
        sessionVersion: token.sessionVersion ?? 0,
      };
      return session;
    },
  },
};
