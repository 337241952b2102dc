// Every procedure a signed-in user reaches, walked from the router itself
// (SPEC §2): an owner of restaurant A naming rows of restaurant B is told
// "not found", exactly as for ids that do not exist, and no row of B changes;
// a STAFF member is refused every owner procedure and allowed the board. The
// walk reads `appRouter._def.procedures`: a new signed-in procedure fails this
// test until it is added to WALK below, with the ids it takes, or with the
// reason it cannot reach another restaurant.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import { authedProcedure, operatorProcedure, ownerProcedure, staffProcedure } from '@/server/api/trpc';
import { db } from '@/server/db';
import { moveOrder } from '@/server/domain/orders/change-status';
import {
  callerAs,
  SCRATCH_EMAIL_DOMAIN,
  scratchRestaurant,
  type Caller,
  type ScratchRestaurant,
} from '@/test/integration';

type Chain = 'owner' | 'staff' | 'operator' | 'authed' | 'public';
type AnyProcedure = { _def: { middlewares: unknown[]; type: 'query' | 'mutation' | 'subscription' } };

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

/** Which prebuilt chain a procedure is built on: the chain's middlewares are the first of its own. */
function chainOf(procedure: AnyProcedure): Chain {
  const builtOn = (base: { _def: { middlewares: unknown[] } }) =>
    base._def.middlewares.every((fn, i) => procedure._def.middlewares[i] === fn);
  if (builtOn(ownerProcedure)) return 'owner';
  if (builtOn(operatorProcedure)) return 'operator';
  if (builtOn(staffProcedure)) return 'staff';
  if (builtOn(authedProcedure)) return 'authed';
  return 'public';
}

let a: ScratchRestaurant;
let b: ScratchRestaurant;
type Order = Awaited<ReturnType<ScratchRestaurant['order']>>;
const fx = {
  a: {} as { o1: Order; o2: Order; o3: Order; o4: Order; staffId: string; targetId: string },
  b: {} as { order: Order; cancelled: Order; paid: Order; staffId: string },
};

/**
 * Each signed-in procedure: `chain`, who may call it (SPEC §2: owners run
 * everything of their restaurant, staff the board and the catalog's
 * availability; any signed-in user their own account); `own`, a call that is
 * valid in A (the STAFF walk makes it); and either `foreign`, calls that name
 * B's rows (each must be NOT_FOUND), or `noIds`, why its input cannot name
 * another restaurant's row. `staffGets`: what a STAFF member's own call ends
 * in when not simply success.
 */
type Entry = {
  chain: Exclude<Chain, 'public'>;
  own: () => unknown;
  staffGets?: string;
} & ({ foreign: () => unknown[] } | { noIds: string });

