// Chooses PostgreSQL for the demo and the tests (SPEC §5):
// demo  — DATABASE_URL when set, else an embedded PostgreSQL (PGlite served
//         over TCP, data kept under .data/pglite);
// tests — a fresh database per run on TEST_DATABASE_URL's server, else on the
//         local server at 127.0.0.1:5432, else an embedded one in a temp dir.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { freePort } from './redis';

export type PostgresService = {
  url: string;
  kind: 'env' | 'local' | 'embedded';
  description: string;
  stop(): Promise<void>;
};

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function canConnect(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** A new, empty database on the server of `serverUrl`; drop() removes it. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'tableside_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** PGlite (PostgreSQL compiled to WASM) behind a PostgreSQL wire-protocol socket. */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void): Promise<PostgresService> {
  mkdirSync(dataDir, { recursive: true });
  const startedAt = Date.now();
  const db = new PGlite(dataDir);
  await db.waitReady;
  const port = await freePort();
  // PGlite is one session: clients must use a pool of one connection. More than
  // one socket may be open (a closing one and its successor, the demo server
  // and a migration), or Node's listener would refuse the newcomer outright.
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  log(`Started embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir} (${Date.now() - startedAt} ms)`);
  return {
    url,
    kind: 'embedded',
    description: `embedded PostgreSQL (PGlite) on 127.0.0.1:${port}, data in ${dataDir}; one connection at a time`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export async function ensurePostgres(opts: {
  purpose: 'demo' | 'test';
  dataDir: string;
  log: (m: string) => void;
}): Promise<PostgresService> {
  if (opts.purpose === 'demo') {
    const url = process.env.DATABASE_URL;
    if (url) {
      if (!(await canConnect(url))) throw new Error('DATABASE_URL is set but PostgreSQL does not answer there.');
      return { url, kind: 'env', description: 'DATABASE_URL', stop: async () => {} };
    }
    return startEmbeddedPostgres(join(opts.dataDir, 'pglite'), opts.log);
  }

  const server = process.env.TEST_DATABASE_URL ?? LOCAL_SERVER;
  if (await canConnect(server)) {
    const scratch = await createScratchDatabase(server);
    const kind = process.env.TEST_DATABASE_URL ? 'env' : 'local';
    const where = new URL(server).host;
    return {
      url: scratch.url,
      kind,
      description: `fresh database ${new URL(scratch.url).pathname.slice(1)} on ${where}, dropped after the run`,
      stop: scratch.drop,
    };
  }
  if (process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is set but PostgreSQL does not answer there.');
  const dir = mkdtempSync(join(tmpdir(), 'tableside-pglite-'));
  const embedded = await startEmbeddedPostgres(dir, opts.log);
  return {
    ...embedded,
    async stop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
