// Where staff may be sent after signing in or out: only paths of our own
// origin. A callback URL is parsed as a URL against the origin, the way a
// browser will resolve it, so spellings such as `/\evil.example`,
// `//evil.example`, `/%5Cevil.example` or `javascript:` never leave the site.
// Edge-safe (middleware sanitises next-auth's callback cookie with it).

export const DEFAULT_STAFF_PATH = '/admin';
const MAX_CALLBACK_LENGTH = 2048;

/** The same-origin path (with query and hash) `raw` resolves to, or null when it leaves `origin`. */
export function sameOriginPath(raw: string | null | undefined, origin: string): string | null {
  if (!raw || raw.length > MAX_CALLBACK_LENGTH) return null;
  // Browsers treat "\" as "/" in http(s) URLs and drop tabs and newlines.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path starting with "//" would be read as another host if used as a relative URL again.
  return path.startsWith('//') ? null : path;
}

export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  return sameOriginPath(raw, origin) ?? DEFAULT_STAFF_PATH;
}

/** next-auth's redirect callback: an absolute URL on our origin, whatever it is given; never throws. */
export function safeRedirect(url: string, baseUrl: string): string {
  return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
}
