// Security headers on every kind of response, a CSP under which no inline
// script runs without the request's nonce, and ADMIN_IP_ALLOWLIST covering
// everything staff reach (the console, next-auth, staff procedures) however
// the path is spelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@/test/app-server';
import { signIn, trpcQuery } from '@/test/http';
import { randomClientIp } from '@/test/integration';

const STAFF_IP = '10.20.30.40';
let server: AppServer;
let guarded: AppServer;
beforeAll(async () => {
  [server, guarded] = await Promise.all([
    startAppServer({ RATE_LIMIT_GLOBAL_BURST_LIMIT: '3', RATE_LIMIT_GLOBAL_BURST_WINDOW: '3600' }),
    startAppServer({ ADMIN_IP_ALLOWLIST: `${STAFF_IP},10.99.0.0/16` }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), guarded?.stop()]));

const get = (base: string, path: string, ip = randomClientIp(), headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'x-forwarded-for': ip, ...headers }, redirect: 'manual' });

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy')).toContain('camera=()');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
}

describe('security headers', () => {
  it('every kind of response carries them', async () => {
    const ip = randomClientIp();
    const pages = ['/menu/demo-t1', '/admin/sign-in', '/docs/limits', '/no-such-page', '/api/health', '/api/auth/csrf'];
    for (const path of pages) expectSecurityHeaders(await get(server.url, path));
    const html = await (await get(server.url, '/menu/demo-t2')).text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    expectSecurityHeaders(await get(server.url, asset));
    // A refusal written by middleware.ts itself.
    let refused: Response | undefined;
    for (let i = 0; i < 5 && !refused; i++) {
      const response = await get(server.url, '/admin/sign-in', ip);
      if (response.status === 429) refused = response;
    }
    expect(refused).toBeDefined();
    expectSecurityHeaders(refused!);
    expect(refused!.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('the CSP allows only the scripts that carry this response’s nonce, and a new nonce every time', async () => {
    const nonces = new Set<string>();
    for (const path of ['/menu/demo-t1', '/admin/sign-in', '/docs/limits']) {
      const response = await get(server.url, path);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).not.toContain('unsafe-eval');
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      nonces.add(nonce);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });
});

describe('ADMIN_IP_ALLOWLIST covers everything staff reach', () => {
  const spellings = [
    '/admin',
    '/admin/',
    '//admin',
    '/admin/sign-in',
    '/api/auth/csrf',
    '/api/auth/session',
    '/API/auth/csrf',
  ];

  it('refuses the console and next-auth from elsewhere, however the path is spelled', async () => {
    for (const path of spellings) {
      // Next answers `/admin/` and `//admin` with a redirect to `/admin` first; follow it as a browser would.
      const response = await fetch(`${guarded.url}${path}`, { headers: { 'x-forwarded-for': randomClientIp() } });
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden' });
    }
    const signInAttempt = await fetch(`${guarded.url}/api/auth/callback/credentials/x`, {
      method: 'POST',
      headers: { 'x-forwarded-for': randomClientIp(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=owner%40sakura.test&password=sakura-pass',
    });
    expect(signInAttempt.status).toBe(403);
  });

  it('serves staff on the allowlist (an address or a range), and guests from anywhere', async () => {
    expect((await get(guarded.url, '/admin/sign-in', STAFF_IP)).status).toBe(200);
    expect((await get(guarded.url, '/admin/sign-in', '10.99.3.4')).status).toBe(200);
    expect((await get(guarded.url, '/menu/demo-t1')).status).toBe(200);
  });

  it('refuses staff procedures from elsewhere even with a valid session', async () => {
    const login = await signIn(guarded.url, { ip: STAFF_IP, email: 'owner@sakura.test', password: 'sakura-pass' });
    expect(login.status).toBe(200);
    const call = (ip: string) =>
      trpcQuery(guarded.url, 'restaurant.overview', undefined, { cookie: login.sessionCookie!, 'x-forwarded-for': ip });
    expect((await call(STAFF_IP)).status).toBe(200);
    const outside = await call(randomClientIp());
    expect(outside.status).toBe(403);
    expect(JSON.stringify(await outside.json())).toContain('not available from this network');
  });
});
