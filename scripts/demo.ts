// `npm run demo`: services → generate → migrate → seed → build → serve.mjs (Next behind our front door).
import { join } from 'node:path';
import { buildIfNeeded, migrateAndSeed, root } from './lib/build';
import { exitOnSignals, log, shutdown, startDaemon, waitForHttp } from './lib/proc';
import { startServices } from './lib/services';

exitOnSignals();
const startedAt = Date.now();

try {
  const port = Number(process.env.PORT ?? 3000);
  const services = await startServices('demo', join(root, '.data'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...services.env,
    PORT: String(port),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
    // A local demo: /api/metrics may stay open (a production server refuses that without METRICS_TOKEN).
    TABLESIDE_DEMO: 'true',
  };

  await migrateAndSeed(env.DATABASE_URL!, Number(env.DATABASE_POOL_SIZE ?? 1), env);
  await buildIfNeeded({ ...env, NODE_ENV: 'production' });

  log(`Starting Tableside on port ${port}…`);
  const server = startDaemon('Next.js server', process.execPath, [join(root, 'serve.mjs'), '--port', String(port)], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production' },
  });
  server.on('exit', (code) => {
    console.error(`The Next.js server exited (code ${code}).`);
    void shutdown().then(() => process.exit(code ?? 1));
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);

  const base = `http://localhost:${port}`;
  console.log(`
Tableside is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s). Press Ctrl-C to stop.

Started or used:
${services.started.map((s) => `  • ${s}`).join('\n')}

Guest menus (what a table's QR code opens):
  Demo Bistro (EUR)     ${base}/menu/demo-t1   … demo-t5
  Instant Café (USD)    ${base}/menu/instant-t1 … instant-t3  (pay before the kitchen sees it)
  Sakura Sushi (JPY)    ${base}/menu/sakura-t1  … sakura-t3

Staff sign-in: ${base}/admin
  owner@demo-bistro.test   / demo-bistro-pass
  owner@instant-cafe.test  / instant-cafe-pass
  owner@sakura.test        / sakura-pass
  ops@tableside.test       / ops-pass-1234   (operator)
`);
} catch (error) {
  console.error(`\nThe demo could not start: ${(error as Error).message}`);
  await shutdown();
  process.exit(1);
}