const WALK: Record<string, Entry> = {
  'board.list': {
    chain: 'staff',
    own: () => ({}),
    foreign: () => [{ tableId: b.tableId }],
  },
  'board.closed': {
    chain: 'staff',
    own: () => ({}),
    foreign: () => [
      { tableId: b.tableId },
      { cursor: fx.b.paid.id },
      { cursor: fx.b.cancelled.id, status: 'CANCELLED' },
    ],
  },
  'board.history': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o1.id }),
    foreign: () => [{ orderId: fx.b.order.id }],
  },
  'board.setOrderStatus': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o1.id, from: 'PENDING', to: 'PREPARING' }),
    foreign: () => [{ orderId: fx.b.order.id, from: 'PENDING', to: 'PREPARING' }],
  },
  'board.cancelOrder': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o2.id, from: 'PENDING', reason: 'the guest left' }),
    foreign: () => [{ orderId: fx.b.order.id, from: 'PENDING', reason: 'not ours to cancel' }],
  },
  'board.reopenOrder': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o3.id }),
    foreign: () => [{ orderId: fx.b.cancelled.id }],
  },
  'board.setItemStatus': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o4.id, itemId: fx.a.o4.items[0]!.id, from: 'PENDING', to: 'READY' }),
    foreign: () => [
      { orderId: fx.b.order.id, itemId: fx.b.order.items[0]!.id, from: 'PENDING', to: 'READY' },
      // One's own order with another restaurant's item, and the other way round.
      { orderId: fx.a.o4.id, itemId: fx.b.order.items[0]!.id, from: 'PENDING', to: 'READY' },
      { orderId: fx.b.order.id, itemId: fx.a.o4.items[1]!.id, from: 'PENDING', to: 'READY' },
    ],
  },
  'board.cancelItem': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o4.id, itemId: fx.a.o4.items[1]!.id, from: 'PENDING', reason: 'out of stock' }),
    foreign: () => [
      { orderId: fx.b.order.id, itemId: fx.b.order.items[1]!.id, from: 'PENDING', reason: 'out of stock' },
      { orderId: fx.a.o4.id, itemId: fx.b.order.items[1]!.id, from: 'PENDING', reason: 'out of stock' },
    ],
  },
  'board.markPaidInCash': {
    chain: 'staff',
    own: () => ({ orderId: fx.a.o1.id }),
    foreign: () => [{ orderId: fx.b.order.id }],
  },
  'board.refund': {
    chain: 'owner',
    own: () => ({ orderId: fx.a.o1.id, amountMinor: 100, requestKey: 'walk-refund-request' }),
    foreign: () => [{ orderId: fx.b.paid.id, amountMinor: 100, requestKey: 'walk-refund-request' }],
  },
  'board.onChange': {
    chain: 'staff',
    own: () => undefined,
    noIds:
      'no input: it streams the orders of the session’s restaurant (ctx.tenantId) only; test/board/board-stream.int.test.ts shows another restaurant’s orders never arrive',
  },
  'catalog.setAvailability': {
    chain: 'staff',
    own: () => ({ productId: a.productIds[2], available: false }),
    foreign: () => [{ productId: b.productIds[0], available: false }],
  },
  'restaurant.overview': {
    chain: 'staff',
    own: () => undefined,
    noIds: 'no input: it reads the session’s restaurant',
  },
  'staff.list': {
    chain: 'owner',
    own: () => undefined,
    noIds: 'no input: it lists the session’s restaurant',
  },
  'staff.create': {
    chain: 'owner',
    own: () => ({ email: `new-${crypto.randomUUID()}${SCRATCH_EMAIL_DOMAIN}`, name: 'New', role: 'STAFF' }),
    noIds: 'its input names no row: the account is made in the session’s restaurant',
  },
  'staff.setRole': {
    chain: 'owner',
    own: () => ({ userId: fx.a.targetId, role: 'OWNER' }),
    foreign: () => [
      { userId: fx.b.staffId, role: 'OWNER' },
      { userId: b.owner.id, role: 'STAFF' },
    ],
  },
  'staff.setActive': {
    chain: 'owner',
    own: () => ({ userId: fx.a.targetId, active: false }),
    foreign: () => [
      { userId: fx.b.staffId, active: false },
      { userId: b.owner.id, active: false },
    ],
  },
  'account.changePassword': {
    chain: 'authed',
    own: () => ({ currentPassword: 'not-the-password', newPassword: 'a brand new password' }),
    // Reached and judged (the account has another password): not refused for its role.
    staffGets: 'BAD_REQUEST',
    noIds: 'its input names no row: it changes the signed-in account’s own password (ctx.user.id)',
  },
};

/** Calls a procedure by its path; a subscription is read up to its first event. */
async function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  const result = await fn(input);
  if (procedureAt(path)._def.type !== 'subscription') return result;
  const events = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  try {
    return (await events.next()).value;
  } finally {
    await events.return?.();
  }
}

function procedureAt(path: string): AnyProcedure {
  return procedures.find(([p]) => p === path)![1];
}

