// The browser side of staff sign-in: next-auth's CSRF token, then the
// credentials callback, with the answers the sign-in protection can give
// (server/auth/sign-in-guard.ts): signed in, wrong credentials, CAPTCHA
// required (with the challenge to solve and why the last answer, if any, was
// refused), too many attempts (with the wait), or paused.
import { isSignInChallenge, type CaptchaChallenge } from '@/server/shared/captcha-protocol';
import { retryInfoOf } from '../rate-limit/retry';

export type SignInOutcome =
  | { kind: 'signed-in' }
  | { kind: 'invalid' }
  | { kind: 'captcha'; challenge: CaptchaChallenge; reason: string }
  | { kind: 'refused'; retryAfterSeconds: number; unavailable: boolean };

export async function signInWithCredentials(fields: {
  email: string;
  password: string;
  captcha?: string;
  callbackUrl: string;
}): Promise<SignInOutcome> {
  const csrf = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  const body = new URLSearchParams({
    ...fields,
    captcha: fields.captcha ?? '',
    csrfToken: csrf.csrfToken,
    json: 'true',
  });
  const response = await fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const answer = (await response.json().catch(() => ({}))) as {
    url?: string;
    error?: string;
    captcha?: unknown;
    reason?: string;
    retryAfterSeconds?: number;
  };
  const refusal = retryInfoOf({
    data: {
      httpStatus: response.status,
      retryAfterSeconds: answer.retryAfterSeconds ?? response.headers.get('retry-after'),
    },
  });
  if (refusal) {
    return { kind: 'refused', retryAfterSeconds: refusal.retryAfterSeconds, unavailable: refusal.status === 503 };
  }
  if (answer.error === 'captcha_required' && isSignInChallenge(answer.captcha))
    return { kind: 'captcha', challenge: answer.captcha, reason: answer.reason ?? 'missing' };
  if (response.ok && answer.url && !new URL(answer.url, location.href).searchParams.has('error'))
    return { kind: 'signed-in' };
  return { kind: 'invalid' };
}
