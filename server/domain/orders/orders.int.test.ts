// order.place / get / mine / onUpdate through the tRPC caller, against the
// real database and Redis: idempotency under concurrency, prices from the
// database, refusals that name the product, and one guest's orders hidden
// from another.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodError } from 'zod';
import { signGuestId, GUEST_COOKIE } from '@/server/guest/guest-cookie';
import { createPrismaClient } from '@/server/prisma-client';
import { callerFor, requireEnv, scratchTable } from '@/test/integration';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
afterAll(() => db.$disconnect());

async function guest() {
  const id = randomUUID();
  const cookie = `${GUEST_COOKIE}=${encodeURIComponent(await signGuestId(id, requireEnv('NEXTAUTH_SECRET')))}`;
  return { id, caller: await callerFor({ headers: { cookie } }), as: () => callerFor({ headers: { cookie } }) };
}

async function product(tenantSlug: string, name: string) {
  return db.product.findFirstOrThrow({
    where: { name, tenant: { slug: tenantSlug } },
    select: { id: true, priceMinor: true, name: true },
  });
}

async function expectTrpcError(promise: Promise<unknown>, code: TRPCError['code'], message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
  return error as TRPCError;
}

describe('order.place', () => {
  // The concurrency tests fire many calls: a table of their own keeps them out of other tests' `menu-table` buckets.
  let busyTable = '';
  let removeBusyTable: () => Promise<unknown> = async () => {};
  beforeAll(async () => {
    const table = await scratchTable();
    [busyTable, removeBusyTable] = [table.token, table.remove];
  });
  afterAll(() => removeBusyTable());

  it('20 concurrent calls with one idempotency key make exactly one order', async () => {
    const { caller } = await guest();
    const soup = await product('demo-bistro', 'French Onion Soup');
    const idempotencyKey = randomUUID();
    const input = {
      tableToken: busyTable,
      customerName: 'Ana',
      items: [{ productId: soup.id, quantity: 2 }],
      idempotencyKey,
    };
    const orders = await Promise.all(Array.from({ length: 20 }, () => caller.order.place(input)));
    expect(new Set(orders.map((o) => o.id)).size).toBe(1);
    expect(await db.order.count({ where: { idempotencyKey } })).toBe(1);
    expect(orders[0]).toMatchObject({
      status: 'PENDING',
      totalMinor: soup.priceMinor * 2,
      currency: 'EUR',
      customerName: 'Ana',
    });
  });

  it('takes names and prices from the database, whatever the client sends', async () => {
    const { caller } = await guest();
    const steak = await product('demo-bistro', 'Steak Frites');
    const tampered = {
      productId: steak.id,
      quantity: 3,
      note: ' medium rare ',
      unitPriceMinor: 1,
      priceMinor: 1,
      name: 'Free steak',
    };
    const order = await caller.order.place({
      tableToken: busyTable,
      customerName: '  Bo  ',
      items: [tampered],
      idempotencyKey: randomUUID(),
      totalMinor: 3,
    } as never);
    expect(order.customerName).toBe('Bo');
    expect(order.items).toEqual([
      expect.objectContaining({
        name: 'Steak Frites',
        unitPriceMinor: steak.priceMinor,
        quantity: 3,
        note: 'medium rare',
      }),
    ]);
    expect(order.totalMinor).toBe(steak.priceMinor * 3);
  });

  it('refuses an unavailable product, naming it', async () => {
    const { caller } = await guest();
    const tartare = await product('demo-bistro', 'Steak Tartare (starter)');
    const error = await expectTrpcError(
      caller.order.place({
        tableToken: 'demo-t1',
        customerName: 'Cy',
        items: [{ productId: tartare.id, quantity: 1 }],
        idempotencyKey: randomUUID(),
      }),
      'BAD_REQUEST',
      /Steak Tartare \(starter\) is not available/,
    );
    expect((error.cause as { details?: unknown }).details).toMatchObject({
      field: 'items.0.productId',
      product: 'Steak Tartare (starter)',
    });
  });

  it('refuses another restaurant’s product as if it did not exist', async () => {
    const { caller } = await guest();
    const salmon = await db.product.findFirstOrThrow({
      where: { tenant: { slug: 'sakura-sushi' } },
      select: { id: true },
    });
    await expectTrpcError(
      caller.order.place({
        tableToken: 'demo-t1',
        customerName: 'Di',
        items: [{ productId: salmon.id, quantity: 1 }],
        idempotencyKey: randomUUID(),
      }),
      'BAD_REQUEST',
      /items\.0\.productId/,
    );
  });

  it('names every invalid field', async () => {
    const { caller } = await guest();
    const error = await expectTrpcError(
      caller.order.place({
        tableToken: 'demo-t1',
        customerName: ' ',
        items: [{ productId: 'x', quantity: 0 }],
        idempotencyKey: 'short',
      }),
      'BAD_REQUEST',
    );
    const fields = (error.cause as ZodError).issues.map((issue) => issue.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['customerName', 'items.0.quantity', 'idempotencyKey']));
  });

  it('a replay of the key asking for something else is refused, naming the earlier order', async () => {
    const { caller } = await guest();
    const soup = await product('demo-bistro', 'French Onion Soup');
    const input = {
      tableToken: busyTable,
      customerName: 'Replay',
      items: [{ productId: soup.id, quantity: 1 }],
      idempotencyKey: randomUUID(),
    };
    const first = await caller.order.place(input);
    // The same call again is the same order.
    expect((await caller.order.place(input)).id).toBe(first.id);
    // The cart changed after the answer was lost: nothing new is made, and the earlier order is named.
    const error = await expectTrpcError(
      caller.order.place({ ...input, items: [{ productId: soup.id, quantity: 2 }] }),
      'CONFLICT',
      /already went through/,
    );
    expect((error.cause as { details?: unknown }).details).toEqual({ field: 'idempotencyKey', orderId: first.id });
    expect(await db.order.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
    expect(await db.orderItem.findMany({ where: { orderId: first.id }, select: { quantity: true } })).toEqual([
      { quantity: 1 },
    ]);
  });

  it('keeps pay-first orders away from the kitchen until paid', async () => {
    const { caller } = await guest();
    const coffee = await db.product.findFirstOrThrow({
      where: { tenant: { slug: 'instant-cafe' }, available: true },
      select: { id: true },
    });
    const order = await caller.order.place({
      tableToken: 'instant-t1',
      customerName: 'Ed',
      items: [{ productId: coffee.id, quantity: 1 }],
      idempotencyKey: randomUUID(),
    });
    expect(order.status).toBe('AWAITING_PAYMENT');
    expect(order.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });
});

describe('a guest sees only their own orders', () => {
  it('order.get, order.mine and order.onUpdate hide another guest’s order', async () => {
    const owner = await guest();
    const other = await guest();
    const soup = await product('demo-bistro', 'French Onion Soup');
    const order = await owner.caller.order.place({
      tableToken: 'demo-t3',
      customerName: 'Fi',
      items: [{ productId: soup.id, quantity: 1 }],
      idempotencyKey: randomUUID(),
    });

    expect((await (await owner.as()).order.get({ orderId: order.id })).id).toBe(order.id);
    await expectTrpcError(other.caller.order.get({ orderId: order.id }), 'NOT_FOUND');
    expect((await owner.caller.order.mine({ tableToken: 'demo-t3' })).map((o) => o.id)).toContain(order.id);
    expect(await other.caller.order.mine({ tableToken: 'demo-t3' })).toEqual([]);

    const updates = await other.caller.order.onUpdate({ orderId: order.id });
    await expectTrpcError(
      (async () => {
        for await (const _ of updates) break;
      })(),
      'NOT_FOUND',
    );
  });

  it('order.mine lists newest first', async () => {
    const { caller } = await guest();
    const soup = await product('demo-bistro', 'French Onion Soup');
    const place = () =>
      caller.order.place({
        tableToken: 'demo-t4',
        customerName: 'Gu',
        items: [{ productId: soup.id, quantity: 1 }],
        idempotencyKey: randomUUID(),
      });
    const first = await place();
    const second = await place();
    expect((await caller.order.mine({ tableToken: 'demo-t4' })).map((o) => o.id)).toEqual([second.id, first.id]);
  });
});
