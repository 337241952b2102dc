// First step of `npm run demo` and `npm test` on a fresh machine: plain Node,
// no dependencies. Installs packages when missing or out of date, then hands
// over to the TypeScript orchestrator (run with tsx) and forwards signals so
// Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Tableside needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

function dependenciesAreCurrent() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const have = JSON.parse(readFileSync(installed, 'utf8'));
  // Same top-level versions as the lock file: nothing to install.
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.startsWith('node_modules/') || path.indexOf('node_modules/', 1) > 0) continue;
    if (entry.optional) continue;
    if (have.packages?.[path]?.version !== entry.version) return false;
  }
  return true;
}

if (!dependenciesAreCurrent()) {
  // `npm ci`: exactly the committed lock file, which is never rewritten, so a
  // fresh clone stays clean (`git status`) after the first demo or test run.
  // The lock lists every platform's optional packages (regenerate it with
  // `npm install --package-lock-only` after changing dependencies).
  console.log('› Installing dependencies (npm ci, from package-lock.json)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

// The orchestrators import the generated Prisma client (migrate, seed), so it
// must exist before they load.
const generated = spawnSync(process.execPath, [join(root, 'scripts', 'prisma-generate.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (generated.status !== 0) {
  console.error('prisma generate failed; see the output above.');
  process.exit(generated.status ?? 1);
}

const [script, ...args] = process.argv.slice(2);
const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', script), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
