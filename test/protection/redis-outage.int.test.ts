// Redis stopped mid-run, behind a server that keeps running: open policies
// keep serving, closed ones answer 503, and limits apply again as soon as
// Redis is back, with no restart.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis, type RedisService } from '@/scripts/services/redis';
import { startUpstashRest, type UpstashRest } from '@/scripts/services/upstash-rest';
import { startAppServer, type AppServer } from '@/test/app-server';
import { randomUUID } from 'node:crypto';
import { guestCookieFrom, signIn, trpcMutation, trpcQuery, type TrpcErrorBody } from '@/test/http';
import { createPrismaClient } from '@/server/prisma-client';
import { clearOfWindowEdge, randomClientIp, requireEnv } from '@/test/integration';

const dir = join(import.meta.dirname, '..', '..', '.data', 'test', 'outage-redis');
let port: number;
let redis: RedisService;
let rest: UpstashRest;
let server: AppServer;
const db = createPrismaClient(requireEnv('DATABASE_URL'), 1);

beforeAll(async () => {
  port = await freePort();
  redis = await startPrivateRedis(dir, port);
  rest = await startUpstashRest({ redisUrl: redis.url, token: 'outage-test' });
  server = await startAppServer({
    UPSTASH_REDIS_REST_URL: rest.url,
    UPSTASH_REDIS_REST_TOKEN: rest.token,
    REDIS_URL: redis.url,
    RATE_LIMIT_MENU_LIMIT: '5',
    RATE_LIMIT_GLOBAL_BURST_LIMIT: '1000',
  });
});
afterAll(async () => {
  await db.$disconnect();
  await server?.stop();
  await rest?.stop();
  await redis?.stop();
});

// A liveness bound, not a benchmark: an answer must come, and well within 2 s.
const menu = (ip: string) => trpcQuery(server.url, 'menu.get', { tableToken: 'demo-t2' }, { 'x-forwarded-for': ip });
const timed = async (call: () => Promise<Response>) => {
  const started = performance.now();
  const response = await call();
  return { response, ms: performance.now() - started };
};

async function expectMenuLimitAt(limit: number) {
  await clearOfWindowEdge(60);
  const ip = randomClientIp();
  for (let i = 0; i < limit; i++) expect((await menu(ip)).status).toBe(200);
  expect((await menu(ip)).status).toBe(429);
}

describe('Redis stopped mid-run', () => {
  it('limits apply while Redis is up', () => expectMenuLimitAt(5));

  it('general traffic keeps being served, sign-in answers 503, health names Redis', async () => {
    await redis.stop();
    const ip = randomClientIp();
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { response, ms } = await timed(() => menu(ip));
      expect(response.status).toBe(200);
      // No numbers from a check that did not happen.
      expect(response.headers.get('x-ratelimit-remaining')).toBeNull();
      latencies.push(ms);
    }
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    console.log(`menu.get with Redis down: max ${Math.round(Math.max(...latencies))} ms over 10 calls`);

    const page = await fetch(`${server.url}/admin/sign-in`, { headers: { 'x-forwarded-for': ip } });
    expect(page.status).toBe(200);

    const login = await signIn(server.url, { ip, email: 'owner@demo-bistro.test', password: 'demo-bistro-pass' });
    expect(login.status).toBe(503);
    expect(login.body).toMatchObject({ error: 'unavailable', policy: 'login' });
    expect(login.sessionCookie).toBeNull();

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ db: 'ok', redis: expect.stringMatching(/./) });
  });

  it('a guest arriving and ordering meanwhile is served, and the order is saved though its live push fails', async () => {
    const ip = randomClientIp();
    const view = await fetch(`${server.url}/menu/demo-t2`, { headers: { 'x-forwarded-for': ip } });
    expect(view.status).toBe(200);
    const headers = { cookie: guestCookieFrom(view)!, 'x-forwarded-for': ip };
    const menuBody = (await (await menu(ip)).json()) as {
      result: { data: { json: { categories: { products: { id: string; available: boolean }[] }[] } } };
    };
    const product = menuBody.result.data.json.categories.flatMap((c) => c.products).find((p) => p.available)!;
    const idempotencyKey = randomUUID();
    const placed = await trpcMutation(
      server.url,
      'order.place',
      {
        tableToken: 'demo-t2',
        customerName: 'Offline',
        items: [{ productId: product.id, quantity: 1 }],
        idempotencyKey,
      },
      headers,
    );
    expect(placed.status).toBe(200);
    expect(await db.order.count({ where: { idempotencyKey } })).toBe(1);
    // Payments fail closed: no checkout while their limits cannot be counted (the menu above kept serving).
    const orderId = ((await placed.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    const checkout = await trpcMutation(server.url, 'payment.createCheckout', { orderId }, headers);
    expect(checkout.status).toBe(503);
    expect(((await checkout.json()) as TrpcErrorBody).error.json.data.policy).toMatch(/^payment/);
    expect(await db.payment.count({ where: { orderId } })).toBe(0);
    // The failed push was logged, not thrown.
    expect(server.output()).toMatch(/order_event_not_published|after_commit/);
  });

  it('limits apply again once Redis is back, without a restart', async () => {
    redis = await startPrivateRedis(dir, port);
    for (let i = 0; i < 50 && (await fetch(`${server.url}/api/health`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 200));
    await expectMenuLimitAt(5);
    const login = await signIn(server.url, {
      ip: randomClientIp(),
      email: 'owner@demo-bistro.test',
      password: 'demo-bistro-pass',
    });
    expect(login.status).toBe(200);
  });
});
