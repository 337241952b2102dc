// The edge's one parse of an incoming request: who sent it (client IP by the
// trusted-hops rule), where to (the path as Next routes it, and a canonical
// form for guard decisions), and the request id every log line carries.
import type { NextRequest } from 'next/server';
import type { EdgeEnv } from '../env-schema';
import { secureCookies } from '../guest/guest-cookie';
import { clientIpFrom, ipBucket } from '../ratelimit/keys';

export type EdgeRequest = {
  method: string;
  /** The path as requested. */
  pathname: string;
  /**
   * The path guards decide on: percent-decoded, lower-cased, slashes
   * collapsed, no trailing slash. Next serves `/admin/` and `//admin` as
   * `/admin` (after a redirect) and decodes route parameters, so a guard that
   * matched the raw string could be walked around by a spelling Next accepts.
   */
  route: string;
  ip: string;
  bucket: string;
  requestId: string;
  /** The public origin is https (cookies then carry the `__Secure-` names). */
  secure: boolean;
};

export function canonicalRoute(pathname: string): string {
  let path = pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes stay as they are; Next answers them 400/404.
  }
  path = path
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .toLowerCase();
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

export function parseRequest(request: NextRequest, env: EdgeEnv): EdgeRequest {
  const ip = clientIpFrom(request.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS);
  return {
    method: request.method,
    pathname: request.nextUrl.pathname,
    route: canonicalRoute(request.nextUrl.pathname),
    ip,
    bucket: ipBucket(ip),
    requestId: crypto.randomUUID(),
    secure: secureCookies(env.NEXTAUTH_URL, request.nextUrl.protocol),
  };
}

const under = (route: string, prefix: string) => route === prefix || route.startsWith(`${prefix}/`);

/** Everything staff reach: the console and next-auth (staff tRPC procedures are checked in Node). */
export const isStaffRoute = (route: string) => under(route, '/admin') || under(route, '/api/auth');
export const isGuestPage = (route: string) => route.startsWith('/menu/');
export const isTrpcRoute = (route: string) => under(route, '/api/trpc');
