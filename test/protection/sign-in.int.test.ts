// Staff sign-in protection over HTTP, tried the way an attacker would: every
// spelling of the credentials callback next-auth accepts is guarded; the
// body is read once (a field sent twice is refused, JSON counts like a form);
// `login` per IP before any lookup; a CAPTCHA after 3 failures per IP +
// email; a 15-minute block at 10; success decided by next-auth's own outcome
// (also over HTTPS, where the session cookie is `__Secure-…`); callback URLs
// never leave the site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solveCaptcha, type CaptchaChallenge } from '@/lib/captcha/solve';
import { startAppServer, type AppServer } from '@/test/app-server';
import { csrfFor, signIn, type SignInAnswer } from '@/test/http';
import { clearOfWindowEdge, randomClientIp } from '@/test/integration';
import { startTlsProxy, type TlsProxy } from '@/test/tls-proxy';

const OWNER = { email: 'owner@instant-cafe.test', password: 'instant-cafe-pass' };
// Each sign-in is two requests (CSRF, then credentials): the edge limits are kept out of the way.
const edge = { RATE_LIMIT_GLOBAL_LIMIT: '1000', RATE_LIMIT_GLOBAL_BURST_LIMIT: '1000' };
let strict: AppServer; // the default 5 attempts per 15 min per IP
let roomy: AppServer; // attempts per IP raised (through the legacy alias) to reach the failure rules
let secure: AppServer; // behind a TLS proxy, NEXTAUTH_URL https
let proxy: TlsProxy & { forwardTo(upstream: string): void };

beforeAll(async () => {
  proxy = await startTlsProxy();
  [strict, roomy, secure] = await Promise.all([
    startAppServer(edge),
    startAppServer({ ...edge, RATE_LIMIT_LOGIN_PER_15MIN: '100' }),
    // Two trusted hops: a platform edge (the test's X-Forwarded-For) and the TLS proxy.
    startAppServer({ ...edge, RATE_LIMIT_LOGIN_LIMIT: '100', NEXTAUTH_URL: proxy.url, TRUSTED_PROXY_HOPS: '2' }),
  ]);
  proxy.forwardTo(secure.url);
});
afterAll(() => Promise.all([strict?.stop(), roomy?.stop(), secure?.stop(), proxy?.stop()]));

/** Signs in through all the failures up to a CAPTCHA, solving it when asked; returns the answer that is not a CAPTCHA demand. */
async function throughCaptcha(base: string, fields: Parameters<typeof signIn>[1]): Promise<SignInAnswer> {
  const first = await signIn(base, fields);
  if (first.body.error !== 'captcha_required') return first;
  const captcha = await solveCaptcha(first.body.captcha as CaptchaChallenge);
  return signIn(base, { ...fields, captcha });
}

