// Who a request is, for limits, blocks and audit. Edge-safe (no Node APIs).
//
// Client IP rule (SPEC §4): serve.mjs appends the address of the socket's
// peer to X-Forwarded-For, always; in front of it production runs
// TRUSTED_PROXY_HOPS proxies that each append the address they received the
// request from. So the client is the entry TRUSTED_PROXY_HOPS places left of
// the rightmost one (0: the socket itself). Anything further left was
// written by the client and is ignored: it can never move it to another bucket.
//
// Identity rule (SPEC §4): the signed-in user, else a valid signed guest
// cookie, else the client's address. Guests behind one venue's Wi-Fi each
// count on their own; the address is a ceiling (`global-ip`) for everyone.
import { normalizeEmail } from '../shared/email';

export const UNKNOWN_IP = 'unknown';

export function clientIpFrom(forwardedFor: string | null | undefined, trustedHops: number): string {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return UNKNOWN_IP;
  const index = entries.length - 1 - trustedHops;
  // Fewer entries than proxies: the request did not come through all of
  // them. The socket's peer is then the one address nobody could write.
  return normalizeIp(entries[index >= 0 ? index : entries.length - 1]!);
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
  // A bucket name is a Redis key part and a log field: keep it short and plain.
  return /^[0-9a-f:.]{1,45}$/i.test(ip) ? ip.toLowerCase() : UNKNOWN_IP;
}

/** `login-failures` and its blocks count one email from one address (an IP bucket). */
export function ipEmailKey(bucket: string, email: string): string {
  return `${bucket}|${normalizeEmail(email)}`;
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

// Identities and block subjects ------------------------------------------------

/**
 * A subject is what limits count and blocks fall on:
 * - `user:<id>`, `guest:<id>`: an identity;
 * - `ip:<bucket>`: the identity of requests without a valid cookie from that
 *   address (blocking it leaves the guests there who have one alone), and the
 *   subject of the IP-keyed policies (`global-ip`, `guest-new`, `login`, `register`);
 * - `net:<bucket>`: everything from that address, by an operator's decision.
 */
export type Identity = { kind: 'user' | 'guest' | 'ip'; id: string; subject: string };

export function identityOf(who: { userId?: string | null; guestId?: string | null; ipBucket: string }): Identity {
  if (who.userId) return { kind: 'user', id: who.userId, subject: `user:${who.userId}` };
  if (who.guestId) return { kind: 'guest', id: who.guestId, subject: `guest:${who.guestId}` };
  return { kind: 'ip', id: who.ipBucket, subject: `ip:${who.ipBucket}` };
}

export const ipSubject = (bucket: string) => `ip:${bucket}`;
export const networkSubject = (bucket: string) => `net:${bucket}`;

/**
 * The blocks a request must pass: its identity's and its address's operator
 * block; `ipKeyed` endpoints (sign-in, sign-up, minting a guest id) also pass
 * the address's own, whatever cookie the client shows.
 */
export function blockSubjectsFor(identity: Identity, bucket: string, opts: { ipKeyed?: boolean } = {}): string[] {
  const subjects = [identity.subject, networkSubject(bucket)];
  if (opts.ipKeyed && identity.kind !== 'ip') subjects.push(ipSubject(bucket));
  return subjects;
}
