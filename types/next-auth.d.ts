import type { SessionIdentity } from '@/server/auth/credentials';

declare module 'next-auth' {
  interface Session {
    user: SessionIdentity;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    tenantId?: string | null;
    role?: 'OWNER' | 'STAFF';
    isOperator?: boolean;
    sessionVersion?: number;
  }
}
