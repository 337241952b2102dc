// Self-hosted proof-of-work CAPTCHA in the style of ALTCHA: no third-party
// service, works offline. The server hands out a signed challenge, the browser
// brute-forces the secret number (lib/captcha/solve.ts), the server checks the
// answer without having stored anything. Web Crypto only, so the same code
// runs in the Node and the edge runtime.
import { z } from 'zod';
import {
  bytesToHex,
  encodeCaptchaSolution,
  hashCaptchaAttempt,
  type CaptchaChallenge,
  type CaptchaSolution,
} from '../../lib/captcha/solve';

export type { CaptchaChallenge, CaptchaSolution };
export { encodeCaptchaSolution };

// About 50k SHA-256 on average: well under ~2 s on a phone.
const DEFAULT_MAX_NUMBER = 100_000;
const DEFAULT_TTL_SECONDS = 300;
// A real payload is ~300 characters; refuse to base64-decode and parse more.
const MAX_PAYLOAD_LENGTH = 1024;

// The trailing `&` terminates the salt. Without it the digits of `number`
// could be moved into `expires` while hashing the very same string
// ("…expires=1700000000" + "12345" = "…expires=170000000012" + "345"), turning
// a solved challenge into one that never expires: ALTCHA's challenge-splicing
// advisory (2025). Anchoring on it makes the split between salt and number unique.
const SALT_PATTERN = /^[0-9a-f]{24}\?expires=(\d{1,12})&$/;
// Lowercase only: `signature` doubles as the replay id, so one challenge must
// have exactly one accepted spelling.
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const solutionSchema = z.object({
  algorithm: z.literal('SHA-256'),
  salt: z.string().regex(SALT_PATTERN),
  challenge: z.string().regex(HEX_SHA256),
  number: z.int().nonnegative(),
  signature: z.string().regex(HEX_SHA256),
});

export type CaptchaVerification =
  | { ok: true; id: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'bad-signature' | 'wrong-answer' };

const encoder = new TextEncoder();

async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  if (!secret) throw new Error('CAPTCHA secret must not be empty');
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

// No early exit, so the time taken does not reveal how many leading bytes of
// a forged signature were right.
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

// Uniform in [0, max]: rejection sampling, because `random % (max + 1)` would
// favour small numbers and make the search slightly cheaper than advertised.
function randomIntInclusive(max: number): number {
  const range = max + 1;
  const limit = 2 ** 32 - (2 ** 32 % range);
  const buffer = new Uint32Array(1);
  for (;;) {
    const value = crypto.getRandomValues(buffer)[0]!;
    if (value < limit) return value % range;
  }
}

/** `now` returns epoch milliseconds, like Date.now. */
export async function createCaptchaChallenge(
  secret: string,
  opts: { maxNumber?: number; ttlSeconds?: number; now?: () => number } = {},
): Promise<CaptchaChallenge> {
  const maxNumber = opts.maxNumber ?? DEFAULT_MAX_NUMBER;
  const ttlSeconds = opts.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(maxNumber) || maxNumber < 1 || maxNumber > 2 ** 32 - 1) {
    throw new RangeError('CAPTCHA maxNumber must be an integer in [1, 2^32 - 1]');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new RangeError('CAPTCHA ttlSeconds must be >= 1');

  const expires = Math.floor((opts.now ?? Date.now)() / 1000) + ttlSeconds;
  // The expiry rides in the salt (as in ALTCHA): the salt is bound by the
  // hash, the hash by the signature, so nothing needs storing until use.
  const salt = `${bytesToHex(crypto.getRandomValues(new Uint8Array(12)))}?expires=${expires}&`;
  const challenge = await hashCaptchaAttempt(salt, randomIntInclusive(maxNumber));
  const signature = bytesToHex(await hmacSha256(secret, challenge));
  return { algorithm: 'SHA-256', salt, challenge, maxNumber, signature };
}

export function decodeCaptchaSolution(payload: string): CaptchaSolution | null {
  if (payload.length > MAX_PAYLOAD_LENGTH) return null;
  try {
    const bytes = Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const parsed = solutionSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks a solved challenge: not expired, signed by us, and the number really
 * hashes to the challenge. `now` returns epoch milliseconds, like Date.now.
 *
 * Stateless, so on its own it does NOT stop replays: a solved payload stays
 * valid until it expires. Callers must treat `id` (the challenge signature) as
 * single-use: `SET captcha:<id> 1 NX EX <ttlSeconds>` in Redis (300 s by
 * default: the key need not outlive the challenge) and reject when SET NX
 * reports the key already existed.
 */
export async function verifyCaptchaSolution(
  secret: string,
  payload: string | null | undefined,
  opts: { now?: () => number } = {},
): Promise<CaptchaVerification> {
  if (!payload) return { ok: false, reason: 'missing' };
  const solution = decodeCaptchaSolution(payload);
  if (!solution) return { ok: false, reason: 'malformed' };

  // Cheap check first. Trusting `expires` before the answer is checked is
  // fine: a forged salt cannot pass the hash check below.
  const expires = Number(SALT_PATTERN.exec(solution.salt)![1]);
  if ((opts.now ?? Date.now)() > expires * 1000) return { ok: false, reason: 'expired' };

  const expected = await hmacSha256(secret, solution.challenge);
  if (!timingSafeEqual(expected, hexToBytes(solution.signature))) return { ok: false, reason: 'bad-signature' };

  // `challenge` is public, so a plain comparison leaks nothing here.
  if ((await hashCaptchaAttempt(solution.salt, solution.number)) !== solution.challenge) {
    return { ok: false, reason: 'wrong-answer' };
  }
  return { ok: true, id: solution.signature };
}
