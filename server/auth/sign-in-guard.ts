// Staff sign-in protection (SPEC §4 `login`, `login-failures`), around the
// credentials check rather than inside it, so a refused attempt never looks
// a user up:
// 1. `login`: attempts per IP, and any block on the address, on the caller,
//    or on this IP + email;
// 2. after LOGIN_CAPTCHA_AFTER_FAILURES failures for this IP + email, a solved
//    proof-of-work CAPTCHA (each solution accepted once);
// 3. afterwards next-auth's own outcome: a failure is logged exactly (sliding
//    log), the limit-th failure blocks IP + email for 15 minutes; a success
//    clears them.
// Unknown emails and wrong passwords count and answer alike. Fails closed.
import 'server-only';
import { env } from '../env';
import { logger } from '../log';
import { refusalFor, stateOf, type LimitState, type Refusal } from '../ratelimit/http';
import { blockSubjectsFor, identityOf, ipBucket, ipEmailKey, ipSubject } from '../ratelimit/keys';
import { rateLimiter } from '../ratelimit/node';
import { ABUSE, LOGIN_CAPTCHA_AFTER_FAILURES } from '../ratelimit/policies';
import { SIGN_IN_CAPTCHA } from '../shared/captcha-protocol';
import { createSignInChallenge, verifySignInCaptcha, type CaptchaChallenge } from './captcha';
import type { AttemptOutcome } from './sign-in-attempt';

export type SignInAttempt = {
  ip: string;
  guestId: string | null;
  email: string;
  captcha: string | null;
  path: string;
  requestId: string;
};

export type SignInGate =
  | { ok: true; failureKey: string; state: LimitState | null }
  | { ok: false; status: 401 | 429 | 503; headers: Record<string, string>; body: Record<string, unknown> };

const failureBlock = (failureKey: string) => `signin:${failureKey}`;

function refused(refusal: Refusal, policy = refusal.body.policy): SignInGate {
  return { ok: false, status: refusal.status, headers: refusal.headers, body: { ...refusal.body, policy } };
}

const unavailable = (): SignInGate => refused(refusalFor({ outcome: 'unavailable', policy: 'login' })!);

export async function gateSignIn(attempt: SignInAttempt): Promise<SignInGate> {
  const bucket = ipBucket(attempt.ip);
  const failureKey = ipEmailKey(bucket, attempt.email);
  const identity = identityOf({ guestId: attempt.guestId, ipBucket: bucket });
  const decision = await rateLimiter.check(
    [{ policy: 'login', id: bucket, abuse: ipSubject(bucket) }],
    { path: attempt.path, method: 'POST', requestId: attempt.requestId },
    [...blockSubjectsFor(identity, bucket, { ipKeyed: true }), failureBlock(failureKey)],
  );
  const refusal = refusalFor(decision);
  if (refusal) {
    const signInBlock = decision.outcome === 'blocked' && decision.subject.startsWith('signin:');
    return refused(refusal, signInBlock ? 'login-failures' : refusal.body.policy);
  }
  if (!rateLimiter.enabled) return { ok: true, failureKey, state: null };

  let failures: number;
  try {
    failures = await rateLimiter.countEvents('login-failures', failureKey);
  } catch {
    return unavailable();
  }
  if (failures >= LOGIN_CAPTCHA_AFTER_FAILURES) {
    const verdict = await verifySignInCaptcha({
      secret: env.NEXTAUTH_SECRET,
      email: attempt.email,
      payload: attempt.captcha,
    });
    const fresh = verdict.ok && (await claimOnce(`tableside:captcha:${verdict.id}`).catch(() => false));
    if (!fresh) return captchaRequired(verdict.ok ? 'used' : verdict.reason, attempt.email);
  }
  const state = decision.outcome === 'allowed' ? (decision.results.map(stateOf)[0] ?? null) : null;
  return { ok: true, failureKey, state };
}

async function captchaRequired(reason: string, email: string): Promise<SignInGate> {
  const challenge: CaptchaChallenge = await createSignInChallenge({ secret: env.NEXTAUTH_SECRET, email });
  return {
    ok: false,
    status: 401,
    headers: {},
    body: {
      error: 'captcha_required',
      reason,
      message: 'Several sign-ins failed from here. Your browser will solve a short check before trying again.',
      captcha: challenge,
    },
  };
}

/** True the first time a key is claimed (a CAPTCHA solution is good for one attempt). */
async function claimOnce(key: string): Promise<boolean> {
  const result = await rateLimiter.batcher.run<string | null>((p) =>
    // Kept as long as a challenge lives: after that the solution is refused as expired anyway.
    p.set(key, '1', { nx: true, ex: SIGN_IN_CAPTCHA.ttlSeconds }),
  );
  return result === 'OK';
}

/**
 * What next-auth decided, as `authorize` recorded it: a success clears the
 * failures, a rejection counts one; an attempt whose password was never
 * checked (e.g. a stale CSRF token) counts neither way.
 */
export async function recordSignInOutcome(failureKey: string, outcome: AttemptOutcome): Promise<void> {
  if (!rateLimiter.enabled || outcome === 'not-checked') return;
  try {
    if (outcome === 'signed-in') {
      await rateLimiter.clearEvents('login-failures', failureKey);
      return;
    }
    const failures = await rateLimiter.recordEvent('login-failures', failureKey);
    if (failures >= rateLimiter.policies['login-failures'].limit) {
      // The log is kept: while it holds the limit, every further failure blocks again.
      await rateLimiter.block(failureBlock(failureKey), ABUSE.loginBlockSeconds);
      logger.warn({ msg: 'signin_blocked', failures, seconds: ABUSE.loginBlockSeconds });
    }
  } catch (error) {
    logger.error({ msg: 'signin_outcome_not_recorded', error: (error as Error).message });
  }
}
