// Who a request is, for limits and audit. Edge-safe (no Node APIs).
//
// Client IP rule (SPEC §4): production sits behind TRUSTED_PROXY_HOPS proxies
// that each append the address they received the request from to
// X-Forwarded-For. The entry that many places from the right is the client as
// seen by our outermost trusted proxy; anything further left was written by
// the client and is ignored, so it can never move the client to another bucket.

export const UNKNOWN_IP = 'unknown';

export function clientIpFrom(forwardedFor: string | null | undefined, trustedHops: number): string {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return UNKNOWN_IP;
  // With 0 trusted hops nobody vouches for the header; the rightmost entry is
  // the one Next.js itself wrote from the socket when the client sent none.
  const index = entries.length - Math.max(trustedHops, 1);
  // Fewer entries than proxies: the request skipped a proxy; take the
  // leftmost, which is still closer to the socket than nothing.
  return normalizeIp(entries[Math.max(index, 0)]!);
}

function normalizeIp(raw: string): string {
  let ip = raw;
  // "[2001:db8::1]:443" and "203.0.113.7:51234" carry ports.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  // IPv4-mapped IPv6 is the same client as its IPv4 form.
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  return ip.toLowerCase();
}

/** `login-failures` and its blocks count one email from one address (an IP bucket). */
export function ipEmailKey(bucket: string, email: string): string {
  return `${bucket}|${email.trim().toLowerCase()}`;
}

/**
 * The address a limit is keyed by. IPv6 hosts usually hold a whole /64 (often
 * a /56), so keying by full address would let one host rotate through its own
 * block; IPv6 is keyed by its /56 prefix. IPv4 stays as it is.
 */
export function ipBucket(ip: string): string {
  if (!ip.includes(':')) return ip;
  const groups = expandIpv6(ip);
  if (!groups) return ip;
  return `${groups.slice(0, 3).join(':')}:${groups[3]!.slice(0, 2)}00::/56`;
}

function expandIpv6(ip: string): string[] | null {
  const [head, tail, extra] = ip.split('::');
  if (extra !== undefined) return null;
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => g.toLowerCase().padStart(4, '0'));
}
