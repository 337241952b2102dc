// Staff sign-in as a use-case: email + password in, the session's identity
// out, or null. One answer for an unknown email and a wrong password.
import { z } from 'zod';
import type { Db } from '../prisma-client';
import { emailAddress } from '../domain/schemas';
import { dummyPasswordHash, verifyPassword } from './password';

export const credentialsInput = z.object({
  email: emailAddress(),
  password: z.string().min(1).max(200),
});

export type SessionIdentity = {
  id: string;
  email: string;
  name: string | null;
  tenantId: string | null;
  role: 'OWNER' | 'STAFF';
  isOperator: boolean;
  /** The account's session version when signed in (see server/auth/session-check.ts). */
  sessionVersion: number;
};

export async function authenticateStaff(db: Db, raw: unknown): Promise<SessionIdentity | null> {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  // A deactivated account gets the same answer as a wrong password.
  if (!user || !ok || !user.active) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    tenantId: user.tenantId,
    role: user.role,
    isOperator: user.isOperator,
    sessionVersion: user.sessionVersion,
  };
}
