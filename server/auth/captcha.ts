// The sign-in CAPTCHA, server side: a self-hosted ALTCHA v2 proof of work
// (altcha-lib; parameters and wire format in server/shared/captcha-protocol.ts). No
// third-party service and nothing stored until use: the challenge carries its
// own expiry and the email it is for, under an HMAC signature. Web Crypto
// only, so it runs in the Node and the edge runtime alike.
//
// Stateless, so verifying alone does not stop replays: the caller claims the
// returned `id` once (`SET tableside:captcha:<id> 1 NX EX 300`, see
// sign-in-guard.ts) and refuses a payload whose id was already claimed.
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { z } from 'zod';
import {
  fromBase64Url,
  MAX_CAPTCHA_PAYLOAD_LENGTH,
  SIGN_IN_CAPTCHA,
  type CaptchaChallenge,
} from '../shared/captcha-protocol';
import { normalizeEmail } from '../shared/email';

export type { CaptchaChallenge };

export type CaptchaVerification =
  | { ok: true; id: string }
  | {
      ok: false;
      reason: 'missing' | 'malformed' | 'expired' | 'bad-signature' | 'wrong-answer' | 'other-email';
    };

const encoder = new TextEncoder();
const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));

// Only what createSignInChallenge issues, so that nothing else reaches the
// HMAC or a key derivation: lowercase hex of fixed lengths (one spelling per
// challenge, since the signature is the replay id), bounded cost, no extra keys.
const payloadSchema = z.strictObject({
  challenge: z.strictObject({
    parameters: z.strictObject({
      algorithm: z.literal(SIGN_IN_CAPTCHA.algorithm),
      cost: z
        .int()
        .min(1)
        .max(SIGN_IN_CAPTCHA.cost * 4),
      data: z.strictObject({ email: hex(64) }),
      expiresAt: z.int().positive(),
      keyLength: z.literal(SIGN_IN_CAPTCHA.keyLength),
      keyPrefix: hex(SIGN_IN_CAPTCHA.keyLength),
      nonce: hex(32),
      salt: hex(32),
    }),
    signature: hex(64),
  }),
  solution: z.strictObject({
    counter: z.int().min(0).max(0xffff_ffff),
    derivedKey: hex(SIGN_IN_CAPTCHA.keyLength * 2),
  }),
});

type Keys = { signature: string; email: CryptoKey };
let cachedKeys: { secret: string; keys: Promise<Keys> } | null = null;

async function hmacKey(secret: Uint8Array | string): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function hmacHex(key: CryptoKey, message: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Keys of their own, derived from NEXTAUTH_SECRET with a label each, so a
 * CAPTCHA signature is never a MAC under the session secret itself.
 */
function keysFor(secret: string): Promise<Keys> {
  if (!secret) throw new Error('CAPTCHA secret must not be empty');
  if (cachedKeys?.secret !== secret) {
    const keys = (async () => {
      const root = await hmacKey(secret);
      return {
        signature: await hmacHex(root, 'tableside/captcha/v2/signature'),
        email: await hmacKey(await hmacHex(root, 'tableside/captcha/v2/email')),
      };
    })();
    cachedKeys = { secret, keys };
  }
  return cachedKeys.keys;
}

/** Keyed, so a challenge seen in a log or a proxy does not give the email away. */
function emailTag(keys: Keys, email: string): Promise<string> {
  return hmacHex(keys.email, normalizeEmail(email));
}

/**
 * The challenge for one sign-in attempt of `email`, valid 5 minutes from
 * `now` (epoch ms). Costs the server one key derivation (~2 ms, off the event
 * loop in Node).
 */
export async function createSignInChallenge(options: {
  secret: string;
  email: string;
  now?: number;
}): Promise<CaptchaChallenge> {
  const { secret, email, now = Date.now() } = options;
  const keys = await keysFor(secret);
  return createChallenge({
    algorithm: SIGN_IN_CAPTCHA.algorithm,
    cost: SIGN_IN_CAPTCHA.cost,
    keyLength: SIGN_IN_CAPTCHA.keyLength,
    counter: randomInt(SIGN_IN_CAPTCHA.counterMax, SIGN_IN_CAPTCHA.counterMin),
    deriveKey,
    expiresAt: Math.floor(now / 1000) + SIGN_IN_CAPTCHA.ttlSeconds,
    data: { email: await emailTag(keys, email) },
    hmacSignatureSecret: keys.signature,
  });
}

/** Thrown from inside verifySolution: the signature held, the email did not. */
class OtherEmail extends Error {}

/**
 * Checks the `captcha` form field sent with a sign-in of `email`. Cheapest
 * refusals first: size and shape, expiry (by `now`, epoch ms), signature,
 * email; only then one key derivation, which also checks the counter. On
 * success, `id` (the challenge signature: one per challenge) is what the
 * caller must accept only once.
 */
export async function verifySignInCaptcha(options: {
  secret: string;
  email: string;
  payload: string | null | undefined;
  now?: number;
}): Promise<CaptchaVerification> {
  const { secret, email, payload, now = Date.now() } = options;
  if (!payload) return { ok: false, reason: 'missing' };
  if (payload.length > MAX_CAPTCHA_PAYLOAD_LENGTH) return { ok: false, reason: 'malformed' };
  let parsed: z.infer<typeof payloadSchema>;
  try {
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(payload)));
    const result = payloadSchema.safeParse(json);
    if (!result.success) return { ok: false, reason: 'malformed' };
    parsed = result.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { challenge, solution } = parsed;

  // Trusting expiresAt before the signature is checked is fine: a later
  // expiry written in fails the signature below.
  if (now >= challenge.parameters.expiresAt * 1000) return { ok: false, reason: 'expired' };

  const keys = await keysFor(secret);
  const expectedEmail = await emailTag(keys, email);
  try {
    const result = await verifySolution({
      challenge,
      solution,
      hmacSignatureSecret: keys.signature,
      // Reached only once the signature held: refuse another email's
      // challenge before paying for its derivation.
      deriveKey: (parameters, salt, password) => {
        if (!timingSafeEqual(parameters.data?.email, expectedEmail)) throw new OtherEmail();
        return deriveKey(parameters, salt, password);
      },
    });
    if (result.verified) return { ok: true, id: challenge.signature };
    // altcha-lib checks expiry by the real clock too.
    if (result.expired) return { ok: false, reason: 'expired' };
    if (result.invalidSignature) return { ok: false, reason: 'bad-signature' };
    return { ok: false, reason: 'wrong-answer' };
  } catch (error) {
    if (error instanceof OtherEmail) return { ok: false, reason: 'other-email' };
    throw error;
  }
}

function timingSafeEqual(a: unknown, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
