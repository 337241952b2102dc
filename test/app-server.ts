// Production servers for HTTP tests: serve.mjs (as in production) over the build `npm test`
// made, on a free port, with the test services and chosen env overrides
// (short windows, small limits), stopped after the test file.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stopChild, waitForHttp } from '@/scripts/lib/proc';
import { freePort } from '@/scripts/services/redis';

/** Production servers refuse to start with /api/metrics open; tests read it with this token. */
export const TEST_METRICS_TOKEN = 'metrics-test-token';

export type AppServer = { url: string; output: () => string; stop(): Promise<void> };

const root = join(import.meta.dirname, '..');

/** `readyPath`: what must answer below 500 before tests start (a server without its database fails /api/health). */
export async function startAppServer(
  overrides: Record<string, string> = {},
  { readyPath = '/api/health' }: { readyPath?: string } = {},
): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(root, 'serve.mjs'), '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXTAUTH_URL: url, METRICS_TOKEN: TEST_METRICS_TOKEN, ...overrides },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A server that refuses to start says why at once: no need to wait for the timeout.
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`The server exited with code ${code} before it was ready.`))),
  );
  try {
    await Promise.race([waitForHttp(`${url}${readyPath}`, 60_000), exited]);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop: () => stopChild(child) };
}

/** Fires `count` requests at once and returns their responses. */
export function burst(count: number, request: (i: number) => Promise<Response>): Promise<Response[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => request(i)));
}