describe('every spelling of the credentials callback is guarded', () => {
  // next-auth routes by its own parsed segments and ignores further ones; Next decodes the segments.
  const spellings = [
    '/api/auth/callback/credentials',
    '/api/auth/callback/credentials/x',
    '/api/auth/callback/credentials/x/y/z',
    '/api/auth/callback/cred%65ntials',
    '/api/auth/callback/%63redentials/anything',
  ];

  it('counts each toward `login`: the 6th attempt, by any spelling, is a 429 before the password is checked', async () => {
    await clearOfWindowEdge(15 * 60, 10_000);
    const ip = randomClientIp();
    const statuses: number[] = [];
    for (const [i, path] of spellings.entries()) {
      statuses.push(
        (await signIn(strict.url, { ip, email: `nobody${i}@example.test`, password: 'x' }, { path })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const path of spellings) {
      const sixth = await signIn(strict.url, { ip, ...OWNER }, { path });
      expect(sixth.status).toBe(429);
      expect(sixth.sessionCookie).toBeNull();
      expect(sixth.body).toMatchObject({ error: 'rate_limited', policy: 'login' });
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('counts failures per IP + email whatever the spelling: the 4th needs a CAPTCHA', async () => {
    const ip = randomClientIp();
    for (const path of spellings.slice(1, 4)) {
      expect((await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' }, { path })).status).toBe(401);
    }
    const fourth = await signIn(roomy.url, { ip, ...OWNER }, { path: spellings[4] });
    expect(fourth.body).toMatchObject({ error: 'captcha_required' });
    expect(fourth.sessionCookie).toBeNull();
  });

  it('a JSON body is a sign-in like a form, and is guarded the same way', async () => {
    const ip = randomClientIp();
    const json = (fields: Record<string, string>) => ({
      contentType: 'application/json',
      text: JSON.stringify(fields),
    });
    for (let i = 0; i < 3; i++) {
      expect((await signIn(roomy.url, { ip, email: OWNER.email, password: 'wrong' }, { body: json })).status).toBe(401);
    }
    expect((await signIn(roomy.url, { ip, ...OWNER }, { body: json })).body).toMatchObject({
      error: 'captcha_required',
    });
  });

  it('GET of the callback is refused (405), never a 500 and never a sign-in', async () => {
    const ip = randomClientIp();
    for (const path of spellings) {
      const answer = await signIn(roomy.url, { ip, ...OWNER }, { path, method: 'GET' });
      expect(answer.status).toBe(405);
      expect(answer.sessionCookie).toBeNull();
    }
  });

  it('a trailing slash is redirected, and other cases are not the credentials provider: no session either way', async () => {
    const ip = randomClientIp();
    const slash = await signIn(roomy.url, { ip, ...OWNER }, { path: '/api/auth/callback/credentials/' });
    expect(slash.status).toBe(308);
    expect(slash.sessionCookie).toBeNull();
    const upper = await signIn(roomy.url, { ip, ...OWNER }, { path: '/api/auth/callback/Credentials' });
    expect(upper.status).toBe(400);
    expect(upper.sessionCookie).toBeNull();
  });
});

describe('the body is read once', () => {
  it('a field sent twice is a 400 naming it, so the guard and next-auth can never read different values', async () => {
    const ip = randomClientIp();
    const twice = await signIn(
      roomy.url,
      { ip, ...OWNER },
      {
        body: (fields) => ({
          contentType: 'application/x-www-form-urlencoded',
          text: `${new URLSearchParams(fields).toString()}&email=${encodeURIComponent('owner@sakura.test')}`,
        }),
      },
    );
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ error: 'invalid_request', field: 'email' });
    expect(twice.sessionCookie).toBeNull();
  });

  it('malformed JSON, a wrong content type and an oversized field are 400/415, never 500', async () => {
    const ip = randomClientIp();
    const bad = [
      { contentType: 'application/json', text: '{"email":' },
      { contentType: 'application/json', text: '[1,2]' },
      { contentType: 'text/plain', text: 'email=a' },
      { contentType: 'application/x-www-form-urlencoded', text: `email=${'a'.repeat(300)}%40x.test&password=p` },
    ];
    const statuses = [];
    for (const body of bad) statuses.push((await signIn(roomy.url, { ip, ...OWNER }, { body: () => body })).status);
    expect(statuses).toEqual([400, 400, 415, 400]);
    const session = await fetch(`${roomy.url}/api/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: '{bad',
    });
    expect(session.status).toBe(400);
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
    let failures = 0;
    const seen: string[] = [];
    while (failures < 10) {
      const answer = await throughCaptcha(roomy.url, { ip, email: OWNER.email, password: 'wrong' });
      seen.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 80)}`);
      expect(answer.status).toBe(401);
      expect(String(answer.body.url)).toContain('CredentialsSignin');
      failures++;
    }
    const blocked = await signIn(roomy.url, { ip, ...OWNER });
    expect(blocked.status, `${seen.join('\n')}\n${JSON.stringify(blocked.body)}`).toBe(429);
    expect(blocked.body).toMatchObject({ policy: 'login-failures' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const other = await signIn(roomy.url, { ip, email: 'owner@sakura.test', password: 'sakura-pass' });
    expect(other.status).toBe(200);
  });
});

describe('over HTTPS (NEXTAUTH_URL https behind a TLS proxy)', () => {
  beforeAll(() => {
    // The proxy's certificate was generated for this run.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  });

  it('signs in with the __Secure- session cookie, and good sign-ins never add up to a CAPTCHA', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 4; i++) {
      const answer = await signIn(proxy.url, { ip, ...OWNER });
      expect(answer.status).toBe(200);
      expect(answer.sessionCookie).toMatch(/^__Secure-next-auth\.session-token=/);
    }
  });

  it('a success clears the failures before it', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 2; i++)
      expect((await signIn(proxy.url, { ip, email: OWNER.email, password: 'no' })).status).toBe(401);
    expect((await signIn(proxy.url, { ip, ...OWNER })).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await signIn(proxy.url, { ip, email: OWNER.email, password: 'no' })).status).toBe(401);
    // Two failures since the success: no CAPTCHA yet.
    const next = await signIn(proxy.url, { ip, ...OWNER });
    expect(next.status).toBe(200);
    expect(next.sessionCookie).toMatch(/^__Secure-/);
  });

  it('the session works on the console over HTTPS', async () => {
    const login = await signIn(proxy.url, { ip: randomClientIp(), ...OWNER });
    const page = await fetch(`${proxy.url}/admin`, { headers: { cookie: login.sessionCookie! }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Instant Café');
  });
});

describe('callback URLs stay on the site', () => {
  const offSite = [
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'http://[::1',
    ' //evil.example',
  ];

  it('a sign-in with an off-site callbackUrl answers a URL on our origin', async () => {
    for (const callbackUrl of offSite) {
      const answer = await signIn(roomy.url, { ip: randomClientIp(), ...OWNER, callbackUrl });
      expect(answer.status).toBe(200);
      expect(new URL(String(answer.body.url)).origin).toBe(new URL(roomy.url).origin);
    }
  });

  it('next-auth pages and a planted callback cookie never 500 and never point off-site', async () => {
    for (const callbackUrl of offSite) {
      const page = await fetch(`${roomy.url}/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': randomClientIp() },
      });
      expect(page.status).toBeLessThan(500);
      const location = page.headers.get('location');
      if (location) expect(new URL(location, roomy.url).origin).toBe(new URL(roomy.url).origin);
      const planted = `next-auth.callback-url=${encodeURIComponent(callbackUrl)}`;
      for (const path of ['/api/auth/session', '/admin/sign-in', '/menu/demo-t1']) {
        const response = await fetch(`${roomy.url}${path}`, {
          headers: { cookie: planted, 'x-forwarded-for': randomClientIp() },
          redirect: 'manual',
        });
        expect(response.status).toBe(200);
      }
    }
  });

  it('the sign-in page sends staff only to paths of this site', async () => {
    for (const callbackUrl of offSite) {
      const page = await fetch(`${roomy.url}/admin/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
        headers: { 'x-forwarded-for': randomClientIp() },
      });
      // The form's target, as the page hands it to the sign-in form (the page's own URL is echoed elsewhere):
      // a path that resolves on this origin ('/%5Cevil.example' is such a path; a browser keeps the escape).
      const target = /\\"callbackUrl\\":\\"([^"\\]*)\\"/.exec(await page.text())?.[1];
      expect(target).toMatch(/^\/(?![/\\])/);
      expect(new URL(target!, roomy.url).origin).toBe(new URL(roomy.url).origin);
    }
    const own = await fetch(`${roomy.url}/admin/sign-in?callbackUrl=${encodeURIComponent('/admin/orders?table=t1')}`, {
      headers: { 'x-forwarded-for': randomClientIp() },
    });
    expect(/\\"callbackUrl\\":\\"([^"\\]*)\\"/.exec(await own.text())?.[1]).toBe('/admin/orders?table=t1');
  });

  it('the CSRF token still comes from next-auth (a request without it signs nobody in)', async () => {
    const ip = randomClientIp();
    const { cookie } = await csrfFor(roomy.url, ip);
    const response = await fetch(`${roomy.url}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': ip },
      body: new URLSearchParams({ ...OWNER, json: 'true' }),
    });
    expect(response.headers.getSetCookie().some((c) => c.includes('session-token=e'))).toBe(false);
  });
});
