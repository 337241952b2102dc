// Bad input gets a 4xx that names the problem, never a 5xx, and nothing
// internal (Prisma, JavaScript, Redis text) reaches the client. Each case
// here answered 5xx (or leaked internals) when probed from outside.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@/test/app-server';
import { guestCookieFrom, trpcBatchQuery, trpcMutation, trpcQuery, type TrpcErrorBody } from '@/test/http';
import { randomClientIp } from '@/test/integration';

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer({
    RATE_LIMIT_GLOBAL_LIMIT: '100000',
    RATE_LIMIT_GLOBAL_BURST_LIMIT: '100000',
    RATE_LIMIT_MENU_LIMIT: '100000',
    RATE_LIMIT_MENU_TABLE_LIMIT: '100000',
    RATE_LIMIT_REGISTER_LIMIT: '1000',
  });
});
afterAll(() => server?.stop());

const INTERNAL =
  /prisma|invocation|stack|TypeError|ReferenceError|forEach|BigInt|Maximum call stack|ECONNREFUSED|ERR /i;

async function expectClientError(response: Response, field?: string) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const text = await response.text();
  expect(text).not.toMatch(INTERNAL);
  if (field) expect(text).toContain(field);
  return text;
}

/** A guest with a cookie, as a first menu view gives one. */
async function guest(): Promise<Record<string, string>> {
  const ip = randomClientIp();
  const view = await fetch(`${server.url}/menu/demo-t1`, { headers: { 'x-forwarded-for': ip } });
  return { cookie: guestCookieFrom(view)!, 'x-forwarded-for': ip };
}

async function soupId(headers: Record<string, string>): Promise<string> {
  const menu = await trpcQuery(server.url, 'menu.get', { tableToken: 'demo-t1' }, headers);
  const body = (await menu.json()) as {
    result: { data: { json: { categories: { products: { id: string; name: string }[] }[] } } };
  };
  return body.result.data.json.categories.flatMap((c) => c.products).find((p) => p.name === 'French Onion Soup')!.id;
}

describe('strings that reach PostgreSQL', () => {
  it('a NUL or other control character in any field is a 400 naming it', async () => {
    const headers = await guest();
    const productId = await soupId(headers);
    const order = (patch: Record<string, unknown>, line: Record<string, unknown> = {}) =>
      trpcMutation(
        server.url,
        'order.place',
        {
          tableToken: 'demo-t1',
          customerName: 'Ana',
          items: [{ productId, quantity: 1, ...line }],
          idempotencyKey: randomUUID(),
          ...patch,
        },
        headers,
      );
    await expectClientError(await order({ customerName: 'An\u0000a' }), 'customerName');
    await expectClientError(await order({}, { note: 'no\u0000onions' }), 'note');
    await expectClientError(await order({}, { productId: `${productId}\u0000` }), 'productId');
    await expectClientError(await order({ customerName: '\u200b\u200b' }), 'customerName');
    await expectClientError(await order({ customerName: 'Ana\u001b[31m' }), 'customerName');
    await expectClientError(await trpcQuery(server.url, 'order.get', { orderId: 'c\u0000x' }, headers), 'orderId');
    await expectClientError(
      await trpcMutation(
        server.url,
        'auth.register',
        {
          restaurantName: 'Chez\u0000Nul',
          email: `${randomUUID()}@example.test`,
          password: 'long-enough-pw',
          currency: 'EUR',
        },
        { 'x-forwarded-for': randomClientIp() },
      ),
      'restaurantName',
    );
  });

  it('an order of one product on many lines is capped by its total quantity', async () => {
    const headers = await guest();
    const productId = await soupId(headers);
    const response = await trpcMutation(
      server.url,
      'order.place',
      {
        tableToken: 'demo-t1',
        customerName: 'Bulk',
        items: Array.from({ length: 20 }, () => ({ productId, quantity: 50 })),
        idempotencyKey: randomUUID(),
      },
      headers,
    );
    await expectClientError(response, 'items');
  });

  it('a 100 KB email is refused at sign-up, and so can never become a session cookie', async () => {
    const response = await trpcMutation(
      server.url,
      'auth.register',
      {
        restaurantName: 'Chez Long',
        email: `${'a'.repeat(100_000)}@example.test`,
        password: 'long-enough-pw',
        currency: 'EUR',
      },
      { 'x-forwarded-for': randomClientIp() },
    );
    await expectClientError(response, 'email');
  });
});

