// Abuse memory over HTTP (repeat offenders are blocked), the /admin IP
// allowlist, and the Prometheus counters of what just happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, TEST_METRICS_TOKEN as METRICS_TOKEN, type AppServer } from '@/test/app-server';
import { randomClientIp } from '@/test/integration';

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer({
    RATE_LIMIT_GLOBAL_BURST_LIMIT: '2',
    RATE_LIMIT_GLOBAL_BURST_WINDOW: '1',
    RATE_LIMIT_ABUSE_VIOLATIONS: '3',
    ADMIN_IP_ALLOWLIST: '10.1.0.0/16, 192.0.2.44',
  });
});
afterAll(() => server?.stop());

const get = (path: string, ip: string) =>
  fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': ip }, redirect: 'manual' });

async function metrics(): Promise<string> {
  const response = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}
const counter = (text: string, series: string) =>
  Number(new RegExp(`^${series.replace(/[{}"|]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

describe('abuse memory', () => {
  it('blocks an address after repeated offences, with the block’s remaining time; others go on', async () => {
    const ip = randomClientIp();
    const before = counter(await metrics(), 'tableside_ratelimit_violations_total{policy="global-burst"}');
    let offences = 0;
    let blocked: Response | undefined;
    while (!blocked) {
      const response = await get('/', ip);
      const body = response.status === 429 ? ((await response.json()) as { error: string }) : null;
      if (body?.error === 'blocked') blocked = response;
      else if (body?.error === 'rate_limited') {
        offences++;
        await new Promise((r) => setTimeout(r, 1_050 - (Date.now() % 1000))); // next 1 s bucket: a new offence
      }
      expect(offences).toBeLessThanOrEqual(3);
    }
    expect(offences).toBe(3);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect((await get('/', randomClientIp())).status).toBe(200);

    // The counters add up in Redis: the violations and the block just caused.
    let text = await metrics();
    for (
      let i = 0;
      i < 20 && counter(text, 'tableside_ratelimit_violations_total{policy="global-burst"}') < before + 3;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 250));
      text = await metrics();
    }
    expect(counter(text, 'tableside_ratelimit_violations_total{policy="global-burst"}')).toBeGreaterThanOrEqual(
      before + 3,
    );
    expect(counter(text, 'tableside_ratelimit_blocks_total{kind="ip"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^tableside_ratelimit_checks_total\{policy="global",outcome="allowed"\} \d+$/m);
  });
});

describe('/api/metrics', () => {
  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });
});

describe('ADMIN_IP_ALLOWLIST', () => {
  it('lets listed addresses and ranges reach /admin, and refuses others', async () => {
    expect((await get('/admin/sign-in', '10.1.200.7')).status).toBe(200);
    expect((await get('/admin/sign-in', '192.0.2.44')).status).toBe(200);
    const refused = await get('/admin/sign-in', '10.2.0.1');
    expect(refused.status).toBe(403);
    expect((await get('/menu/demo-t1', '10.2.0.1')).status).toBe(200);
  });
});
