// `prisma generate`, offline. The Prisma CLI looks for its native schema
// engine at start-up and tries to download it; generate only needs WASM, so
// PRISMA_SCHEMA_ENGINE_BINARY points at a file that exists. Skipped when the
// client is already generated from the same schema and Prisma version.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'server', 'generated', 'prisma', '.tableside-stamp');
const prismaVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'prisma', 'package.json'), 'utf8')).version;
const stamp = createHash('sha256')
  .update(prismaVersion)
  .update(readFileSync(join(root, 'prisma', 'schema.prisma')))
  .digest('hex');

if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log('› Prisma client is up to date');
  process.exit(0);
}

const result = spawnSync(join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, // any existing file: generate never runs it
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
  },
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, stamp);
