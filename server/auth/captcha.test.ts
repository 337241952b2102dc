import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  encodeCaptchaPayload,
  fromBase64Url,
  MAX_CAPTCHA_PAYLOAD_LENGTH,
  SIGN_IN_CAPTCHA,
  type CaptchaChallenge,
  type CaptchaSolution,
} from '../shared/captcha-protocol';
import { CaptchaSolveError, solveCaptcha } from '../../lib/captcha/solve';
import { createSignInChallenge, verifySignInCaptcha } from './captcha';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const EMAIL = 'owner@demo-bistro.test';

type Payload = { challenge: CaptchaChallenge; solution: CaptchaSolution };
const decode = (payload: string): Payload => JSON.parse(new TextDecoder().decode(fromBase64Url(payload))) as Payload;
const encode = ({ challenge, solution }: Payload): string => encodeCaptchaPayload(challenge, solution);
const toBase64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const verify = (
  payload: string | null | undefined,
  overrides: { secret?: string; email?: string; now?: number } = {},
) => verifySignInCaptcha({ secret: SECRET, email: EMAIL, payload, ...overrides });

async function hmacHex(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return Buffer.from(await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(message))).toString('hex');
}

// Verification is stateless: one challenge solved at the real difficulty
// serves every test that tampers with it.
let issuedAt: number;
let challenge: CaptchaChallenge;
let payload: string;
let solveMs: number;
beforeAll(async () => {
  issuedAt = Date.now();
  challenge = await createSignInChallenge({ secret: SECRET, email: EMAIL, now: issuedAt });
  const started = performance.now();
  payload = await solveCaptcha(challenge);
  solveMs = performance.now() - started;
});

afterEach(() => vi.restoreAllMocks());

describe('sign-in CAPTCHA: issuing', () => {
  it('issues a signed PBKDF2/SHA-256 challenge that expires in 5 minutes', async () => {
    const now = Date.UTC(2030, 0, 1);
    const issued = await createSignInChallenge({ secret: SECRET, email: EMAIL, now });
    expect(issued.parameters).toMatchObject({
      algorithm: 'PBKDF2/SHA-256',
      cost: SIGN_IN_CAPTCHA.cost,
      keyLength: 32,
      expiresAt: now / 1000 + 300,
    });
    expect(issued.parameters.keyPrefix).toMatch(/^[0-9a-f]{32}$/);
    expect(issued.signature).toMatch(/^[0-9a-f]{64}$/);
    // Deterministic mode without a key signature: the answer is nowhere in the challenge.
    expect(issued.parameters.keySignature).toBeUndefined();
  });

  it('signs with a key derived from the secret under its own label, never the secret itself', async () => {
    const signed = JSON.stringify(
      Object.fromEntries(Object.entries(challenge.parameters).sort(([a], [b]) => a.localeCompare(b))),
    );
    const derived = await hmacHex(SECRET, 'tableside/captcha/v2/signature');
    expect(challenge.signature).toBe(await hmacHex(derived, signed));
    expect(challenge.signature).not.toBe(await hmacHex(SECRET, signed));
  });

  it('carries a keyed hash of the normalised email, not the email nor its plain hash', async () => {
    const tag = challenge.parameters.data?.email;
    expect(tag).toMatch(/^[0-9a-f]{64}$/);
    const plain = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(EMAIL))).toString('hex');
    expect(tag).not.toBe(plain);
    expect(JSON.stringify(challenge)).not.toContain('demo-bistro');
    const spelledOtherwise = await createSignInChallenge({ secret: SECRET, email: '  Owner@Demo-Bistro.TEST ' });
    expect(spelledOtherwise.parameters.data?.email).toBe(tag);
  });
});

