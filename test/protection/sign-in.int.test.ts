// Staff sign-in protection over HTTP: `login` per IP before any lookup,
// CAPTCHA after 3 failures per IP + email, a 15-minute block at 10.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveCaptcha, type CaptchaChallenge } from '@/lib/captcha/solve';
import { startAppServer, type AppServer } from '@/test/app-server';
import { signIn } from '@/test/http';
import { clearOfWindowEdge, randomClientIp } from '@/test/integration';

const OWNER = { email: 'owner@instant-cafe.test', password: 'instant-cafe-pass' };
let strict: AppServer; // the default 5 attempts per 15 min per IP
let roomy: AppServer; // attempts per IP raised (through the legacy alias) to reach the failure rules
beforeAll(async () => {
  // Each sign-in is two requests (CSRF, then credentials): the edge limits are kept out of the way.
  const edge = { RATE_LIMIT_GLOBAL_LIMIT: '1000', RATE_LIMIT_GLOBAL_BURST_LIMIT: '1000' };
  [strict, roomy] = await Promise.all([
    startAppServer(edge),
    startAppServer({ ...edge, RATE_LIMIT_LOGIN_PER_15MIN: '100' }),
  ]);
});
afterAll(() => Promise.all([strict?.stop(), roomy?.stop()]));

describe('login: 5 attempts per 15 minutes per IP', () => {
  it('answers the 6th attempt with 429 before checking the password', async () => {
    await clearOfWindowEdge(15 * 60, 10_000);
    const ip = randomClientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn(strict.url, { ip, email: `nobody${i}@example.test`, password: 'x' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await signIn(strict.url, { ip, ...OWNER });
    expect(sixth.status).toBe(429);
    expect(sixth.sessionCookie).toBeNull();
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sixth.body).toMatchObject({ error: 'rate_limited', policy: 'login' });
  });
});

describe('login-failures: per IP + email', () => {
  it('unknown email and wrong password answer alike', async () => {
    const ip = randomClientIp();
    const unknown = await signIn(roomy.url, { ip, email: 'ghost@example.test', password: 'whatever' });
    const wrong = await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(Object.keys(unknown.body)).toEqual(Object.keys(wrong.body));
  });

  it('demands a CAPTCHA after 3 failures, accepts it solved (once), and a success clears the count', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 3; i++)
      expect((await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' })).status).toBe(401);
    const demanded = await signIn(roomy.url, { ip, ...OWNER });
    expect(demanded.status).toBe(401);
    expect(demanded.body).toMatchObject({ error: 'captcha_required' });
    expect(demanded.sessionCookie).toBeNull();

    const captcha = await solveCaptcha(demanded.body.captcha as CaptchaChallenge);
    const solved = await signIn(roomy.url, { ip, ...OWNER, captcha });
    expect(solved.status).toBe(200);
    expect(solved.sessionCookie).toMatch(/^next-auth\.session-token=/);

    // The success cleared the failures: a wrong password is an ordinary 401 again, not a CAPTCHA demand.
    const after = await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' });
    expect(after.body.error).not.toBe('captcha_required');
    // A used solution is not accepted twice.
    for (let i = 0; i < 2; i++) await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' });
    const replay = await signIn(roomy.url, { ip, ...OWNER, captcha });
    expect(replay.body).toMatchObject({ error: 'captcha_required', reason: 'used' });
  });

  it('blocks IP + email for 15 minutes at 10 failures; other emails from that IP still sign in', async () => {
    const ip = randomClientIp();
    let captcha: string | undefined;
    let failures = 0;
    while (failures < 10) {
      const answer = await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong', captcha });
      captcha = undefined;
      if (answer.body.error === 'captcha_required')
        captcha = await solveCaptcha(answer.body.captcha as CaptchaChallenge);
      else {
        expect(answer.status).toBe(401);
        failures++;
      }
    }
    const blocked = await signIn(roomy.url, { ip, ...OWNER });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ policy: 'login-failures' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const other = await signIn(roomy.url, { ip, email: 'owner@sakura.test', password: 'sakura-pass' });
    expect(other.status).toBe(200);
  });
});
