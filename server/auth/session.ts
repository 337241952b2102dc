import 'server-only';
import { getServerSession, type Session } from 'next-auth';
import { cache } from 'react';
import { sessionCheck } from './current-session';
import { authOptions } from './options';

/**
 * The signed-in staff member's session, or null, also when the account has
 * changed since (see session-check.ts). Read once per request: the console's
 * layout, its page and the in-process tRPC caller all ask for it.
 */
export const getStaffSession = cache(async (): Promise<Session | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user) return null;
  return (await sessionCheck.isCurrent(session.user)) ? session : null;
});
