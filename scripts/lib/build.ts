// Steps shared by `npm run demo` and `npm test` (bootstrap.mjs has already
// generated the Prisma client): migrate, seed, and build Next.js only when
// its inputs changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createPrismaClient } from '../../server/prisma-client';
import { dropCachedMenusOfTables, seedDemoData } from '../../prisma/seed-lib';
import { applyMigrations } from './migrations';
import { log, runOrThrow } from './proc';

export const root = join(import.meta.dirname, '..', '..');

/** The schema engine logs JSON, each migration's whole SQL included: keep warnings and errors. */
function engineLog(line: string): void {
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (entry.level === 'WARN' || entry.level === 'ERROR') log(`  ${entry.level}: ${entry.fields?.message ?? line}`);
  } catch {
    log(`  ${line}`);
  }
}

export async function migrateAndSeed(databaseUrl: string, poolSize: number, env: NodeJS.ProcessEnv): Promise<void> {
  const { applied } = await applyMigrations(databaseUrl, { log: engineLog });
  log(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database schema is up to date',
  );
  const db = createPrismaClient(databaseUrl, poolSize);
  try {
    const summary = await seedDemoData(db);
    log(`Demo data: ${summary.created} rows created, ${summary.existing} already there`);
    await dropCachedMenusOfTables(db, env);
  } finally {
    await db.$disconnect();
  }
}

const BUILD_INPUTS = [
  'app',
  'components',
  'lib',
  'server',
  'types',
  'middleware.ts',
  'instrumentation.ts',
  'next.config.ts',
  'tsconfig.json',
  'package-lock.json',
  'prisma/schema.prisma',
];
const STAMP = join(root, '.next', 'tableside-build-stamp');

function hashInputs(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (path.endsWith(join('server', 'generated'))) return;
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else {
      hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const input of BUILD_INPUTS) visit(join(root, input));
  return hash.digest('hex');
}

/** `next build`, skipped when nothing it reads changed since the last build. */
export async function buildIfNeeded(env: NodeJS.ProcessEnv, force = false): Promise<void> {
  const digest = hashInputs();
  if (
    !force &&
    existsSync(join(root, '.next', 'BUILD_ID')) &&
    existsSync(STAMP) &&
    readFileSync(STAMP, 'utf8') === digest
  ) {
    log('Build is up to date (no source changes since the last build)');
    return;
  }
  log('Building the app (next build)…');
  await runOrThrow(join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, env });
  writeFileSync(STAMP, digest);
}
