// The guest id cookie: a random id plus an HMAC, so a guest cannot pick
// another guest's id. Web Crypto only, because the edge middleware issues it
// and the Node tRPC context reads it.

export const GUEST_COOKIE = 'tableside_guest';
export const GUEST_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 365;

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    // Domain-separated from next-auth's own use of the same secret.
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(`tableside-guest:${secret}`),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    keyCache.set(secret, key);
  }
  return key;
}

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of array) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function signature(guestId: string, secret: string): Promise<string> {
  return base64url(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(guestId)));
}

export function newGuestId(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(18)));
}

export async function signGuestId(guestId: string, secret: string): Promise<string> {
  return `${guestId}.${await signature(guestId, secret)}`;
}

/** The guest id when the cookie value is intact, otherwise null. */
export async function verifyGuestCookie(value: string | undefined, secret: string): Promise<string | null> {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const guestId = value.slice(0, dot);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(guestId)) return null;
  const expected = await signature(guestId, secret);
  const given = value.slice(dot + 1);
  if (given.length !== expected.length) return null;
  let diff = 0;
  for (let i = 0; i < given.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0 ? guestId : null;
}

/**
 * Cookies carry `Secure` when the app's public URL is https (NEXTAUTH_URL);
 * without one, when this request came over https.
 */
export function secureCookies(publicUrl: string | undefined, requestProtocol?: string): boolean {
  return publicUrl ? publicUrl.startsWith('https:') : requestProtocol === 'https:';
}

export type GuestCookie = {
  name: typeof GUEST_COOKIE;
  value: string;
  path: '/';
  maxAge: number;
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
};

/** A new guest's id and the cookie that carries it: one set of attributes, whoever issues it. */
export async function issueGuestCookie(
  secret: string,
  secure: boolean,
): Promise<{ guestId: string; cookie: GuestCookie }> {
  const guestId = newGuestId();
  return {
    guestId,
    cookie: {
      name: GUEST_COOKIE,
      value: await signGuestId(guestId, secret),
      path: '/',
      maxAge: GUEST_COOKIE_MAX_AGE_SECONDS,
      httpOnly: true,
      sameSite: 'lax',
      secure,
    },
  };
}

/** The cookie as a `Set-Cookie` header value. */
export function setCookieHeader(cookie: GuestCookie): string {
  return `${cookie.name}=${encodeURIComponent(cookie.value)}; Path=${cookie.path}; Max-Age=${cookie.maxAge}; HttpOnly; SameSite=Lax${
    cookie.secure ? '; Secure' : ''
  }`;
}

/**
 * The guest cookie's value from a Cookie header, forgivingly: a malformed
 * value (say `%`) is no cookie, never an exception. Verify it before use.
 */
export function guestCookieValue(headers: Headers): string | undefined {
  const cookie = headers.get('cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === GUEST_COOKIE) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
