// Request guards that need no Redis (SPEC §4): size and shape limits, the
// paths the global limits skip, and the /admin IP allowlist. Edge-safe.

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Stripe's events are a few KB; a Checkout Session with many lines stays far below this. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
export const MAX_QUERY_PARAMETERS = 50;
/** Route handlers and procedures give up after this long. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Never counted by `global` / `global-burst`: probes, build assets, public files, uploaded images. */
export const GLOBAL_EXCLUDED_PREFIXES = [
  '/api/health',
  '/api/metrics',
  '/_next/static',
  '/_next/image',
  '/favicon.ico',
  '/robots.txt',
  '/api/images/',
];

/**
 * Exactly these paths, nothing under them: Stripe's webhook (signed, its body
 * bounded by its route; Stripe's retries come from a handful of addresses).
 * Anything else under it is an ordinary, limited request.
 */
export const GLOBAL_EXCLUDED_PATHS = ['/api/stripe/webhook'];
const PUBLIC_FILE = /^\/[^/]+\.(?:svg|png|jpe?g|webp|gif|ico|txt|xml|webmanifest)$/i;

/** `pathname` as requested (not lower-cased or collapsed): an exclusion must not match more than its own route. */
export function isExcludedFromGlobal(pathname: string): boolean {
  return (
    PUBLIC_FILE.test(pathname) ||
    GLOBAL_EXCLUDED_PATHS.includes(pathname) ||
    GLOBAL_EXCLUDED_PREFIXES.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`))
  );
}

export type GuardRefusal = { status: 400 | 403 | 413; error: string; message: string };

export function checkRequestShape(contentLength: string | null, url: URL): GuardRefusal | null {
  const length = Number(contentLength ?? 0);
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) {
    return {
      status: 413,
      error: 'payload_too_large',
      message: `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
    };
  }
  let parameters = 0;
  for (const _ of url.searchParams.keys()) parameters++;
  if (parameters > MAX_QUERY_PARAMETERS) {
    return {
      status: 400,
      error: 'too_many_parameters',
      message: `The query has ${parameters} parameters; at most ${MAX_QUERY_PARAMETERS} are accepted.`,
    };
  }
  return null;
}

export const STAFF_NETWORK_MESSAGE = 'The staff console is not available from this network.';

/** `ADMIN_IP_ALLOWLIST`: comma-separated addresses or IPv4 CIDR ranges; unset allows all. */
export function ipAllowed(ip: string, allowlist: string | undefined): boolean {
  if (!allowlist) return true;
  return allowlist
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .some((entry) => (entry.includes('/') ? inIpv4Range(ip, entry) : entry === ip));
}

function ipv4ToNumber(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inIpv4Range(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const address = ipv4ToNumber(ip);
  const network = ipv4ToNumber(base ?? '');
  if (address === null || network === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(network / size);
}
