// Edge middleware: the first layer of protection, a dispatcher over named
// steps in server/edge/: parse the request once → shape guards (413/400) →
// staff allowlist → identity (user, guest cookie, else address) → blocks and
// global limits in one Redis round trip → guest cookie on a first menu view →
// cookies the app may see (no off-site next-auth callback) → request id,
// security headers (CSP nonce) and rate-limit headers.
import { NextResponse, type NextRequest } from 'next/server';
import { edgeEnv } from './server/edge/env';
import { forwardedCookieHeader, offSiteCallbackCookies } from './server/edge/guest-cookie';
import { applyGlobalLimits } from './server/edge/global-limits';
import { allowlistRefusal, shapeRefusal } from './server/edge/guards';
import { identify } from './server/edge/identity';
import { edgeRateLimiter } from './server/edge/limiter';
import { isGuestPage, isTrpcRoute, parseRequest, type EdgeRequest } from './server/edge/request';
import { contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from './server/edge/security-headers';
import { REQUESTED_PATH_HEADER } from './lib/auth/sign-in-path';
import { issueGuestCookie } from './server/guest/guest-cookie';
import { EDGE_STATE_HEADER, encodeState, limitHeaders } from './server/ratelimit/http';
import { identityOf } from './server/ratelimit/keys';
import { isExcludedFromGlobal } from './server/ratelimit/guards';

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};

export async function middleware(request: NextRequest) {
  const env = edgeEnv();
  const req = parseRequest(request, env);
  const csp = contentSecurityPolicy(newNonce(), env.NODE_ENV === 'development');

  const guard = shapeRefusal(request) ?? allowlistRefusal(req, env);
  if (guard)
    return answer(req, csp, Response.json({ error: guard.error, message: guard.message }, { status: guard.status }));

  const forwarded = new Headers(request.headers);
  forwarded.delete(EDGE_STATE_HEADER);
  forwarded.set('x-request-id', req.requestId);
  forwarded.set('content-security-policy', csp);
  // For the console's layout, which Next gives no URL: where to come back to after signing in.
  forwarded.set(REQUESTED_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);

  const limitResponseHeaders: Record<string, string> = {};
  let minted: Awaited<ReturnType<typeof issueGuestCookie>> | null = null;
  // Exclusions loosen protection, so they match the path exactly as Next serves it (case and all), never
  // the canonical form guards use: `/API/stripe/webhook` is a limited 404, not the unlimited webhook.
  if (!isExcludedFromGlobal(req.pathname)) {
    const who = await identify(request, req, env.NEXTAUTH_SECRET);
    // A first menu view makes a guest: it counts as that new guest (not on the
    // address's cookieless budget, which a whole venue of arrivals would share),
    // and minting it counts against `guest-new` on the address.
    if (isGuestPage(req.route) && who.guestId === null)
      minted = await issueGuestCookie(env.NEXTAUTH_SECRET, req.secure);
    const identity = minted
      ? identityOf({ userId: who.userId, guestId: minted.guestId, ipBucket: req.bucket })
      : who.identity;
    const limits = await applyGlobalLimits(edgeRateLimiter(), req, identity, { mintsGuest: minted !== null });
    if (limits.refusal) {
      const { status, body, headers } = limits.refusal;
      return answer(req, csp, Response.json(body, { status, headers }));
    }
    if (limits.state) {
      forwarded.set(EDGE_STATE_HEADER, encodeState(limits.state));
      // tRPC writes the tightest over both layers itself (headers set here would win).
      if (!isTrpcRoute(req.route)) Object.assign(limitResponseHeaders, limitHeaders(limits.state));
    }
  }

  const guestCookie = minted?.cookie ?? null;
  const offSite = offSiteCallbackCookies(request, env.NEXTAUTH_URL ?? request.nextUrl.origin);
  if (guestCookie || offSite.length) forwarded.set('cookie', forwardedCookieHeader(request, offSite, guestCookie));
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(limitResponseHeaders)) response.headers.set(name, value);
  if (guestCookie) response.cookies.set(guestCookie);
  for (const name of offSite) response.cookies.set(name, '', { path: '/', maxAge: 0, secure: name.startsWith('__') });
  return answer(req, csp, response);
}

/** Every answer carries its request id and the security headers. */
function answer<R extends Response>(req: EdgeRequest, csp: string, response: R): R {
  response.headers.set('x-request-id', req.requestId);
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
