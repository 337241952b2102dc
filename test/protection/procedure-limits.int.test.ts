// The tRPC layer over HTTP: each procedure's policies, their headers and
// error data, batches, and two server instances sharing every limit.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { burst, startAppServer, type AppServer } from '@/test/app-server';
import { signIn, trpcBatchQuery, trpcMutation, trpcQuery, type TrpcErrorBody } from '@/test/http';
import { clearOfWindowEdge, randomClientIp, scratchTable } from '@/test/integration';

const limits = {
  RATE_LIMIT_GLOBAL_LIMIT: '100000',
  RATE_LIMIT_GLOBAL_BURST_LIMIT: '100000',
  RATE_LIMIT_MENU_LIMIT: '20',
  RATE_LIMIT_MENU_TABLE_LIMIT: '25',
  RATE_LIMIT_ADMIN_LIMIT: '3',
  RATE_LIMIT_REGISTER_LIMIT: '2',
  RATE_LIMIT_LOGIN_LIMIT: '100',
};
let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startAppServer(limits), startAppServer(limits)]);
});
afterAll(() => Promise.all([a?.stop(), b?.stop()]));
// Each test counts to a limit exactly; `register`'s hour-long window starts on the minute too.
beforeEach(() => clearOfWindowEdge(60, 8_000));

const menu = (server: AppServer, ip: string, tableToken: string) =>
  trpcQuery(server.url, 'menu.get', { tableToken }, { 'x-forwarded-for': ip });

async function expectLimited(response: Response, policy: string) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  const body = (await response.json()) as TrpcErrorBody;
  expect(body.error.json.data).toMatchObject({
    code: 'TOO_MANY_REQUESTS',
    httpStatus: 429,
    policy,
    retryAfterSeconds: retryAfter,
  });
  expect(body.error.json.message).toMatch(/going a bit fast/);
}

describe('menu.get: `menu` per IP, `menu-table` per table', () => {
  // Tables of their own: other test files load menus and place orders at the demo tables.
  const tables = { perIp: '', batch: '' };
  const removals: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    for (const name of ['perIp', 'batch'] as const) {
      const table = await scratchTable();
      tables[name] = table.token;
      removals.push(table.remove);
    }
  });
  afterAll(() => Promise.all(removals.map((remove) => remove())));

  it('counts down per IP, then 429 naming `menu`', async () => {
    const ip = randomClientIp();
    const remaining: string[] = [];
    for (let i = 0; i < 20; i++) {
      const response = await menu(a, ip, tables.perIp);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-policy')).toBe('"menu";q=20;w=60');
      remaining.push(response.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining.map(Number)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    await expectLimited(await menu(a, ip, tables.perIp), 'menu');
  });

  it('a table is limited whatever the guests’ addresses, naming `menu-table`', async () => {
    const table = await scratchTable();
    try {
      const responses: Response[] = [];
      for (let i = 0; i < 26; i++) responses.push(await menu(a, randomClientIp(), table.token));
      expect(responses.slice(0, 25).map((r) => r.status)).toEqual(Array(25).fill(200));
      await expectLimited(responses[25]!, 'menu-table');
    } finally {
      await table.remove();
    }
  });

  it('a batch with a limited call still says when to retry', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 19; i++) expect((await menu(a, ip, tables.batch)).status).toBe(200);
    const response = await trpcBatchQuery(
      a.url,
      ['menu.get', 'menu.get'],
      [{ tableToken: tables.batch }, { tableToken: tables.batch }],
      { 'x-forwarded-for': ip },
    );
    expect(response.status).toBe(207);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const [first, second] = (await response.json()) as [{ result?: unknown }, TrpcErrorBody];
    expect(first.result).toBeDefined();
    expect(second.error.json.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', policy: 'menu' });
  });
});

describe('two server instances on one Redis', () => {
  it('40 concurrent requests spread over both, against a limit of 20: exactly 20 admitted', async () => {
    const ip = randomClientIp();
    const table = await scratchTable('sakura-sushi');
    try {
      const responses = await burst(40, (i) => menu(i % 2 ? a : b, ip, table.token));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(20);
      expect(responses.filter((r) => r.status === 429)).toHaveLength(20);
    } finally {
      await table.remove();
    }
  });
});

describe('restaurant.overview: `admin` per user', () => {
  it('limits a signed-in user across addresses', async () => {
    const login = await signIn(a.url, { ip: randomClientIp(), email: 'owner@sakura.test', password: 'sakura-pass' });
    expect(login.status).toBe(200);
    const call = () =>
      trpcQuery(a.url, 'restaurant.overview', undefined, {
        cookie: login.sessionCookie!,
        'x-forwarded-for': randomClientIp(),
      });
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
    await expectLimited(await call(), 'admin');
  });
});

describe('auth.register: `register` per IP', () => {
  it('creates restaurants, names a bad field, then refuses the third sign-up', async () => {
    const ip = randomClientIp();
    const register = (email: string, password = 'long-enough-password') =>
      trpcMutation(
        a.url,
        'auth.register',
        { restaurantName: 'Chez Test', email, password, currency: 'EUR' },
        { 'x-forwarded-for': ip },
      );
    const bad = await trpcMutation(
      a.url,
      'auth.register',
      { restaurantName: 'X', email: 'nope', password: 'short', currency: 'EUR' },
      { 'x-forwarded-for': ip },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as TrpcErrorBody).error.json.data.fieldErrors!)).toEqual([
      'restaurantName',
      'email',
      'password',
    ]);
    expect((await register(`${randomUUID()}@example.test`)).status).toBe(200);
    expect((await register(`${randomUUID()}@example.test`)).status).toBe(200);
    await expectLimited(await register(`${randomUUID()}@example.test`), 'register');
  });
});
