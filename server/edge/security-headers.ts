// Security headers on every response (SPEC §4 request guards). The static
// ones are also set by next.config.ts for what middleware does not see (build
// assets, public files); the Content-Security-Policy carries a per-request
// nonce, which Next puts on its own scripts, so no inline script runs
// without one. Edge-safe.

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(self), usb=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Build assets (scripts, the CAPTCHA's Web Worker among them): a dedicated
 * worker runs under the policy of its own script's response, so it gets one
 * without eval. On an ordinary script the header is ignored.
 */
export const ASSET_CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; object-src 'none'";

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * `'strict-dynamic'`: scripts the nonced ones load (Next's chunks) may run,
 * nothing else. Styles allow inline attributes (React `style={…}`), which
 * cannot run code. Development adds what Next's dev server needs (eval for
 * fast refresh, a websocket).
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    `worker-src 'self' blob:`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}
