// The migration runner on Prisma's WASM schema engine, against real PostgreSQL.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../services/postgres';
import { applyMigrations, createMigration, detectDrift, pendingMigrations } from './migrations';

const server = process.env.TEST_PG_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch() {
  const database = await createScratchDatabase(server, 'tableside_migrate');
  cleanups.push(database.drop);
  return database.url;
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** A copy of the committed migrations and schema that a test may change. */
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'tableside-migrations-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync('prisma/migrations', join(dir, 'migrations'), { recursive: true });
  cpSync('prisma/schema.prisma', join(dir, 'schema.prisma'));
  return { migrationsDir: join(dir, 'migrations'), schemaPath: join(dir, 'schema.prisma') };
}

const committed = readdirSync('prisma/migrations')
  .filter((name) => /^\d{14}_/.test(name))
  .sort();

describe('migration runner', () => {
  it('applies every committed migration to a fresh database, with Prisma bookkeeping', async () => {
    const url = await scratch();
    expect(await pendingMigrations(url)).toEqual(committed);
    const { applied } = await applyMigrations(url);
    expect(applied).toEqual(committed);

    const tables = (await query(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).map(
      (r) => r.tablename,
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'Tenant',
        'User',
        'Table',
        'Product',
        'Order',
        'OrderItem',
        'Payment',
        '_prisma_migrations',
      ]),
    );
    const rows = await query(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const row of rows) {
      // The checksum `prisma migrate deploy` compares: SHA-256 of migration.sql.
      const sql = readFileSync(join('prisma/migrations', String(row.migration_name), 'migration.sql'));
      const { createHash } = await import('node:crypto');
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('is a no-op when run again', async () => {
    const url = await scratch();
    await applyMigrations(url);
    expect(await applyMigrations(url)).toEqual({ applied: [] });
    expect(await pendingMigrations(url)).toEqual([]);
  });

  it('detects drift: a column added by hand', async () => {
    const url = await scratch();
    await applyMigrations(url);
    expect((await detectDrift(url)).drifted).toBe(false);
    await query(url, `ALTER TABLE "Tenant" ADD COLUMN "sneaky" text`);
    const drift = await detectDrift(url);
    expect(drift.drifted).toBe(true);
    expect(drift.summary).toMatch(/Tenant/);
    expect(drift.summary).toMatch(/sneaky/);
  });

  it('refuses to deploy when an applied migration was edited', async () => {
    const url = await scratch();
    const paths = sandbox();
    await applyMigrations(url, paths);
    const first = join(paths.migrationsDir, committed[0]!, 'migration.sql');
    writeFileSync(first, `${readFileSync(first, 'utf8')}\n-- edited after the fact\n`);
    await expect(applyMigrations(url, paths)).rejects.toThrow(/edited after they were applied/);
  });

  it('creates a migration from a schema change, applies it, and then has nothing to create', async () => {
    const url = await scratch();
    const paths = sandbox();
    await applyMigrations(url, paths);
    expect(await createMigration(url, 'nothing_changed', paths)).toEqual({ path: null });

    const schema = readFileSync(paths.schemaPath, 'utf8');
    writeFileSync(
      paths.schemaPath,
      schema.replace(
        '  stripeAccountId          String?',
        '  stripeAccountId          String?\n  timezone                 String   @default("UTC")',
      ),
    );
    const { path } = await createMigration(url, 'add_tenant_timezone', paths);
    expect(path).toMatch(/\d{14}_add_tenant_timezone$/);
    const sql = readFileSync(join(path!, 'migration.sql'), 'utf8');
    expect(sql).toMatch(/ALTER TABLE "Tenant" ADD COLUMN\s+"timezone" TEXT NOT NULL DEFAULT 'UTC'/);
    const columns = await query(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Tenant'`);
    expect(columns.map((c) => c.column_name)).toContain('timezone');
    expect(await createMigration(url, 'again', paths)).toEqual({ path: null });

    // The shadow databases it used are gone.
    const leftovers = await query(server, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'`);
    expect(leftovers).toEqual([]);
  });
});
