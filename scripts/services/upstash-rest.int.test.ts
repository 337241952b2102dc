// The local Upstash REST endpoint, exercised by the real Upstash clients.
import { randomBytes } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, pingRedis } from './redis';
import { startUpstashRest, type UpstashRest } from './upstash-rest';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:upstash-rest:${randomBytes(4).toString('hex')}`;
let rest: UpstashRest;
let redis: Redis;

beforeAll(async () => {
  rest = await startUpstashRest({ redisUrl, port: 0, token: 'test-token' });
  redis = new Redis({ url: rest.url, token: rest.token, enableTelemetry: false });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await rest.stop();
});

describe('local Upstash REST endpoint', () => {
  it('round-trips strings, JSON, numbers and non-ASCII text (base64 responses)', async () => {
    await redis.set(`${prefix}:s`, 'plain');
    await redis.set(`${prefix}:j`, { menu: ['Crème Brûlée', '寿司'], price: 750 });
    await redis.set(`${prefix}:u`, 'Grüße 🍣');
    expect(await redis.get(`${prefix}:s`)).toBe('plain');
    expect(await redis.get(`${prefix}:j`)).toEqual({ menu: ['Crème Brûlée', '寿司'], price: 750 });
    expect(await redis.get(`${prefix}:u`)).toBe('Grüße 🍣');
    expect(await redis.incrby(`${prefix}:n`, 5)).toBe(5);
    expect(await redis.get(`${prefix}:missing`)).toBeNull();
  });

  it('runs pipelines and transactions', async () => {
    const pipeline = redis.pipeline();
    pipeline.set(`${prefix}:p1`, 'a');
    pipeline.incr(`${prefix}:p2`);
    pipeline.get(`${prefix}:p1`);
    expect(await pipeline.exec()).toEqual(['OK', 1, 'a']);

    const tx = redis.multi();
    tx.incr(`${prefix}:t`);
    tx.incr(`${prefix}:t`);
    expect(await tx.exec()).toEqual([1, 2]);
  });

  it('auto-pipelines concurrent calls into fewer requests', async () => {
    const auto = new Redis({ url: rest.url, token: rest.token, enableAutoPipelining: true, enableTelemetry: false });
    rest.resetStats();
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => auto.incrby(`${prefix}:auto`, i + 1)));
    expect(Math.max(...values)).toBe(210);
    expect(rest.stats.commands).toBe(20);
    expect(rest.stats.requests).toBeLessThan(20);
  });

  it('surfaces a Redis error as a thrown error', async () => {
    await redis.set(`${prefix}:str`, 'x');
    await expect(redis.incr(`${prefix}:str`)).rejects.toThrow(/not an integer/);
  });

  it('refuses a wrong token with a JSON 401', async () => {
    const response = await fetch(rest.url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '["PING"]',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
    const wrong = new Redis({ url: rest.url, token: 'nope', retry: { retries: 0 }, enableTelemetry: false });
    await expect(wrong.ping()).rejects.toThrow(/Unauthorized/);
  });

  it('answers NOSCRIPT for an unknown sha, and echoes the sync token', async () => {
    const response = await fetch(rest.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${rest.token}`, 'upstash-sync-token': 'sync-123' },
      body: JSON.stringify(['EVALSHA', 'a'.repeat(40), 0]),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('upstash-sync-token')).toBe('sync-123');
    expect(((await response.json()) as { error: string }).error).toMatch(/^NOSCRIPT/);
  });

  it('runs scripts with the Upstash-only shebang and answers the original sha', async () => {
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])';
    const sha = await redis.scriptLoad(script);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await redis.evalsha(sha, [`${prefix}:script`], [])).toBe(1);
    expect(await redis.eval(script, [`${prefix}:script`], [])).toBe(2);
  });

  it('serves @upstash/ratelimit: 50 concurrent limit() against 10 admit exactly 10', async () => {
    for (let round = 0; round < 5; round++) {
      const limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(10, '10 s'),
        prefix: `${prefix}:sw:${round}`,
        ephemeralCache: false,
        analytics: false,
      });
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.limit('client')));
      expect(results.filter((r) => r.success)).toHaveLength(10);
      expect(Math.min(...results.map((r) => r.remaining))).toBe(0);
    }
  });

  it('serves the fixed window and token bucket algorithms too', async () => {
    for (const [name, algorithm] of [
      ['fw', Ratelimit.fixedWindow(3, '10 s')],
      ['tb', Ratelimit.tokenBucket(1, '10 s', 3)],
    ] as const) {
      const limiter = new Ratelimit({ redis, limiter: algorithm, prefix: `${prefix}:${name}`, ephemeralCache: false });
      const results = await Promise.all(Array.from({ length: 8 }, () => limiter.limit('client')));
      expect(results.filter((r) => r.success)).toHaveLength(3);
    }
  });
});

describe('ensureRedis', () => {
  it('uses a Redis that answers', async () => {
    const service = await ensureRedis({ redisUrl, dataDir: '.data/test', log: () => {} });
    expect(service).toMatchObject({ url: redisUrl, started: false });
  });

  it('starts a private redis-server when nothing answers, and stops it', async () => {
    const service = await ensureRedis({ redisUrl: 'redis://127.0.0.1:9', dataDir: '.data/test', log: () => {} });
    expect(service.started).toBe(true);
    expect(await pingRedis(service.url)).toBe(true);
    await service.stop();
    expect(await pingRedis(service.url, 300)).toBe(false);
  });

  it('streams pub/sub messages to the real client’s subscribe()', async () => {
    const channel = `${prefix}:channel`;
    const subscriber = redis.subscribe<{ orderId: string }>([channel]);
    const received: { orderId: string }[] = [];
    subscriber.on('message', ({ message }) => received.push(message));
    await new Promise<void>((resolve) => subscriber.on('subscribe', () => resolve()));
    expect(await redis.publish(channel, { orderId: 'o1' })).toBe(1);
    await redis.publish(channel, { orderId: 'o2' });
    await expect.poll(() => received.map((m) => m.orderId)).toEqual(['o1', 'o2']);
    await subscriber.unsubscribe();
    await expect.poll(() => redis.publish(channel, { orderId: 'o3' })).toBe(0);
  });
});
