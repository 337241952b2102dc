// Prisma's own schema engine, as WebAssembly, for machines where the Prisma
// CLI cannot download its native engine. Node 20 cannot import a .wasm file,
// so the wasm-bindgen glue is loaded and instantiated by hand.
//
// The engine reaches PostgreSQL through @prisma/adapter-pg, wrapped to mend
// what 7.10.1 gets wrong for migrations:
// - a shadow database configured by connection string pointed at the MAIN
//   database (pg lets `connectionString` override `database`);
// - the shadow database was dropped while its own pool still held connections;
// - scripts were split on every ";" (breaks on semicolons inside strings or
//   function bodies); PostgreSQL runs a whole multi-statement script itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';

type Glue = typeof import('@prisma/schema-engine-wasm');
export type SchemaEngine = Awaited<ReturnType<Glue['SchemaEngine']['new']>>;

const require = createRequire(import.meta.url);
let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as Glue & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
  };
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

const INTERNAL_CHAR_OID = 18; // PostgreSQL's one-byte "char" (pg_catalog columns)
const TEXT_OID = 25;

/** Reports "char" columns as text, which adapter-pg maps (it rejects "char"). */
class CatalogFriendlyClient extends pg.Client {
  // @ts-expect-error -- one override for all of pg's query overloads
  override query(...args: unknown[]) {
    // pg-pool calls with a callback; direct callers use the promise.
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        last(error, error ? result : charAsText(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then(charAsText) : result;
  }
}

function charAsText<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult | undefined)?.fields ?? []) {
      if (field.dataTypeID === INTERNAL_CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

// The engine does not always dispose what it connected; pools are tracked so
// closeSchemaEngine() can end them (an idle pool would hold the process, and
// an embedded PostgreSQL serves one connection at a time).
const openPools = new Set<pg.Pool>();
function migrationPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: 1,
    idleTimeoutMillis: 1_000,
    Client: CatalogFriendlyClient as typeof pg.Client,
  });
  openPools.add(pool);
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    openPools.delete(pool);
    if (!pool.ended) await end();
  }) as typeof pool.end;
  return pool;
}

function wholeScripts(adapter: Adapter, pool: pg.Pool): Adapter {
  adapter.executeScript = async (script: string) => {
    await pool.query(script);
  };
  return adapter;
}

/**
 * An adapter factory like PrismaPg's, whose shadow database is really separate
 * and cleanly dropped. A plain object of closures: the engine calls these
 * functions detached from their object.
 */
function migrationAdapterFactory(connectionString: string) {
  const base = new PrismaPg({ connectionString });
  let mainPool: pg.Pool | undefined;
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    // One pool of one connection for every connect(): the engine may connect
    // more than once, and an embedded PostgreSQL serves one connection at a time.
    async connect() {
      mainPool ??= migrationPool(connectionString);
      return wholeScripts(await new PrismaPg(mainPool).connect(), mainPool);
    },
    async connectToShadowDb() {
      const name = `prisma_shadow_${crypto.randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const pool = migrationPool(url.toString());
      const adapter = wholeScripts(await new PrismaPg(pool).connect(), pool);
      adapter.dispose = async () => {
        await pool.end(); // before the DROP: its connections would block it
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      return adapter;
    },
  };
}

export async function closeSchemaEngine(engine: SchemaEngine): Promise<void> {
  engine.free();
  await Promise.all([...openPools].map((pool) => pool.end()));
}

export async function openSchemaEngine(
  databaseUrl: string,
  schema: { path: string; content: string },
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  return glue.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (message: string) => log(message),
    // The engine expects Result-wrapped calls, as Prisma's CLI passes them.
    bindMigrationAwareSqlAdapterFactory(
      migrationAdapterFactory(databaseUrl) as unknown as SqlMigrationAwareDriverAdapterFactory,
    ),
  );
}
