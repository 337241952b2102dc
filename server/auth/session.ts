import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { sessionCheck } from './current-session';
import { authOptions } from './options';

/** The signed-in staff member's session, or null, also when the account has changed since (see session-check.ts). */
export async function getStaffSession(): Promise<Session | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user) return null;
  return (await sessionCheck.isCurrent(session.user)) ? session : null;
}
