// Edge middleware: the first layer of protection, before every matched
// request. In order: request shape guards (413/400), the /admin allowlist,
// the global limits (`global` + `global-burst`, one Redis round trip) and
// blocks; then a request id, the guest cookie on menu pages, and the
// rate-limit headers on the way out.
import { NextResponse, type NextRequest } from 'next/server';
import { edgeEnv } from './server/edge/env';
import { edgeRateLimiter } from './server/edge/limiter';
import { GUEST_COOKIE, issueGuestCookie, verifyGuestCookie } from './server/guest/guest-cookie';
import { checkRequestShape, ipAllowed, isExcludedFromGlobal } from './server/ratelimit/guards';
import {
  EDGE_STATE_HEADER,
  encodeState,
  limitHeaders,
  refusalFor,
  refusalResponse,
  stateOf,
  tightest,
} from './server/ratelimit/http';
import { clientIpFrom, ipBucket } from './server/ratelimit/keys';

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};

export async function middleware(request: NextRequest) {
  const env = edgeEnv();
  const { pathname } = request.nextUrl;

  const shape = checkRequestShape(request.headers.get('content-length'), request.nextUrl);
  if (shape) return Response.json({ error: shape.error, message: shape.message }, { status: shape.status });

  const ip = clientIpFrom(request.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS);
  if (pathname.startsWith('/admin') && !ipAllowed(ip, env.ADMIN_IP_ALLOWLIST)) {
    return Response.json(
      { error: 'forbidden', message: 'The staff console is not available from this network.' },
      { status: 403 },
    );
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(EDGE_STATE_HEADER);
  const responseHeaders: Record<string, string> = {};
  if (!isExcludedFromGlobal(pathname)) {
    const bucket = ipBucket(ip);
    const decision = await edgeRateLimiter().check(
      [
        { policy: 'global', id: bucket },
        { policy: 'global-burst', id: bucket },
      ],
      { path: pathname, method: request.method, ip: bucket },
      [`ip:${bucket}`],
    );
    const refusal = refusalFor(decision);
    if (refusal) return refusalResponse(refusal);
    const state = decision.outcome === 'allowed' ? tightest(decision.results.map(stateOf)) : null;
    if (state) {
      requestHeaders.set(EDGE_STATE_HEADER, encodeState(state));
      // tRPC writes the tightest over both layers itself (headers set here would win).
      if (!pathname.startsWith('/api/trpc/')) Object.assign(responseHeaders, limitHeaders(state));
    }
  }

  const requestId = crypto.randomUUID();
  requestHeaders.set('x-request-id', requestId);
  const guestCookie = await guestCookieFor(request, requestHeaders, env.NEXTAUTH_SECRET);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('x-request-id', requestId);
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  if (guestCookie) response.cookies.set(guestCookie);
  return response;
}

/**
 * Guests get their signed id on the first menu page view, so the page and
 * every later API call agree on who they are. The cookie is also written into
 * the forwarded request so this very request already carries it.
 */
async function guestCookieFor(request: NextRequest, requestHeaders: Headers, secret: string) {
  if (!request.nextUrl.pathname.startsWith('/menu/')) return null;
  if (await verifyGuestCookie(request.cookies.get(GUEST_COOKIE)?.value, secret)) return null;
  const { cookie } = await issueGuestCookie(secret, request.nextUrl.protocol === 'https:');
  const others = (request.headers.get('cookie') ?? '')
    .split(';')
    .filter((part) => part.trim() && !part.trim().startsWith(`${GUEST_COOKIE}=`));
  requestHeaders.set('cookie', [...others, `${GUEST_COOKIE}=${encodeURIComponent(cookie.value)}`].join('; '));
  return cookie;
}
