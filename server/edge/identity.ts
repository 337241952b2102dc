// Who is asking, at the edge (SPEC §4 "identity"): the signed-in user (a
// next-auth session token that decrypts with our secret), else a guest id
// cookie whose signature checks out (Web Crypto), else the client's address.
// Nothing a client can forge: a token or cookie that fails verification
// counts as none.
import { decode } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { GUEST_COOKIE, verifyGuestCookie } from '../guest/guest-cookie';
import { identityOf, type Identity } from '../ratelimit/keys';
import type { EdgeRequest } from './request';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export type Who = { identity: Identity; userId: string | null; guestId: string | null };

/** next-auth splits a large session token into `<name>.0`, `<name>.1`, … cookies. */
function sessionToken(request: NextRequest): string | null {
  for (const name of SESSION_COOKIES) {
    const whole = request.cookies.get(name)?.value;
    if (whole) return whole;
    const chunks = request.cookies
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    if (chunks.length) return chunks.map((c) => c.value).join('');
  }
  return null;
}

async function signedInUserId(request: NextRequest, secret: string): Promise<string | null> {
  const token = sessionToken(request);
  if (!token || token.length > 16_384) return null;
  try {
    const payload = await decode({ token, secret });
    return typeof payload?.sub === 'string' && payload.sub ? payload.sub : null;
  } catch {
    return null;
  }
}

export async function identify(request: NextRequest, req: EdgeRequest, secret: string): Promise<Who> {
  const [userId, guestId] = await Promise.all([
    signedInUserId(request, secret),
    verifyGuestCookie(request.cookies.get(GUEST_COOKIE)?.value, secret),
  ]);
  return { identity: identityOf({ userId, guestId, ipBucket: req.bucket }), userId, guestId };
}
