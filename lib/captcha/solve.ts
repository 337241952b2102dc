// Browser side of the proof-of-work CAPTCHA (ALTCHA-style), plus the few
// pieces the server shares with it: the wire types, the payload encoding and
// the exact bytes that get hashed. They live here, not in server/, so the
// client bundle never pulls in server code; server/auth/captcha.ts imports
// them from here. Web Crypto only, so it also runs in Node for tests.

export type CaptchaChallenge = {
  algorithm: 'SHA-256';
  salt: string;
  challenge: string;
  maxNumber: number;
  signature: string;
};

export type CaptchaSolution = {
  algorithm: 'SHA-256';
  salt: string;
  challenge: string;
  number: number;
  signature: string;
};

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}

// The one definition of what is hashed, so solver and verifier cannot drift.
export async function hashCaptchaAttempt(salt: string, number: number): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(salt + String(number)));
  return bytesToHex(new Uint8Array(digest));
}

// Base64 of JSON, like ALTCHA's payload. Goes through UTF-8 because btoa only
// takes Latin-1 and would throw on anything else.
export function encodeCaptchaSolution(solution: CaptchaSolution): string {
  let binary = '';
  for (const byte of encoder.encode(JSON.stringify(solution))) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// Enough tries per round to amortise the yield, few enough that one round
// stays far below a frame budget's worth of blocking.
const CHUNK = 1000;

export async function solveCaptcha(challenge: CaptchaChallenge, signal?: AbortSignal): Promise<string> {
  const { algorithm, salt, maxNumber, signature } = challenge;
  if (!Number.isSafeInteger(maxNumber) || maxNumber < 0) throw new RangeError('Invalid CAPTCHA maxNumber');

  for (let start = 0; start <= maxNumber; start += CHUNK) {
    signal?.throwIfAborted();
    const count = Math.min(CHUNK, maxNumber - start + 1);
    // Each digest is its own async round-trip (in Node, a thread-pool job);
    // issuing a chunk at once overlaps them instead of paying for each in turn.
    const hashes = await Promise.all(Array.from({ length: count }, (_, i) => hashCaptchaAttempt(salt, start + i)));
    const found = hashes.indexOf(challenge.challenge);
    if (found !== -1) {
      return encodeCaptchaSolution({
        algorithm,
        salt,
        challenge: challenge.challenge,
        number: start + found,
        signature,
      });
    }
    // Let the page paint and handle input between chunks.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('CAPTCHA challenge has no solution up to maxNumber');
}
