// The local Upstash REST endpoint, exercised by the real Upstash clients.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis, type RedisConfigNodejs } from '@upstash/redis';
import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, pingRedis, startPrivateRedis, type RedisService } from './redis';
import { startUpstashRest, type UpstashRest } from './upstash-rest';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:upstash-rest:${randomBytes(4).toString('hex')}`;
let rest: UpstashRest;
let redis: Redis;

const clientFor = (endpoint: UpstashRest, options: Partial<RedisConfigNodejs> = {}) =>
  new Redis({ url: endpoint.url, token: endpoint.token, enableTelemetry: false, ...options });

/** A raw request, for what the clients never send (path style, other methods, the stream itself). */
const post = (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${rest.url}${path}`, { method, headers: { authorization: `Bearer ${rest.token}`, ...headers }, body });

beforeAll(async () => {
  rest = await startUpstashRest({ redisUrl, port: 0, token: 'test-token' });
  redis = clientFor(rest);
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

  it('stores a boolean argument as its text, as Upstash does, so it reads back as the boolean', async () => {
    await redis.set(`${prefix}:bool`, true);
    await redis.hset(`${prefix}:hbool`, { on: true, off: false });
    expect(await redis.get(`${prefix}:bool`)).toBe(true);
    expect(await redis.hget(`${prefix}:hbool`, 'off')).toBe(false);
    expect(await redis.hgetall(`${prefix}:hbool`)).toEqual({ on: true, off: false });
    const raw = clientFor(rest, { automaticDeserialization: false });
    expect(await raw.get(`${prefix}:bool`)).toBe('true');
    expect(await raw.hget(`${prefix}:hbool`, 'off')).toBe('false');
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

  it('answers each command of a pipeline on its own: a malformed one fails alone', async () => {
    // `undefined` travels as JSON null, which no Redis command takes.
    const pipeline = redis.pipeline();
    pipeline.set(`${prefix}:pe`, 'kept');
    pipeline.set(`${prefix}:pe-bad`, undefined as unknown as string);
    pipeline.get(`${prefix}:pe`);
    const results = await pipeline.exec({ keepErrors: true });
    expect(results[0]).toEqual({ error: undefined, result: 'OK' });
    expect(results[1]!.error).toMatch(/^ERR /);
    expect(results[2]).toEqual({ error: undefined, result: 'kept' });

    // Auto-pipelined, the neighbours of a bad call are other callers' commands.
    const auto = clientFor(rest, { enableAutoPipelining: true });
    const [ok, bad, counted] = await Promise.allSettled([
      auto.set(`${prefix}:ape`, 'kept'),
      auto.set(`${prefix}:ape-bad`, undefined as unknown as string),
      auto.incr(`${prefix}:ape-n`),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(bad.status).toBe('rejected');
    expect(counted).toEqual({ status: 'fulfilled', value: 1 });
  });

  it('auto-pipelines concurrent calls into fewer requests', async () => {
    const auto = clientFor(rest, { enableAutoPipelining: true });
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

  it('refuses a wrong token with a JSON 401, as Upstash words it', async () => {
    const response = await fetch(rest.url, {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '["PING"]',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'WRONGPASS invalid or missing auth token' });
    const wrong = new Redis({ url: rest.url, token: 'nope', retry: { retries: 0 }, enableTelemetry: false });
    await expect(wrong.ping()).rejects.toThrow(/WRONGPASS/);
  });

  it('takes the token as the `_token` query parameter too', async () => {
    const response = await fetch(`${rest.url}/ping?_token=${rest.token}`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: 'PONG' });
  });

  it('runs path-style commands: raw body as the last path argument, query parameters after it', async () => {
    const value = 'not JSON: "quoted" / 100%';
    const response = await post(`/set/${encodeURIComponent(`${prefix}:path`)}?EX=100`, value);
    expect(await response.json()).toEqual({ result: 'OK' });
    const raw = clientFor(rest, { automaticDeserialization: false });
    expect(await raw.get(`${prefix}:path`)).toBe(value);
    expect(await redis.ttl(`${prefix}:path`)).toBeGreaterThan(90);

    // A stray `%` is a character, not a malformed escape.
    expect(await (await post(`/set/${prefix}:pct/100%`, '')).json()).toEqual({ result: 'OK' });
    expect(await raw.get(`${prefix}:pct`)).toBe('100%');
  });

  it('answers 405 with a JSON body for a method Upstash does not take', async () => {
    const response = await post('/', '["PING"]', {}, 'DELETE');
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: string }).error).toMatch(/^ERR /);
  });

  it('leaves an OK reply plain under base64 encoding, as Upstash does', async () => {
    const response = await post('/', JSON.stringify(['SET', `${prefix}:ok`, 'v']), { 'upstash-encoding': 'base64' });
    expect(await response.json()).toEqual({ result: 'OK' });
    const read = await post('/', JSON.stringify(['GET', `${prefix}:ok`]), { 'upstash-encoding': 'base64' });
    expect(await read.json()).toEqual({ result: Buffer.from('v').toString('base64') });
  });

  it('answers a blocking command at once, as if timed out, as Upstash does over REST', async () => {
    const started = Date.now();
    expect(await redis.exec(['BLPOP', `${prefix}:empty`, '2'])).toBeNull();
    expect(await redis.xread(`${prefix}:stream`, '$', { blockMS: 2_000 })).toBeNull();
    const response = await post(
      '/pipeline',
      JSON.stringify([
        ['RPUSH', `${prefix}:queue`, 'job'],
        ['BRPOP', `${prefix}:empty`, 2],
        ['BLPOP', `${prefix}:queue`, 0],
      ]),
    );
    expect(await response.json()).toEqual([{ result: 1 }, { result: null }, { result: [`${prefix}:queue`, 'job'] }]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses what would take over the shared connection (SELECT, SUBSCRIBE, MULTI), as Upstash refuses them', async () => {
    await redis.set(`${prefix}:db`, 'here');
    for (const command of [['SELECT', '1'], ['SUBSCRIBE', 'x'], ['MULTI']] satisfies [string, ...string[]][]) {
      await expect(redis.exec(command)).rejects.toThrow(/not available/);
    }
    expect(await redis.get(`${prefix}:db`)).toBe('here');
  });

  it('answers NOSCRIPT for an unknown sha with a JSON 400', async () => {
    const response = await post('/', JSON.stringify(['EVALSHA', 'a'.repeat(40), 0]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^NOSCRIPT/);
  });

  it('issues an upstash-sync-token that moves with every write (read-your-writes)', async () => {
    const client = clientFor(rest);
    expect(client.readYourWritesSyncToken).toBe('');
    await client.set(`${prefix}:ryw`, 'a');
    const afterWrite = client.readYourWritesSyncToken;
    expect(afterWrite).toMatch(/./);
    await client.get(`${prefix}:ryw`);
    expect(client.readYourWritesSyncToken).toBe(afterWrite);

    const seen = new Set([afterWrite]);
    const expectNewToken = () => {
      expect(seen).not.toContain(client.readYourWritesSyncToken);
      seen.add(client.readYourWritesSyncToken);
    };
    await client.set(`${prefix}:ryw`, 'b');
    expectNewToken();
    const pipeline = client.pipeline();
    pipeline.incr(`${prefix}:ryw-n`);
    await pipeline.exec();
    expectNewToken();
    await client.eval('return redis.call("INCR", KEYS[1])', [`${prefix}:ryw-n`], []);
    expectNewToken();

    // The subscription's response carries it too, so subscribing keeps the client's token.
    const before = client.readYourWritesSyncToken;
    const subscriber = client.subscribe([`${prefix}:ryw-channel`]);
    await new Promise<void>((resolve) => subscriber.on('subscribe', () => resolve()));
    expect(client.readYourWritesSyncToken).toBe(before);
    await subscriber.unsubscribe();

    // Concurrent writes: each answer carries the position after its own write.
    const concurrent = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const writer = clientFor(rest);
        await writer.set(`${prefix}:ryw-${n}`, n);
        return writer.readYourWritesSyncToken;
      }),
    );
    expect(new Set(concurrent).size).toBe(3);
  });

  it('runs scripts with the Upstash-only shebang and answers the original sha', async () => {
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])';
    const sha = await redis.scriptLoad(script);
    expect(sha).toBe(createHash('sha1').update(script).digest('hex'));
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

describe('pub/sub over /subscribe', () => {
  /** Subscribes with the real client; resolves once the endpoint has confirmed. */
  async function subscribed<T>(channels: string[], pattern = false) {
    const subscriber = pattern ? redis.psubscribe<T>(channels) : redis.subscribe<T>(channels);
    await new Promise<void>((resolve) => subscriber.on(pattern ? 'psubscribe' : 'subscribe', () => resolve()));
    return subscriber;
  }

  it('streams pub/sub messages to the real client’s subscribe()', async () => {
    const channel = `${prefix}:channel`;
    const subscriber = await subscribed<{ orderId: string }>([channel]);
    const received: { orderId: string }[] = [];
    subscriber.on('message', ({ message }) => received.push(message));
    expect(await redis.publish(channel, { orderId: 'o1' })).toBe(1);
    await redis.publish(channel, { orderId: 'o2' });
    await expect.poll(() => received.map((m) => m.orderId)).toEqual(['o1', 'o2']);
    await subscriber.unsubscribe();
    await expect.poll(() => redis.publish(channel, { orderId: 'o3' })).toBe(0);
  });

  it('delivers exactly what was published: line ends, CRs and text shaped like SSE fields', async () => {
    const channel = `${prefix}:exact`;
    const published = [
      'two\nlines',
      'cr\ronly, crlf\r\nand lf\n',
      `x\r\ndata: message,${channel},forged`,
      'data: looks like a field',
      ': a comment\n\nid: 7\nevent: x',
      '\n',
    ];
    const subscriber = await subscribed<unknown>([channel]);
    const received: unknown[] = [];
    subscriber.on('message', ({ message }) => received.push(message));
    for (const message of published) await redis.publish(channel, message);
    // Published JSON reaches the client parsed, its line breaks being mere whitespace.
    await redis.publish(channel, '{\n  "pretty": true\r\n}');
    await redis.publish(channel, 'done');
    await expect.poll(() => received.at(-1)).toBe('done');
    expect(received).toEqual([...published, { pretty: true }, 'done']);
    await subscriber.unsubscribe();
  });

  it('frames the stream per the SSE spec: no line end inside a data line', async () => {
    const channel = `${prefix}:frames`;
    const controller = new AbortController();
    const response = await fetch(`${rest.url}/subscribe/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rest.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (done: () => boolean) => {
      while (!done()) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(() => text.endsWith('\n\n'));
    await redis.publish(channel, 'a\r\nb\rc');
    await redis.publish(channel, 'done');
    await readUntil(() => text.includes(',done\n\n'));
    controller.abort();
    expect(sseEvents(text)).toEqual([
      `subscribe,${channel},1`,
      `message,${channel},"a\\r\\nb\\rc"`,
      `message,${channel},done`,
    ]);
  });

  it('never lets a channel name forge a message for a pattern subscriber', async () => {
    const pattern = `${prefix}:pat:*`;
    const subscriber = await subscribed<{ n: number }>([pattern], true);
    const forged: unknown[] = [];
    const delivered: number[] = [];
    subscriber.on('message', (event) => forged.push(event));
    subscriber.on('pmessage', ({ message }) => delivered.push(message.n));
    subscriber.on('error', () => {}); // a comma in a channel name defeats the client's parsing: its own limit
    // JSON payloads: the client's pmessage path parses them strictly.
    await redis.publish(`${prefix}:pat:x\ndata: message,${prefix}:pat:y,{"n":0}`, { n: 1 });
    await redis.publish(`${prefix}:pat:z`, { n: 2 });
    await expect.poll(() => delivered).toContain(2);
    expect(forged).toEqual([]);
    await subscriber.unsubscribe();
  });
});

/** The data of each event, per the SSE spec (CR, LF and CRLF end lines; a blank line ends an event). */
function sseEvents(stream: string): string[] {
  const events: string[] = [];
  let data: string[] = [];
  for (const line of stream.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length) events.push(data.join('\n'));
      data = [];
    } else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return events;
}

// SCRIPT FLUSH empties the script cache of the whole server: a private one, not the shared Redis.
describe('scripts after SCRIPT FLUSH', () => {
  const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1])';
  const sha = createHash('sha1').update(script).digest('hex');
  let server: RedisService;
  let endpoint: UpstashRest;
  let client: Redis;
  let direct: IORedis;

  beforeAll(async () => {
    server = await startPrivateRedis(join('.data', 'test', 'redis-scripts'));
    endpoint = await startUpstashRest({ redisUrl: server.url, port: 0, token: 'scripts-token' });
    client = clientFor(endpoint);
    direct = new IORedis(server.url);
  });

  afterAll(async () => {
    direct.disconnect();
    await endpoint.stop();
    await server.stop();
  });

  it('answers NOSCRIPT to EVALSHA after SCRIPT FLUSH, as Redis and Upstash do', async () => {
    expect(await client.scriptLoad(script)).toBe(sha);
    expect(await client.evalsha(sha, ['k'], [])).toBe(1);
    await client.scriptFlush();
    await expect(client.evalsha(sha, ['k'], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await client.eval(script, ['k'], [])).toBe(2);
    expect(await client.evalsha(sha, ['k'], [])).toBe(3);
  });

  it('answers SCRIPT EXISTS for the sha of the text as sent, shebang included', async () => {
    const plain = 'return 1';
    const plainSha = await client.scriptLoad(plain);
    expect(await client.scriptLoad(script)).toBe(sha);
    expect(await client.scriptExists(sha, plainSha, 'f'.repeat(40))).toEqual([1, 1, 0]);
    await client.scriptFlush();
    expect(await client.scriptExists(sha, plainSha)).toEqual([0, 0]);
  });

  it('makes @upstash/ratelimit take its NOSCRIPT → EVAL path after SCRIPT FLUSH', async () => {
    const limiter = new Ratelimit({
      redis: client,
      limiter: Ratelimit.slidingWindow(5, '10 s'),
      prefix: 'flush',
      ephemeralCache: false,
    });
    expect((await limiter.limit('a')).remaining).toBe(4);
    await client.scriptFlush();
    await direct.config('RESETSTAT');
    expect((await limiter.limit('a')).remaining).toBe(3);
    const stats = await direct.info('commandstats');
    expect(stats).toMatch(/cmdstat_evalsha:calls=\d+,[^\n]*failed_calls=[1-9]/);
    expect(stats).toMatch(/cmdstat_eval:calls=[1-9]/);
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
});
