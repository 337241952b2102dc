// The cookies the app behind the edge sees. Guests get their signed id on
// their first menu page view, written into the forwarded request too so this
// very request already carries it; and a next-auth callback-url cookie that
// points off-site (planted by another site or a script) is dropped before
// next-auth reads it (next-auth answers one it cannot parse with a 500 on
// every page) and cleared in the browser.
import type { NextRequest } from 'next/server';
import { sameOriginPath } from '../auth/redirects';
import { GUEST_COOKIE, type GuestCookie } from '../guest/guest-cookie';

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'] as const;

/** next-auth callback-url cookies whose value does not stay on `origin`. */
export function offSiteCallbackCookies(request: NextRequest, origin: string): string[] {
  return CALLBACK_COOKIES.filter((name) => {
    const value = request.cookies.get(name)?.value;
    return value !== undefined && sameOriginPath(value, origin) === null;
  });
}

/** The Cookie header to forward: without `drop`, with the new guest cookie when one was minted. */
export function forwardedCookieHeader(
  request: NextRequest,
  drop: readonly string[],
  minted: GuestCookie | null,
): string {
  const skip = new Set<string>(drop);
  if (minted) skip.add(GUEST_COOKIE);
  const kept = (request.headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !skip.has(part.slice(0, Math.max(part.indexOf('='), 0)).trim()));
  if (minted) kept.push(`${GUEST_COOKIE}=${encodeURIComponent(minted.value)}`);
  return kept.join('; ');
}
