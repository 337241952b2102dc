import { describe, expect, it } from 'vitest';
import { solveCaptcha } from '../../lib/captcha/solve';
import {
  createCaptchaChallenge,
  decodeCaptchaSolution,
  encodeCaptchaSolution,
  verifyCaptchaSolution,
  type CaptchaSolution,
} from './captcha';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const SMALL = { maxNumber: 2000 };

async function solved(opts: { maxNumber?: number; now?: () => number } = SMALL) {
  const challenge = await createCaptchaChallenge(SECRET, opts);
  const payload = await solveCaptcha(challenge);
  return { challenge, payload, solution: decodeCaptchaSolution(payload)! };
}

function withChanges(solution: CaptchaSolution, changes: Partial<CaptchaSolution>): string {
  return encodeCaptchaSolution({ ...solution, ...changes });
}

// Changes one hex digit, keeping the string well-formed.
function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

describe('proof-of-work CAPTCHA', () => {
  it('issues a challenge with the expiry in the salt', async () => {
    const now = Date.UTC(2030, 0, 1);
    const challenge = await createCaptchaChallenge(SECRET, { now: () => now });
    expect(challenge).toMatchObject({ algorithm: 'SHA-256', maxNumber: 100_000 });
    expect(challenge.salt).toMatch(new RegExp(`^[0-9a-f]{24}\\?expires=${now / 1000 + 300}&$`));
    expect(challenge.challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a solved challenge, with the signature as its replay id', async () => {
    const { challenge, payload } = await solved();
    expect(await verifyCaptchaSolution(SECRET, payload)).toEqual({ ok: true, id: challenge.signature });
  });

  it('solves and verifies at the default difficulty', async () => {
    const { payload } = await solved({});
    expect(await verifyCaptchaSolution(SECRET, payload)).toMatchObject({ ok: true });
  });

  it('rejects a tampered number as a wrong answer', async () => {
    const { solution } = await solved();
    const payload = withChanges(solution, { number: solution.number + 1 });
    expect(await verifyCaptchaSolution(SECRET, payload)).toEqual({ ok: false, reason: 'wrong-answer' });
  });

  it('rejects a tampered challenge or signature as a bad signature', async () => {
    const { solution } = await solved();
    for (const changes of [{ challenge: flipHex(solution.challenge) }, { signature: flipHex(solution.signature) }]) {
      expect(await verifyCaptchaSolution(SECRET, withChanges(solution, changes))).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('rejects a challenge signed with another secret', async () => {
    const { payload } = await solved();
    expect(await verifyCaptchaSolution('another-secret', payload)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a solution once its challenge has expired', async () => {
    const issuedAt = Date.UTC(2030, 0, 1);
    const { payload } = await solved({ ...SMALL, now: () => issuedAt });
    const at = (ms: number) => verifyCaptchaSolution(SECRET, payload, { now: () => issuedAt + ms });
    expect(await at(299_000)).toMatchObject({ ok: true });
    expect(await at(301_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a later expiry written into the salt', async () => {
    const { solution } = await solved();
    const salt = solution.salt.replace(/expires=\d+/, 'expires=99999999999');
    expect(await verifyCaptchaSolution(SECRET, withChanges(solution, { salt }))).toEqual({
      ok: false,
      reason: 'wrong-answer',
    });
  });

  it('rejects digits spliced from the number into the salt', async () => {
    let solution: CaptchaSolution;
    do solution = (await solved()).solution;
    while (solution.number < 10);
    // Same hashed string, different split: salt + "1", number without its first digit.
    const digits = String(solution.number);
    const spliced = withChanges(solution, { salt: solution.salt + digits[0], number: Number(digits.slice(1)) });
    expect(await verifyCaptchaSolution(SECRET, spliced)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects garbage as malformed and nothing as missing', async () => {
    for (const payload of ['not base64!', btoa('{"algorithm":"SHA-256"}'), btoa('[]'), 'A'.repeat(5000)]) {
      expect(await verifyCaptchaSolution(SECRET, payload)).toEqual({ ok: false, reason: 'malformed' });
    }
    for (const payload of [undefined, null, '']) {
      expect(await verifyCaptchaSolution(SECRET, payload)).toEqual({ ok: false, reason: 'missing' });
    }
  });

  it('stops when aborted and fails when no number up to maxNumber matches', async () => {
    const challenge = await createCaptchaChallenge(SECRET, SMALL);
    await expect(solveCaptcha(challenge, AbortSignal.abort())).rejects.toThrow(/abort/i);
    await expect(solveCaptcha({ ...challenge, challenge: '0'.repeat(64) })).rejects.toThrow(/no solution/);
  });
});
