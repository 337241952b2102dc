// The credentials sign-in endpoint with its protection in front
// (server/auth/sign-in-guard.ts): refused attempts get 429 / 401 (CAPTCHA)
// / 503 before next-auth looks anyone up; the outcome is recorded after.
import 'server-only';
import { gateSignIn, recordSignInOutcome } from '../auth/sign-in-guard';
import { env } from '../env';
import { limitHeaders } from '../ratelimit/http';
import { clientIpFrom } from '../ratelimit/keys';

export function isCredentialsSignIn(request: Request): boolean {
  return new URL(request.url).pathname.endsWith('/api/auth/callback/credentials');
}

/** next-auth sets its session cookie only when the credentials were right. */
function signedIn(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => /(^|\.)next-auth\.session-token=/.test(cookie));
}

export async function guardedCredentialsSignIn(
  request: Request,
  signIn: (request: Request) => Promise<Response>,
): Promise<Response> {
  const form = await request
    .clone()
    .formData()
    .catch(() => new FormData());
  const gate = await gateSignIn({
    ip: clientIpFrom(request.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS),
    email: String(form.get('email') ?? ''),
    captcha: typeof form.get('captcha') === 'string' ? String(form.get('captcha')) : null,
    path: new URL(request.url).pathname,
  });
  if (!gate.ok) return Response.json(gate.body, { status: gate.status, headers: gate.headers });

  const response = await signIn(request);
  await recordSignInOutcome(gate.failureKey, signedIn(response));
  if (!gate.state) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(limitHeaders(gate.state))) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