describe('sign-in CAPTCHA: verifying', () => {
  it('solves in Node and verifies at the real difficulty, with the challenge signature as replay id', async () => {
    console.info(`solved ${SIGN_IN_CAPTCHA.algorithm} (cost ${SIGN_IN_CAPTCHA.cost}) in ${solveMs.toFixed(0)} ms`);
    expect(payload.length).toBeLessThan(MAX_CAPTCHA_PAYLOAD_LENGTH);
    const { solution } = decode(payload);
    expect(solution.counter).toBeGreaterThanOrEqual(SIGN_IN_CAPTCHA.counterMin);
    expect(solution.counter).toBeLessThanOrEqual(SIGN_IN_CAPTCHA.counterMax);
    expect(await verify(payload)).toEqual({ ok: true, id: challenge.signature });
  });

  it('accepts the email however it is spelled (trimmed, any case)', async () => {
    expect(await verify(payload, { email: ' OWNER@demo-bistro.test' })).toMatchObject({ ok: true });
  });

  it('refuses a challenge solved for another email', async () => {
    expect(await verify(payload, { email: 'owner@sakura.test' })).toEqual({ ok: false, reason: 'other-email' });
  });

  it('refuses a tampered counter or derived key as a wrong answer', async () => {
    const solved = decode(payload);
    const counter = { ...solved, solution: { ...solved.solution, counter: solved.solution.counter + 1 } };
    const key = solved.solution.derivedKey;
    const derivedKey = {
      ...solved,
      solution: { ...solved.solution, derivedKey: (key[0] === '0' ? '1' : '0') + key.slice(1) },
    };
    expect(await verify(encode(counter))).toEqual({ ok: false, reason: 'wrong-answer' });
    expect(await verify(encode(derivedKey))).toEqual({ ok: false, reason: 'wrong-answer' });
  });

  it('refuses a tampered signature, signed data or parameters as a bad signature', async () => {
    const solved = decode(payload);
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const withParameters = (changes: Partial<CaptchaChallenge['parameters']>): Payload => ({
      ...solved,
      challenge: { ...solved.challenge, parameters: { ...solved.challenge.parameters, ...changes } },
    });
    const tampered: Payload[] = [
      { ...solved, challenge: { ...solved.challenge, signature: flip(solved.challenge.signature!) } },
      // Another email's tag written in: the signature fails before the email is compared.
      withParameters({ data: { email: flip(solved.challenge.parameters.data!.email as string) } }),
      withParameters({ expiresAt: solved.challenge.parameters.expiresAt! + 3600 }),
      withParameters({ cost: 1 }),
      withParameters({ keyPrefix: flip(solved.challenge.parameters.keyPrefix) }),
    ];
    for (const changed of tampered) {
      expect(await verify(encode(changed))).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses a challenge signed under another secret', async () => {
    expect(await verify(payload, { secret: 'another-secret' })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a solution once its challenge has expired (by the injected clock)', async () => {
    expect(await verify(payload, { now: issuedAt + 299_000 })).toMatchObject({ ok: true });
    expect(await verify(payload, { now: issuedAt + 300_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(await verify(payload, { now: issuedAt + 3_600_000 })).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed and oversized payloads as malformed, and nothing as missing', async () => {
    const solved = decode(payload);
    const malformed = [
      'not base64url!',
      payload + '=',
      toBase64Url('not json'),
      toBase64Url('[]'),
      toBase64Url('{"challenge":{}}'),
      Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url'),
      // Upper-case hex would be a second spelling of one challenge (and of its replay id).
      encode({ ...solved, challenge: { ...solved.challenge, signature: solved.challenge.signature!.toUpperCase() } }),
      encode({ ...solved, solution: { ...solved.solution, counter: -1 } }),
      encode({
        ...solved,
        challenge: { ...solved.challenge, parameters: { ...solved.challenge.parameters, algorithm: 'SHA-256' } },
      }),
      toBase64Url(JSON.stringify({ ...solved, extra: 'x'.repeat(10) })),
      'A'.repeat(MAX_CAPTCHA_PAYLOAD_LENGTH + 1),
      'A'.repeat(1_000_000),
    ];
    for (const candidate of malformed) expect(await verify(candidate)).toEqual({ ok: false, reason: 'malformed' });
    for (const candidate of [undefined, null, '']) {
      expect(await verify(candidate)).toEqual({ ok: false, reason: 'missing' });
    }
  });

  it('refuses without deriving a key unless the challenge is ours, current and for this email', async () => {
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    await verify('A'.repeat(5000));
    await verify(payload, { now: issuedAt + 301_000 });
    await verify(payload, { secret: 'another-secret' });
    await verify(payload, { email: 'owner@sakura.test' });
    expect(deriveBits).not.toHaveBeenCalled();
    await verify(payload);
    expect(deriveBits).toHaveBeenCalledTimes(1);
  });
});

describe('sign-in CAPTCHA: solving in Node', () => {
  it('stops when aborted', async () => {
    await expect(solveCaptcha(challenge, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    const controller = new AbortController();
    const solving = solveCaptcha(challenge, { signal: controller.signal });
    controller.abort();
    await expect(solving).rejects.toThrow(/abort/i);
  });

  it('gives up with a timeout error', async () => {
    const solving = solveCaptcha(challenge, { timeoutMs: 1 });
    await expect(solving).rejects.toBeInstanceOf(CaptchaSolveError);
    await expect(solving).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('reports progress as attempts', async () => {
    const seen: number[] = [];
    await solveCaptcha(challenge, { onProgress: (attempts) => seen.push(attempts) });
    expect(seen[0]).toBe(1);
    // Both lanes count: the one that found it tried about half the counters up to the answer.
    expect(seen.at(-1)).toBeGreaterThanOrEqual(decode(payload).solution.counter / 2);
  });
});
