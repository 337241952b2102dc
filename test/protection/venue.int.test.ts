// A busy restaurant on one Wi-Fi, against a production server with the
// default limits: 60 guests behind one address, each with their own cookie,
// browsing as people do for two minutes (a menu view every 10–20 s, two
// orders each, one followed live) and a member of staff on the console, get
// no refusal at all — while scrapers behind the same address are refused:
// one without cookies at `global`, one dropping its cookie on every menu
// view at `guest-new`. (The address's ceiling, `global-ip`, is proven in
// edge-limits.int.test.ts, where it can be reached without a flood.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@/test/app-server';
import { guestCookieFrom, openSubscription, signIn, trpcMutation, trpcQuery } from '@/test/http';
import { POLICY_TABLE } from '@/server/ratelimit/policies';
import { randomClientIp, scratchTable } from '@/test/integration';

const VENUE_IP = randomClientIp();
const GUESTS = 60;
const TABLES = 15;
const DURATION_MS = 120_000;
/** The cookie dropper's last request, from the start. */
const DROPPER_UNTIL_MS = 90_000;

let server: AppServer;
const tables: { token: string; remove: () => Promise<unknown> }[] = [];
beforeAll(async () => {
  server = await startAppServer();
  for (let i = 0; i < TABLES; i++) tables.push(await scratchTable());
});
afterAll(async () => {
  await server?.stop();
  await Promise.all(tables.map((t) => t.remove()));
});

type Tally = { requests: number; refusals: Record<string, number>; errors: string[] };
const tally = (): Tally => ({ requests: 0, refusals: {}, errors: [] });

/** Counts an answer; a 429 or 503 is a refusal, named by its policy. */
async function record(into: Tally, response: Response, what: string): Promise<Response> {
  into.requests++;
  if (response.status === 429 || response.status === 503) {
    const text = await response.clone().text();
    const policy = /"policy":"([^"]+)"/.exec(text)?.[1] ?? `http-${response.status}`;
    into.refusals[policy] = (into.refusals[policy] ?? 0) + 1;
  } else if (response.status >= 400) {
    into.errors.push(`${what}: ${response.status}`);
  }
  return response;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const between = (min: number, max: number) => min + Math.random() * (max - min);