async function outcomeOf(run: () => Promise<unknown>): Promise<{ code: string; message?: string }> {
  try {
    await run();
    return { code: 'ok' };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
}

/** Every row of a restaurant, as it is now. */
async function snapshot(tenantId: string) {
  const byId = { orderBy: { id: 'asc' as const } };
  return {
    tenant: await db.tenant.findUnique({ where: { id: tenantId } }),
    orders: await db.order.findMany({ where: { tenantId }, ...byId }),
    items: await db.orderItem.findMany({ where: { order: { tenantId } }, ...byId }),
    changes: await db.orderStatusChange.findMany({ where: { tenantId }, ...byId }),
    users: await db.user.findMany({ where: { tenantId }, ...byId }),
    products: await db.product.findMany({ where: { tenantId }, ...byId }),
    tables: await db.table.findMany({ where: { tenantId }, ...byId }),
  };
}

const randomId = () => `c${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

beforeAll(async () => {
  [a, b] = [await scratchRestaurant({ label: 'A' }), await scratchRestaurant({ label: 'B' })];
  const system = { userId: null, kind: 'system' as const };
  const events = { changed: async () => {} };
  const cancel = (r: ScratchRestaurant, order: Order) =>
    moveOrder(db, events, {
      tenantId: r.tenantId,
      orderId: order.id,
      expected: null,
      move: { kind: 'cancel' },
      reason: 'set-up',
      actor: system,
    });

  fx.a = {
    o1: await a.order(),
    o2: await a.order(),
    o3: await a.order(),
    o4: await a.order(),
    staffId: (await a.addMember('STAFF')).id,
    targetId: (await a.addMember('STAFF')).id,
  };
  await cancel(a, fx.a.o3);
  fx.b = {
    order: await b.order(),
    cancelled: await b.order(),
    paid: await b.order(),
    staffId: (await b.addMember('STAFF')).id,
  };
  await cancel(b, fx.b.cancelled);
  await moveOrder(db, events, {
    tenantId: b.tenantId,
    orderId: fx.b.paid.id,
    expected: null,
    move: { kind: 'set', to: 'PAID' },
    actor: system,
  });
});
afterAll(async () => {
  await a?.remove();
  await b?.remove();
});

describe('the walk covers the router', () => {
  it('every procedure a signed-in user reaches has an entry, and every entry is such a procedure', () => {
    const signedIn = procedures.filter(([, p]) => chainOf(p) !== 'public').map(([path]) => path);
    expect(signedIn.sort()).toEqual(Object.keys(WALK).sort());
  });

  it('each procedure is built on the chain its entry says (who may call it)', () => {
    const chains = Object.fromEntries(Object.keys(WALK).map((path) => [path, chainOf(procedureAt(path))]));
    expect(chains).toEqual(Object.fromEntries(Object.entries(WALK).map(([path, entry]) => [path, entry.chain])));
    expect(chainOf(procedureAt('order.place'))).toBe('public');
  });
});

describe('an owner of one restaurant naming rows of another', () => {
  it.each(Object.entries(WALK).filter(([, entry]) => 'foreign' in entry))(
    '%s: not found, exactly as for ids that do not exist, and nothing of the other restaurant changes',
    async (path, entry) => {
      const owner = await callerAs(a.owner.id);
      const bIds = new Set([
        fx.b.order.id,
        fx.b.cancelled.id,
        fx.b.paid.id,
        ...[fx.b.order, fx.b.cancelled, fx.b.paid].flatMap((o) => o.items.map((i) => i.id)),
        b.tableId,
        ...b.productIds,
        b.owner.id,
        fx.b.staffId,
      ]);
      const before = await snapshot(b.tenantId);
      for (const input of (entry as { foreign: () => unknown[] }).foreign()) {
        const foreign = await outcomeOf(() => call(owner, path, input));
        expect(foreign.code, JSON.stringify(input)).toBe('NOT_FOUND');
        // The same call with every id of B swapped for one that exists nowhere: the same answer.
        const missing = Object.fromEntries(
          Object.entries(input as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === 'string' && bIds.has(v) ? randomId() : v,
          ]),
        );
        expect(await outcomeOf(() => call(owner, path, missing)), JSON.stringify(input)).toEqual(foreign);
      }
      expect(await snapshot(b.tenantId)).toEqual(before);
    },
  );

  it.each(Object.entries(WALK).filter(([path, entry]) => 'noIds' in entry && procedureAt(path)._def.type === 'query'))(
    '%s (no ids to name) answers with nothing of the other restaurant',
    async (path, entry) => {
      const owner = await callerAs(a.owner.id);
      const answer = JSON.stringify(await call(owner, path, entry.own()));
      for (const id of [b.tenantId, b.tableId, b.owner.id, fx.b.staffId, ...b.productIds, fx.b.order.id]) {
        expect(answer).not.toContain(id);
      }
      expect(answer).not.toContain(b.owner.email);
    },
  );
});

describe('a STAFF member', () => {
  it('is refused every owner procedure, and nothing changes', async () => {
    const staff = await callerAs(fx.a.staffId);
    const before = await snapshot(a.tenantId);
    const ownerOnly = Object.keys(WALK).filter((path) => WALK[path]!.chain === 'owner');
    expect(ownerOnly.length).toBeGreaterThan(0);
    for (const path of ownerOnly) {
      expect(await outcomeOf(() => call(staff, path, WALK[path]!.own())), path).toMatchObject({
        code: 'FORBIDDEN',
        message: 'Owners only',
      });
    }
    expect(await snapshot(a.tenantId)).toEqual(before);
  });

  it('is allowed the board (but refunds), the catalog’s availability and their own account', async () => {
    const staff = await callerAs(fx.a.staffId);
    const allowed = Object.keys(WALK).filter((path) => WALK[path]!.chain !== 'owner');
    const board = procedures.map(([p]) => p).filter((p) => p.startsWith('board.') && p !== 'board.refund');
    expect(allowed).toEqual(expect.arrayContaining(board));
    for (const path of allowed) {
      const entry = WALK[path]!;
      expect(await outcomeOf(() => call(staff, path, entry.own())), path).toMatchObject({
        code: entry.staffGets ?? 'ok',
      });
    }
    // What the board calls did, as the database has it.
    const statusOf = async (id: string) => (await db.order.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(fx.a.o1.id)).toBe('PREPARING');
    expect((await db.order.findUniqueOrThrow({ where: { id: fx.a.o1.id } })).paymentStatus).toBe('PAID');
    expect(await statusOf(fx.a.o2.id)).toBe('CANCELLED');
    expect(await statusOf(fx.a.o3.id)).toBe('PENDING');
    const items = await db.orderItem.findMany({ where: { orderId: fx.a.o4.id }, select: { id: true, status: true } });
    expect(Object.fromEntries(items.map((i) => [i.id, i.status]))).toEqual({
      [fx.a.o4.items[0]!.id]: 'READY',
      [fx.a.o4.items[1]!.id]: 'CANCELLED',
    });
  });
});
