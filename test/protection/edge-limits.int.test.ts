// The edge layer over HTTP: `global` and `global-burst` on a production
// server, with small limits configured through the policy table's env names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOfWindowEdge, randomClientIp } from '@/test/integration';
import { burst, startAppServer, type AppServer } from '@/test/app-server';

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer({
    RATE_LIMIT_GLOBAL_LIMIT: '12',
    RATE_LIMIT_GLOBAL_BURST_LIMIT: '8',
    RATE_LIMIT_GLOBAL_BURST_WINDOW: '60',
  });
});
afterAll(() => server?.stop());
// Each test counts to the `global-burst` limit exactly.
beforeEach(() => clearOfWindowEdge(60));

const page = (ip: string, path = '/admin/sign-in') =>
  fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': ip }, redirect: 'manual' });

describe('edge limits', () => {
  it('counts down on allowed responses, then answers 429 with Retry-After and the JSON body', async () => {
    const ip = randomClientIp();
    const remaining: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const response = await page(ip);
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-policy')).toBe('"global-burst";q=8;w=60');
        expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
        remaining.push(Number(response.headers.get('x-ratelimit-remaining')));
      }
    }
    expect(remaining).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await refused!.json()).toMatchObject({
      error: 'rate_limited',
      policy: 'global-burst',
      retryAfterSeconds: retryAfter,
    });
  });

  it('admits exactly the limit out of 40 concurrent requests', async () => {
    const ip = randomClientIp();
    const responses = await burst(40, () => page(ip));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(32);
  });

  it('ignores X-Forwarded-For entries left of the trusted hop', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 8; i++) expect((await page(`${randomClientIp()}, ${ip}`)).status).toBe(200);
    // A fresh spoofed entry on the left does not give the client a new bucket.
    expect((await page(`10.9.8.7, ${ip}`)).status).toBe(429);
  });

  it('never limits excluded paths', async () => {
    const ip = randomClientIp();
    const responses = await burst(30, () => page(ip, '/api/health'));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses[0]!.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('refuses an 11 MB body with 413 and 51 query parameters with 400', async () => {
    const ip = randomClientIp();
    const big = await fetch(`${server.url}/api/trpc/menu.get`, {
      method: 'POST',
      headers: { 'x-forwarded-for': ip, 'content-type': 'application/json' },
      body: new Uint8Array(11 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload_too_large' });
    const query = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    const many = await page(ip, `/admin/sign-in?${query}`);
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ error: 'too_many_parameters' });
    expect((await page(ip, `/admin/sign-in?${query.split('&').slice(0, 50).join('&')}`)).status).toBe(200);
  });
});
