// The sign-in CAPTCHA's wire format, shared by the server (server/auth/captcha.ts)
// and the browser (lib/captcha/solve*.ts): an ALTCHA v2 key-derivation puzzle
// from `altcha-lib`. Pure: no server code, no secrets, so the client bundle
// may import it.
//
// Server → browser: the challenge JSON, `{ parameters, signature }`, in the
// 401 `captcha_required` answer. Browser → server: the `captcha` form field,
// base64url (no padding) of the JSON `{ challenge, solution }` (altcha-lib's
// `Payload` shape), about 690 characters.
import type { Challenge, Solution } from 'altcha-lib/types';

export type CaptchaChallenge = Challenge;
export type CaptchaSolution = Solution;

/**
 * PBKDF2/SHA-256 through Web Crypto: native in Node 20, the edge runtime and
 * every browser, so nothing runs as WebAssembly or evaluated code (the pages'
 * CSP has no 'unsafe-eval' nor 'wasm-unsafe-eval').
 *
 * Deterministic mode: the server derives the key at a random counter in
 * [counterMin, counterMax] and publishes half of it; the browser tries
 * counters from 0 up until its key starts with that half. So the work is
 * bounded (counter + 1 derivations), unlike a "key starts with 00" puzzle
 * whose solve time has an unbounded tail.
 *
 * Measured on the project's 2-core AMD EPYC VM while other builds ran on it
 * (load 3–10), Chromium 156 and Node 20.20:
 * - one derivation at cost 1000 / 5000: Chromium worker 0.21–0.30 / 0.83–1.2
 *   ms, Node 0.37 / 1.9 ms. Each attempt also pays a fixed ~0.1 ms async
 *   round trip, which a native attacker never pays: at cost 5000 it is < 10 %.
 * - whole solves in the app at cost 5000, counter in [300, 1300] (800 attempts
 *   on average), 50 solves, 1 worker: median 1.0–1.1 s, mean 1.08 s, p90
 *   1.5–1.7 s, max 2.5 s (1.35 ms an attempt under that load). 2 workers:
 *   median 1.7 s, mean 1.86 s: slower on 2 busy cores, and Web Crypto work
 *   from several workers was not reliably parallel in a micro-benchmark.
 * - Node, 20 solves: 1 lane mean 1.5 s (1.7 ms an attempt), 2 lanes 0.95 s.
 *
 * Chosen: cost 5000, counter in [250, 1150] (700 attempts on average).
 * Measured with it (load 6–12 on the 2 cores):
 * - Chromium, in the app, 1 worker, 36 solves: median 0.78 s, mean 0.83 s,
 *   p90 1.29 s, max 1.55 s (1.0–1.2 ms an attempt);
 * - Node, 20 solves: 2 lanes (solveCaptcha's default) mean 0.64 s, max 1.18 s;
 *   1 lane mean 0.88 s;
 * - server: creating 1.9–2.5 ms, verifying 2.6–3.1 ms (one derivation each,
 *   on Node's thread pool).
 * A mid-range phone (Cortex-A7x cores with SHA-2 instructions) is estimated,
 * not measured, at 2–3× Chromium's time here: 1.4–2.5 s on average, 2.3–4.1 s
 * at the worst counter (1150).
 *
 * Why a low floor: an attacker who knows the range starts at counterMin, so a
 * floor costs honest users time without costing attackers any; 250 only keeps
 * every challenge from being near-free for a naive solver.
 */
export const SIGN_IN_CAPTCHA = {
  algorithm: 'PBKDF2/SHA-256',
  cost: 5000,
  keyLength: 32,
  counterMin: 250,
  counterMax: 1150,
  ttlSeconds: 300,
} as const;

/** A real payload is ~690 characters; anything much longer is refused before it is decoded. */
export const MAX_CAPTCHA_PAYLOAD_LENGTH = 1500;

/** Gives up after this long: the challenge stays valid for 5 minutes, nobody waits that long. */
export const SOLVE_TIMEOUT_MS = 60_000;

export type CaptchaFailure = 'unsupported' | 'timeout' | 'failed';

export class CaptchaSolveError extends Error {
  constructor(
    readonly reason: CaptchaFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CaptchaSolveError';
  }
}

/** Progress of a solve for display: attempts against the largest counter a challenge can have. */
export function captchaProgressPercent(attempts: number): number {
  return Math.max(0, Math.min(99, Math.floor((100 * attempts) / (SIGN_IN_CAPTCHA.counterMax + 1))));
}

/** Cheap shape check of a challenge received from the server, before a browser spends work on it. */
export function isSignInChallenge(value: unknown): value is CaptchaChallenge {
  const parameters = (value as { parameters?: Partial<CaptchaChallenge['parameters']> } | null)?.parameters;
  return (
    typeof parameters === 'object' &&
    parameters !== null &&
    parameters.algorithm === SIGN_IN_CAPTCHA.algorithm &&
    Number.isInteger(parameters.cost) &&
    typeof parameters.nonce === 'string' &&
    typeof parameters.salt === 'string' &&
    typeof parameters.keyPrefix === 'string'
  );
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything but unpadded base64url. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new SyntaxError('Not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export function encodeCaptchaPayload(challenge: CaptchaChallenge, solution: CaptchaSolution): string {
  const payload = {
    challenge: { parameters: challenge.parameters, signature: challenge.signature },
    solution: { counter: solution.counter, derivedKey: solution.derivedKey },
  };
  return toBase64Url(new TextEncoder().encode(JSON.stringify(payload)));
}
