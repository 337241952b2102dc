// The sign-in guard and next-auth's `authorize` meet here. The guard runs
// next-auth inside an attempt it has admitted; `authorize` refuses to check a
// password outside one (fail closed: any route to the credentials callback
// that skipped the guard signs nobody in), or for another email than the one
// the guard counted, and records next-auth's own outcome for the guard.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { logger } from '../log';
import { normalizeEmail } from '../shared/email';

export type AttemptOutcome = 'not-checked' | 'signed-in' | 'rejected';
type Attempt = { email: string; outcome: AttemptOutcome };

const attempts = new AsyncLocalStorage<Attempt>();

/** Runs `signIn` as the admitted attempt for `email`; returns its response and what `authorize` decided. */
export async function runAdmittedAttempt<T>(
  email: string,
  signIn: () => Promise<T>,
): Promise<{ result: T; outcome: AttemptOutcome }> {
  const attempt: Attempt = { email: normalizeEmail(email), outcome: 'not-checked' };
  const result = await attempts.run(attempt, signIn);
  return { result, outcome: attempt.outcome };
}

/** next-auth's `authorize`, wrapped: checks credentials only for the attempt the guard admitted. */
export async function authorizeAdmitted<U>(
  credentials: Record<string, unknown> | undefined,
  authenticate: (credentials: Record<string, unknown> | undefined) => Promise<U | null>,
): Promise<U | null> {
  const attempt = attempts.getStore();
  const email = typeof credentials?.email === 'string' ? normalizeEmail(credentials.email) : null;
  if (!attempt || email !== attempt.email) {
    logger.error({ msg: 'signin_outside_guard', reason: attempt ? 'email_mismatch' : 'no_attempt' });
    return null;
  }
  const user = await authenticate(credentials);
  attempt.outcome = user ? 'signed-in' : 'rejected';
  return user;
}
