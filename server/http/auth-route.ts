// /api/auth/[...nextauth]: next-auth behind one front door that reads every
// request the way next-auth will, once.
//
// - "Is this a credentials sign-in" is decided as next-auth decides it: from
//   the catch-all route's parsed segments (action = first, provider = second;
//   further segments, case and percent-encoding are whatever Next's router
//   gives next-auth), not from the path string. Every such request, whatever
//   its spelling, goes through the sign-in guard; a method other than POST
//   is answered 405 (next-auth would answer a GET with a 500).
// - The body is read once, under a byte budget, and parsed strictly: a field
//   sent twice, malformed JSON, or an unreadable body is a 400 naming the
//   problem. next-auth then gets a canonical copy built from the same parsed
//   fields the guard saw, so the two can never read different values.
// - callbackUrl (query or body) is reduced to a same-origin path first.
// - `authorize` only checks a password inside the attempt the guard admitted
//   (server/auth/sign-in-attempt.ts), and next-auth's own outcome is recorded.
import 'server-only';
import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { z } from 'zod';
import { env } from '../env';
import { guestCookieValue, verifyGuestCookie } from '../guest/guest-cookie';
import { CREDENTIALS_PROVIDER_ID, authOptions } from '../auth/options';
import { safeCallbackPath } from '../auth/redirects';
import { runAdmittedAttempt } from '../auth/sign-in-attempt';
import { emailAddress } from '../domain/schemas';
import { gateSignIn, recordSignInOutcome } from '../auth/sign-in-guard';
import { limitHeaders } from '../ratelimit/http';
import { clientIpFrom } from '../ratelimit/keys';
import { BodyTooLarge, bodyTooLargeResponse, readBodyLimited } from './body';
import { currentRequestId, withRequestContext } from './request-context';
import { withRequestTimeout } from './timeout';

type RouteContext = { params: Promise<{ nextauth?: string[] }> };
type NextAuthHandler = (request: NextRequest, context: RouteContext) => Promise<Response>;

const nextAuth = NextAuth(authOptions) as unknown as NextAuthHandler;

/** Nothing next-auth is sent needs more; a sign-in form is well under 2 KB. */
const AUTH_BODY_MAX_BYTES = 64 * 1024;

type ParsedBody =
  | { kind: 'none' }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'json'; value: Record<string, unknown> };

