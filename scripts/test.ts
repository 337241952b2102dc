// `npm test`: real services → typecheck → lint → production build → Vitest
// (unit, integration, HTTP against production servers) → Playwright in
// Debian's Chromium. Ends with one
// "N passed, N failed" line over every test that ran.
//
// While working on one part: `npm test -- --only vitest [vitest args…]` or
// `npm test -- --only playwright [playwright args…]` runs the same services,
// migration and seed, then only that runner (building first when its tests
// need the production build).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfNeeded, migrateAndSeed, root } from './lib/build';
import { ensureChromium } from './lib/chromium';
import { exitOnSignals, log, run, shutdown } from './lib/proc';
import { startServices } from './lib/services';

exitOnSignals();
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const reports = join(root, '.data', 'test-reports');
const timings: string[] = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

async function step(name: string, action: () => Promise<number | void>): Promise<boolean> {
  const started = Date.now();
  log(`${name}…`);
  let ok: boolean;
  try {
    const code = await action();
    ok = code === undefined || code === 0;
  } catch (error) {
    console.error(`  ${(error as Error).message}`);
    ok = false;
  }
  timings.push(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function readJson(path: string): Record<string, unknown> | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : null;
}

const argv = process.argv.slice(2);
const only = argv[0] === '--only' ? argv[1] : undefined;
if (only !== undefined && only !== 'vitest' && only !== 'playwright') {
  console.error('Usage: npm test [-- --only vitest|playwright [runner arguments…]]');
  process.exit(2);
}
const runnerArgs = only ? argv.slice(2) : [];

let failed = false;
try {
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const services = await startServices('test', join(root, '.data', 'test'));
  services.started.forEach((s) => log(s));
  const e2ePort = process.env.E2E_PORT ?? '3100';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    NODE_ENV: 'test' as const,
    NEXTAUTH_URL: `http://127.0.0.1:${e2ePort}`,
    E2E_PORT: e2ePort,
    NEXT_TELEMETRY_DISABLED: '1',
  };

  const pipeline: [string, () => Promise<number | void>][] = [
    [
      'Migrate and seed the test database',
      () => migrateAndSeed(env.DATABASE_URL!, Number(env.DATABASE_POOL_SIZE ?? 2), env),
    ],
    ['Typecheck (tsc)', () => run(bin('tsc'), ['--noEmit'], { cwd: root, env })],
    ['Lint (eslint)', () => run(bin('eslint'), ['--max-warnings=0', '.'], { cwd: root, env })],
    [
      'Format (prettier --check)',
      () => run(bin('prettier'), ['--check', '--log-level=warn', '**/*.{ts,tsx,mjs,css}'], { cwd: root, env }),
    ],
    // Built before Vitest: the protection tests start production servers of their own.
    ['Production build (next build)', () => buildIfNeeded({ ...env, NODE_ENV: 'production' })],
    [
      'Unit and integration tests (vitest)',
      () =>
        run(
          bin('vitest'),
          [
            'run',
            '--reporter=default',
            '--reporter=json',
            `--outputFile.json=${join(reports, 'vitest.json')}`,
            ...(only === 'vitest' ? runnerArgs : []),
          ],
          {
            cwd: root,
            env,
          },
        ),
    ],
    [
      'End-to-end tests (playwright, Chromium)',
      async () =>
        run(bin('playwright'), ['test', ...(only === 'playwright' ? runnerArgs : [])], {
          cwd: root,
          env: {
            ...env,
            CHROMIUM_PATH: await ensureChromium(),
            PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json'),
          },
        }),
    ],
  ];
  const chosen = only
    ? pipeline.filter(
        ([name]) =>
          name.startsWith('Migrate') || name.startsWith('Production build') || name.toLowerCase().includes(`(${only}`),
      )
    : pipeline;
  for (const [name, action] of chosen) {
    if (!(await step(name, action))) {
      failed = true;
      break;
    }
  }
} catch (error) {
  console.error(`\nThe test run could not start: ${(error as Error).message}`);
  failed = true;
} finally {
  await shutdown();
}

const vitest = readJson(join(reports, 'vitest.json'));
if (vitest) {
  counts.passed += Number(vitest.numPassedTests ?? 0);
  counts.failed += Number(vitest.numFailedTests ?? 0);
  counts.skipped += Number(vitest.numPendingTests ?? 0) + Number(vitest.numTodoTests ?? 0);
}
const playwright = readJson(join(reports, 'playwright.json'));
if (playwright) {
  const stats = playwright.stats as { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  counts.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  counts.failed += stats.unexpected ?? 0;
  counts.skipped += stats.skipped ?? 0;
}
if (counts.skipped > 0) {
  console.error(`${counts.skipped} test(s) were skipped: Tableside keeps no skipped tests.`);
  failed = true;
}

console.log(`\nSteps:\n${timings.join('\n')}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failed || counts.failed > 0 ? 1 : 0);
