// Shared set-up for integration tests: the real test database and Redis that
// `npm test` prepared, tRPC callers with a chosen identity, and restaurants of
// a test's own.
import { randomUUID } from 'node:crypto';
import type { Session } from 'next-auth';
import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import type { SessionIdentity } from '@/server/auth/credentials';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';
import { placeOrder } from '@/server/domain/orders/place-order';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through \`npm test\``);
  return value;
}

export type CallerOptions = {
  session?: Session | null;
  headers?: Record<string, string>;
  resHeaders?: Headers;
  /** Ends the caller's subscriptions when it aborts. */
  signal?: AbortSignal;
};

export async function callerFor(options: CallerOptions = {}) {
  // A client address of its own per caller, so tests never share a rate-limit bucket by accident.
  const headers = new Headers({ 'x-forwarded-for': randomClientIp(), ...options.headers });
  const ctx = await createTRPCContext({
    headers,
    session: options.session ?? null,
    resHeaders: options.resHeaders ?? new Headers(),
  });
  return createCaller(ctx, { signal: options.signal });
}

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** The session next-auth would issue for this account as it is now. */
export function sessionOf(account: SessionIdentity): Session {
  const { id, email, name, tenantId, role, isOperator, sessionVersion } = account;
  return {
    user: { id, email, name, tenantId, role, isOperator, sessionVersion },
    expires: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

/** A caller signed in as this account (as it is now in the database). */
export async function callerAs(userId: string, options: Omit<CallerOptions, 'session'> = {}): Promise<Caller> {
  const account = await db.user.findUniqueOrThrow({ where: { id: userId } });
  return callerFor({ ...options, session: sessionOf(account) });
}

/** Every scratch restaurant's staff have emails here, so leftovers are easy to find. */
export const SCRATCH_EMAIL_DOMAIN = '@scratch-restaurant.test';
const noEvents = { changed: async () => {} };

/**
 * A restaurant of a test's own: one table, one category with three dishes,
 * an owner, and more members on demand. Nothing else touches it, so a test
 * may compare all its rows before and after. `remove()` deletes it all.
 */
export async function scratchRestaurant(
  options: { payFirst?: boolean; label?: string; currency?: string; stripeAccountId?: string } = {},
) {
  const key = randomUUID().slice(0, 12);
  const tenant = await db.tenant.create({
    data: {
      name: `Scratch ${options.label ?? ''} ${key}`.replace(/\s+/g, ' '),
      slug: `scratch-${key}`,
      currency: options.currency ?? 'EUR',
      immediatePaymentRequired: options.payFirst ?? false,
      stripeAccountId: options.stripeAccountId ?? null,
    },
  });
  const table = await db.table.create({ data: { tenantId: tenant.id, token: `scratch-${key}`, name: 'Table 1' } });
  const category = await db.category.create({ data: { tenantId: tenant.id, name: 'Mains' } });
  const products: Array<{ id: string }> = [];
  for (const [name, priceMinor] of [
    ['Soup', 650],
    ['Bread', 300],
    ['Stew', 1450],
  ] as const) {
    products.push(
      await db.product.create({ data: { tenantId: tenant.id, categoryId: category.id, name, priceMinor } }),
    );
  }

  /** A member of this restaurant; with a password, one that can sign in over HTTP. */
  async function addMember(role: 'OWNER' | 'STAFF', password?: string) {
    return db.user.create({
      data: {
        email: `${role.toLowerCase()}-${randomUUID().slice(0, 8)}-${key}${SCRATCH_EMAIL_DOMAIN}`,
        name: `${role === 'OWNER' ? 'Owner' : 'Staff'} ${key}`,
        passwordHash: password ? await hashPassword(password) : 'never-signs-in',
        role,
        tenantId: tenant.id,
      },
    });
  }

  /** An order placed by a guest at the table (through the domain, announced nowhere). */
  async function order(customerName = 'Guest') {
    return placeOrder(db, noEvents, randomUUID(), {
      tableToken: table.token,
      customerName,
      items: products.slice(0, 2).map((p) => ({ productId: p.id, quantity: 1, note: undefined })),
      idempotencyKey: randomUUID(),
    });
  }

  const owner = await addMember('OWNER');
  return {
    tenantId: tenant.id,
    tableId: table.id,
    tableToken: table.token,
    productIds: products.map((p) => p.id),
    owner,
    addMember,
    order,
    remove: () =>
      db.$transaction([
        // Orders keep their table and products keep their category (onDelete: Restrict): they go first.
        db.order.deleteMany({ where: { tenantId: tenant.id } }),
        db.product.deleteMany({ where: { tenantId: tenant.id } }),
        db.tenant.delete({ where: { id: tenant.id } }),
      ]),
  };
}

export type ScratchRestaurant = Awaited<ReturnType<typeof scratchRestaurant>>;

/** A random address in 198.18.0.0/15 (reserved for benchmarking). */
export function randomClientIp(): string {
  const n = Math.floor(Math.random() * 2 ** 17);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

/**
 * A sliding window is two fixed windows, the previous one weighted by how much
 * of it still overlaps (and floored): across a window's edge one request more
 * than the limit can be admitted. A test that counts exactly to a limit starts
 * clear of the next edge, waiting past it when it is less than `needMs` away.
 */
export async function clearOfWindowEdge(windowSeconds: number, needMs = 5_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/**
 * A table of its own for one test, so no other test's menu loads or orders
 * count against its `menu-table` bucket. Call `remove()` when done: it
 * deletes the table and the orders placed at it.
 */
export async function scratchTable(tenantSlug = 'demo-bistro') {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: tenantSlug } });
  const token = `scratch-${randomUUID().slice(0, 12)}`;
  const table = await db.table.create({ data: { tenantId: tenant.id, token, name: `Scratch ${token}` } });
  // Orders keep their table (onDelete: Restrict), so a scratch table goes with the test's orders.
  const remove = () =>
    db.$transaction([
      db.order.deleteMany({ where: { tableId: table.id } }),
      db.table.delete({ where: { id: table.id } }),
    ]);
  return { token, remove };
}