async function honestGuest(index: number, startedAt: number, into: Tally, products: string[]) {
  const table = tables[index % TABLES]!.token;
  const headers: Record<string, string> = { 'x-forwarded-for': VENUE_IP };
  await sleep(between(0, 15_000));
  const view = async (path = `/menu/${table}`) => {
    const response = await record(into, await fetch(`${server.url}${path}`, { headers }), `view ${path}`);
    const issued = guestCookieFrom(response);
    if (issued) headers.cookie = issued;
    await response.arrayBuffer();
  };
  const order = async () => {
    const placed = await record(
      into,
      await trpcMutation(
        server.url,
        'order.place',
        {
          tableToken: table,
          customerName: `Guest ${index}`,
          items: [{ productId: products[index % products.length]!, quantity: 1 + (index % 2) }],
          idempotencyKey: randomUUID(),
        },
        headers,
      ),
      'order.place',
    );
    if (!placed.ok) return null;
    const id = ((await placed.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    // What the page does next: refresh "your orders", open the order's page.
    await (
      await record(into, await trpcQuery(server.url, 'order.mine', { tableToken: table }, headers), 'mine')
    ).arrayBuffer();
    await view(`/menu/${table}/orders/${id}`);
    return id;
  };

  await view();
  const firstOrderAt = Date.now() + between(5_000, 40_000);
  const secondOrderAt = Date.now() + between(50_000, 90_000);
  let following: Awaited<ReturnType<typeof openSubscription>> | null = null;
  let ordered = 0;
  while (Date.now() - startedAt < DURATION_MS) {
    const nextViewAt = Date.now() + between(10_000, 20_000);
    const due = ordered === 0 ? firstOrderAt : ordered === 1 ? secondOrderAt : Infinity;
    await sleep(Math.min(nextViewAt, due) - Date.now());
    if (Date.now() - startedAt >= DURATION_MS) break;
    if (Date.now() >= due) {
      const id = await order();
      ordered++;
      if (id && !following) {
        following = await openSubscription(server.url, 'order.onUpdate', { orderId: id }, headers);
        await record(into, following.response, 'order.onUpdate');
        void following.nextData().catch(() => {});
      }
    } else await view();
  }
  following?.close();
}

/** Requests `path` every `everyMs` from `fromMs` to `toMs`, counting what it gets. */
async function scraper(
  into: Tally,
  startedAt: number,
  fromMs: number,
  toMs: number,
  everyMs: number,
  request: () => Promise<Response>,
) {
  await sleep(startedAt + fromMs - Date.now());
  while (Date.now() - startedAt < toMs) {
    const response = await record(into, await request(), 'scraper');
    await response.arrayBuffer();
    await sleep(everyMs);
  }
}

describe('a venue: 60 guests behind one address', () => {
  it('browsing and ordering for two minutes get no refusal, while scrapers beside them are refused', async () => {
    const menu = await trpcQuery(
      server.url,
      'menu.get',
      { tableToken: tables[0]!.token },
      { 'x-forwarded-for': randomClientIp() },
    );
    const products = (
      (await menu.json()) as {
        result: { data: { json: { categories: { products: { id: string; available: boolean }[] }[] } } };
      }
    ).result.data.json.categories
      .flatMap((c) => c.products)
      .filter((p) => p.available)
      .map((p) => p.id);

    // `guest-new` is a sliding window over epoch-aligned buckets: a run whose guests mint in one
    // bucket and whose cookie dropper comes early in the next would meet the previous bucket's
    // count weighted down (SPEC §4, "know the window's limits") and get a few mints through.
    // Start where the whole run up to the dropper's last request falls in one bucket.
    const mintWindowMs = POLICY_TABLE['guest-new'].windowSeconds * 1000;
    const leftInBucket = mintWindowMs - (Date.now() % mintWindowMs);
    if (leftInBucket < DROPPER_UNTIL_MS + 10_000) await sleep(leftInBucket + 1_000);

    const guests = tally();
    const staff = tally();
    const cookieless = tally();
    const cookieDropper = tally();
    const startedAt = Date.now();
    const venue = { 'x-forwarded-for': VENUE_IP };

    const staffAtThePass = (async () => {
      await sleep(5_000);
      const login = await signIn(server.url, {
        ip: VENUE_IP,
        email: 'owner@demo-bistro.test',
        password: 'demo-bistro-pass',
      });
      staff.requests += 2;
      if (!login.sessionCookie) staff.errors.push(`sign-in: ${login.status}`);
      while (Date.now() - startedAt < DURATION_MS) {
        await sleep(15_000);
        const overview = await trpcQuery(server.url, 'restaurant.overview', undefined, {
          ...venue,
          cookie: login.sessionCookie ?? '',
        });
        await (await record(staff, overview, 'overview')).arrayBuffer();
      }
    })();

    await Promise.all([
      ...Array.from({ length: GUESTS }, (_, i) => honestGuest(i, startedAt, guests, products)),
      staffAtThePass,
      // No cookies, pages that mint none, about 3 a second (under the 20-per-5-s burst):
      // held by `global` (100 a minute) on the address.
      scraper(cookieless, startedAt, 15_000, 75_000, 300, () =>
        fetch(`${server.url}/docs/limits?page=${Math.random()}`, { headers: venue }),
      ),
      // A fresh cookie on every menu view (it never sends one back): held by `guest-new`.
      scraper(cookieDropper, startedAt, 60_000, DROPPER_UNTIL_MS, 250, () =>
        fetch(`${server.url}/menu/${tables[2]!.token}`, { headers: venue }),
      ),
    ]);

    console.log(
      JSON.stringify({
        venue: { guests, staff, cookieless, cookieDropper },
        seconds: (Date.now() - startedAt) / 1000,
      }),
    );
    expect(guests.requests).toBeGreaterThan(GUESTS * 8);
    expect(guests.refusals).toEqual({});
    expect(guests.errors).toEqual([]);
    expect(staff.refusals).toEqual({});
    expect(staff.errors).toEqual([]);
    expect(cookieless.refusals.global).toBeGreaterThan(0);
    expect((cookieDropper.refusals['guest-new'] ?? 0) + (cookieDropper.refusals['abuse-block'] ?? 0)).toBe(
      cookieDropper.requests,
    );
  }, 300_000);
});
