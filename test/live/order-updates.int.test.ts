// Live order updates across two server instances on one Redis: a status
// change made through instance A reaches a guest subscribed on instance B,
// and a guest may hold only so many live streams at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { startAppServer, type AppServer } from '@/test/app-server';
import { guestCookieFrom, openSubscription, signIn, trpcMutation, type SseEvent } from '@/test/http';
import { randomClientIp, requireEnv } from '@/test/integration';

type OrderView = { id: string; status: string; items: { id: string; status: string }[] };
const db = createPrismaClient(requireEnv('DATABASE_URL'), 1);
// Roomy edge limits; the open-streams limit pinned to the number the last test counts to.
const edge = {
  RATE_LIMIT_GLOBAL_BURST_LIMIT: '1000',
  RATE_LIMIT_GLOBAL_LIMIT: '1000',
  RATE_LIMIT_REALTIME_CONNECTIONS_LIMIT: '5',
};
let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startAppServer(edge), startAppServer(edge)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db.$disconnect();
});

async function placeOrder(server: AppServer, tableToken: string) {
  const product = await db.product.findFirstOrThrow({
    where: { available: true, tenant: { tables: { some: { token: tableToken } } } },
  });
  const response = await trpcMutation(server.url, 'order.place', {
    tableToken,
    customerName: 'Live',
    items: [{ productId: product.id, quantity: 1 }],
    idempotencyKey: crypto.randomUUID(),
  });
  expect(response.status).toBe(200);
  const order = ((await response.json()) as { result: { data: { json: OrderView } } }).result.data.json;
  return { order, cookie: guestCookieFrom(response)! };
}

const dataOf = (event: SseEvent) => (event.data as { json: OrderView }).json;

describe('order.onUpdate across instances', () => {
  it('a change written through A reaches a subscriber on B within a second', async () => {
    const { order, cookie } = await placeOrder(a, 'demo-t2');
    const live = await openSubscription(b.url, 'order.onUpdate', { orderId: order.id }, { cookie });
    try {
      const first = await live.nextData();
      expect(first.id).toBeTruthy(); // tracked: a reconnect resumes from here
      expect(dataOf(first)).toMatchObject({ id: order.id, status: 'PENDING' });

      const staff = await signIn(a.url, {
        ip: randomClientIp(),
        email: 'owner@demo-bistro.test',
        password: 'demo-bistro-pass',
      });
      const started = performance.now();
      const moved = await trpcMutation(
        a.url,
        'board.setOrderStatus',
        { orderId: order.id, from: 'PENDING', to: 'PREPARING' },
        { cookie: staff.sessionCookie! },
      );
      expect(moved.status).toBe(200);
      const update = await live.nextData();
      const elapsed = performance.now() - started;
      expect(dataOf(update)).toMatchObject({ id: order.id, status: 'PREPARING' });
      expect(elapsed).toBeLessThan(1_000);
      console.log(`status change on A seen on B after ${Math.round(elapsed)} ms`);

      const item = order.items[0]!;
      // The item caught up with its order (preparing); moved from there.
      await trpcMutation(
        a.url,
        'board.setItemStatus',
        { orderId: order.id, itemId: item.id, from: 'PREPARING', to: 'READY' },
        { cookie: staff.sessionCookie! },
      );
      expect(dataOf(await live.nextData()).items[0]).toMatchObject({ id: item.id, status: 'READY' });
    } finally {
      live.close();
    }
  });

  it('a change made while the stream opens, on a just-started instance, is not missed', async () => {
    const c = await startAppServer(edge);
    const { order, cookie } = await placeOrder(a, 'demo-t2');
    const staff = await signIn(a.url, {
      ip: randomClientIp(),
      email: 'owner@demo-bistro.test',
      password: 'demo-bistro-pass',
    });
    // The first subscriber on c: its Redis subscription opens while the change is written.
    const [live, moved] = await Promise.all([
      openSubscription(c.url, 'order.onUpdate', { orderId: order.id }, { cookie }),
      trpcMutation(
        a.url,
        'board.setOrderStatus',
        { orderId: order.id, from: 'PENDING', to: 'READY' },
        { cookie: staff.sessionCookie! },
      ),
    ]);
    try {
      expect(moved.status).toBe(200);
      // Either the first state already shows it, or the next message does; no further change is made.
      let seen = dataOf(await live.nextData());
      if (seen.status !== 'READY') seen = dataOf(await live.nextData());
      expect(seen).toMatchObject({ id: order.id, status: 'READY' });
    } finally {
      live.close();
      await c.stop();
    }
  });

  it('another guest cannot follow the order', async () => {
    const { order } = await placeOrder(a, 'demo-t3');
    const { cookie: otherGuest } = await placeOrder(a, 'demo-t3');
    const live = await openSubscription(b.url, 'order.onUpdate', { orderId: order.id }, { cookie: otherGuest });
    try {
      const event = await live.nextData();
      expect(event.event).toBe('serialized-error');
      expect(JSON.stringify(event.data)).toMatch(/NOT_FOUND/);
    } finally {
      live.close();
    }
  });

  it('realtime-connections: a guest’s 6th open stream is refused until one closes', async () => {
    const { order, cookie } = await placeOrder(a, 'demo-t4');
    const streams = [];
    try {
      for (let i = 0; i < 5; i++) {
        const live = await openSubscription(i % 2 ? a.url : b.url, 'order.onUpdate', { orderId: order.id }, { cookie });
        streams.push(live);
        expect((await live.nextData()).event).toBe('message');
      }
      const sixth = await openSubscription(a.url, 'order.onUpdate', { orderId: order.id }, { cookie });
      streams.push(sixth);
      const refused = await sixth.nextData();
      expect(refused.event).toBe('serialized-error');
      expect(JSON.stringify(refused.data)).toMatch(/TOO_MANY_REQUESTS/);
      expect(JSON.stringify(refused.data)).toMatch(/realtime-connections/);

      streams[0]!.close();
      await expect
        .poll(async () => {
          const again = await openSubscription(b.url, 'order.onUpdate', { orderId: order.id }, { cookie });
          streams.push(again);
          return (await again.nextData()).event;
        })
        .toBe('message');
    } finally {
      streams.forEach((s) => s.close());
    }
  });
});
