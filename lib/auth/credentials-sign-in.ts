// The browser side of staff sign-in: next-auth's CSRF token, then the
// credentials callback, with the answers the sign-in protection can give
// (server/auth/sign-in-guard.ts): signed in, wrong credentials, CAPTCHA
// required, too many attempts (with the wait), or paused.
import type { CaptchaChallenge } from '../captcha/solve';
import { retryInfoOf } from '../rate-limit/retry';

export type SignInOutcome =
  | { kind: 'signed-in' }
  | { kind: 'invalid' }
  | { kind: 'captcha'; challenge: CaptchaChallenge }
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
    captcha?: CaptchaChallenge;
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
  if (answer.error === 'captcha_required' && answer.captcha) return { kind: 'captcha', challenge: answer.captcha };
  if (response.ok && answer.url && !new URL(answer.url, location.href).searchParams.has('error'))
    return { kind: 'signed-in' };
  return { kind: 'invalid' };
}