describe('cookies a client controls', () => {
  it('a malformed guest cookie is no cookie: guest procedures and pages answer normally', async () => {
    const headers = { cookie: 'tableside_guest=%', 'x-forwarded-for': randomClientIp() };
    expect((await trpcQuery(server.url, 'order.mine', { tableToken: 'demo-t1' }, headers)).status).toBe(200);
    expect((await fetch(`${server.url}/menu/demo-t1`, { headers })).status).toBe(200);
  });
});

describe('the tRPC wire', () => {
  it('superjson meta that would make it recurse, call methods on junk or build BigInts is a plain 400', async () => {
    const metas = [
      { values: { a: ['bigint'] } },
      { values: ['not', 'an', 'object'] },
      { referentialEqualities: { a: ['b'] } },
      { values: { tableToken: [['custom', 'x'], { nested: {} }] } },
      { values: { tableToken: 'map' } },
      { values: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, 'undefined'])) },
    ];
    for (const meta of metas) {
      const input = encodeURIComponent(JSON.stringify({ json: { tableToken: 'demo-t1' }, meta }));
      const response = await fetch(`${server.url}/api/trpc/menu.get?input=${input}`, {
        headers: { 'x-forwarded-for': randomClientIp() },
      });
      const text = await expectClientError(response);
      expect((JSON.parse(text) as TrpcErrorBody).error.json.message).toMatch(/^Invalid input/);
    }
  });

  it('malformed JSON bodies and query inputs are 400s', async () => {
    const ip = randomClientIp();
    const post = await fetch(`${server.url}/api/trpc/order.place`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: '{"json":',
    });
    await expectClientError(post);
    const query = await fetch(`${server.url}/api/trpc/menu.get?input=%7Bnope`, { headers: { 'x-forwarded-for': ip } });
    await expectClientError(query);
  });

  it('a batch of more than 10 calls is refused; 10 are fine', async () => {
    const ip = randomClientIp();
    const calls = (n: number) =>
      trpcBatchQuery(
        server.url,
        Array(n).fill('menu.get'),
        Array.from({ length: n }, () => ({ tableToken: 'demo-t1' })),
        { 'x-forwarded-for': ip },
      );
    expect((await calls(10)).status).toBe(200);
    await expectClientError(await calls(11));
  });

  it('a procedure that does not exist is a 404 without internals', async () => {
    await expectClientError(await trpcQuery(server.url, 'nope.nothing', {}, { 'x-forwarded-for': randomClientIp() }));
  });
});

describe('5xx never carry internal text', () => {
  it('with the database gone, a procedure answers a generic 500 with the request id, and the log has the detail', async () => {
    const dead = await startAppServer(
      { DATABASE_URL: 'postgresql://nobody@127.0.0.1:9/none', DATABASE_POOL_SIZE: '1' },
      { readyPath: '/docs/limits' },
    );
    try {
      // order.mine reads PostgreSQL (menu.get may be answered from the Redis menu cache).
      const response = await trpcQuery(
        dead.url,
        'order.mine',
        { tableToken: 'demo-t1' },
        { 'x-forwarded-for': randomClientIp() },
      );
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id')!;
      const body = (await response.json()) as TrpcErrorBody;
      expect(body.error.json.message).toBe(
        `Something went wrong on our side (request ${requestId}). Please try again.`,
      );
      expect(JSON.stringify(body)).not.toMatch(INTERNAL);
      const health = await fetch(`${dead.url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'degraded', db: 'down', redis: 'ok' });
      // The detail is in the server's log, on a line with the same request id.
      const line = dead
        .output()
        .split('\n')
        .find((l) => l.includes('trpc_internal_error') && l.includes(requestId));
      expect(line).toBeDefined();
    } finally {
      await dead.stop();
    }
  });
});