class BadAuthRequest extends Error {
  constructor(
    readonly status: 400 | 405 | 415,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function problem(error: BadAuthRequest): Response {
  return Response.json(
    {
      error: error.status === 405 ? 'method_not_allowed' : 'invalid_request',
      message: error.message,
      field: error.field,
    },
    { status: error.status, headers: error.status === 405 ? { allow: 'POST' } : {} },
  );
}

async function parseBody(request: Request): Promise<ParsedBody> {
  if (request.method !== 'POST') return { kind: 'none' };
  const bytes = await readBodyLimited(request, AUTH_BODY_MAX_BYTES);
  if (bytes.byteLength === 0) return { kind: 'none' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadAuthRequest(400, 'The request body is not valid UTF-8.');
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams(text);
    const fields: Record<string, string> = {};
    for (const [name, value] of params) {
      if (name in fields) throw new BadAuthRequest(400, `The field "${name}" was sent more than once.`, name);
      fields[name] = value;
    }
    return { kind: 'form', fields };
  }
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BadAuthRequest(400, 'The request body is not valid JSON.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BadAuthRequest(400, 'The request body must be a JSON object.');
    }
    return { kind: 'json', value: value as Record<string, unknown> };
  }
  throw new BadAuthRequest(415, 'Send the form as application/x-www-form-urlencoded or application/json.');
}

const credentialsForm = z.object({
  email: emailAddress(),
  password: z.string('is required').min(1, 'is required').max(200, 'is too long'),
  captcha: z.string().max(8_192, 'is too long').optional(),
  csrfToken: z.string().max(256, 'is too long').optional(),
  callbackUrl: z.string().max(2_048, 'is too long').optional(),
  json: z.enum(['true', 'false']).optional(),
});
type CredentialsForm = z.infer<typeof credentialsForm>;

function credentialsFrom(body: ParsedBody): CredentialsForm {
  const raw = body.kind === 'form' ? body.fields : body.kind === 'json' ? body.value : {};
  const parsed = credentialsForm.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw new BadAuthRequest(400, `${field}: ${issue.message}`, field);
}

function publicOrigin(request: Request): string {
  return env.NEXTAUTH_URL ? new URL(env.NEXTAUTH_URL).origin : new URL(request.url).origin;
}

/** The request next-auth will read: same URL and headers, sanitised callbackUrl, the canonical body. */
function forNextAuth(request: Request, body: Record<string, unknown> | null, form: boolean): NextRequest {
  const origin = publicOrigin(request);
  const url = new URL(request.url);
  const callback = url.searchParams.get('callbackUrl');
  if (callback !== null) url.searchParams.set('callbackUrl', safeCallbackPath(callback, origin));
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  if (!body) return new NextRequest(url, { method: request.method, headers });
  const sanitized = { ...body };
  if (typeof sanitized.callbackUrl === 'string')
    sanitized.callbackUrl = safeCallbackPath(sanitized.callbackUrl, origin);
  if (form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    const encoded = new URLSearchParams(
      Object.entries(sanitized).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    return new NextRequest(url, { method: request.method, headers, body: encoded.toString() });
  }
  headers.set('content-type', 'application/json');
  return new NextRequest(url, { method: request.method, headers, body: JSON.stringify(sanitized) });
}

async function credentialsSignIn(request: Request, context: RouteContext, body: ParsedBody): Promise<Response> {
  const fields = credentialsFrom(body);
  const gate = await gateSignIn({
    ip: clientIpFrom(request.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS),
    guestId: await verifyGuestCookie(guestCookieValue(request.headers), env.NEXTAUTH_SECRET),
    email: fields.email,
    captcha: fields.captcha || null,
    path: new URL(request.url).pathname,
    requestId: currentRequestId() ?? crypto.randomUUID(),
  });
  if (!gate.ok) return Response.json(gate.body, { status: gate.status, headers: gate.headers });

  const canonical: Record<string, string> = { email: fields.email, password: fields.password };
  if (fields.csrfToken !== undefined) canonical.csrfToken = fields.csrfToken;
  if (fields.callbackUrl !== undefined) canonical.callbackUrl = fields.callbackUrl;
  if (fields.json !== undefined) canonical.json = fields.json;
  const { result: response, outcome } = await runAdmittedAttempt(fields.email, () =>
    nextAuth(forNextAuth(request, canonical, true), context),
  );
  await recordSignInOutcome(gate.failureKey, outcome);
  if (!gate.state) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(limitHeaders(gate.state))) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function handle(request: Request, context: RouteContext): Promise<Response> {
  try {
    const segments = (await context.params).nextauth ?? [];
    const [action, providerId] = segments;
    const body = await parseBody(request);
    if (action === 'callback' && providerId === CREDENTIALS_PROVIDER_ID) {
      if (request.method !== 'POST') throw new BadAuthRequest(405, 'Sign in with a POST of the sign-in form.');
      return await credentialsSignIn(request, context, body);
    }
    const canonical = body.kind === 'form' ? body.fields : body.kind === 'json' ? body.value : null;
    return await nextAuth(forNextAuth(request, canonical, body.kind === 'form'), context);
  } catch (error) {
    if (error instanceof BadAuthRequest) return problem(error);
    if (error instanceof BodyTooLarge) return bodyTooLargeResponse(error);
    throw error;
  }
}

const route = withRequestContext(withRequestTimeout(handle));

export const authRoute = { GET: route, POST: route };
