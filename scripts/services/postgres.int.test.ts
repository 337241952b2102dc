import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../lib/migrations';
import { canConnect, startEmbeddedPostgres } from './postgres';

describe('embedded PostgreSQL', () => {
  it('serves the wire protocol, takes the migrations, and frees its port on stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tableside-pglite-test-'));
    const service = await startEmbeddedPostgres(dir, () => {});
    try {
      expect(service.kind).toBe('embedded');
      const client = new pg.Client({ connectionString: service.url });
      await client.connect();
      const { rows } = await client.query<{ answer: number }>('SELECT 40 + 2 AS answer');
      expect(rows[0]?.answer).toBe(42);
      await client.end();

      const { applied } = await applyMigrations(service.url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await applyMigrations(service.url)).toEqual({ applied: [] });
    } finally {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await canConnect(service.url, 500)).toBe(false);
  }, 60_000);
});
