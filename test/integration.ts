// Shared set-up for integration tests: the real test database and Redis that
// `npm test` prepared, and tRPC callers with a chosen identity.
import { randomUUID } from 'node:crypto';
import type { Session } from 'next-auth';
import { createCaller } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { db } from '@/server/db';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through \`npm test\``);
  return value;
}

export type CallerOptions = { session?: Session | null; headers?: Record<string, string>; resHeaders?: Headers };

export async function callerFor(options: CallerOptions = {}) {
  // A client address of its own per caller, so tests never share a rate-limit bucket by accident.
  const headers = new Headers({ 'x-forwarded-for': randomClientIp(), ...options.headers });
  const ctx = await createTRPCContext({
    headers,
    session: options.session ?? null,
    resHeaders: options.resHeaders ?? new Headers(),
  });
  return createCaller(ctx);
}

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
