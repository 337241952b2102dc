// next-auth v4: credentials provider, JWT sessions carrying the identity the
// tRPC procedures authorise against (user, tenant, role, operator flag).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '../db';
import { env } from '../env';
import { authenticateStaff, type SessionIdentity } from './credentials';

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/admin/sign-in' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      authorize: (credentials) => authenticateStaff(db, credentials),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const identity = user as unknown as SessionIdentity;
        token.sub = identity.id;
        token.tenantId = identity.tenantId;
        token.role = identity.role;
        token.isOperator = identity.isOperator;
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
      };
      return session;
    },
  },
};
