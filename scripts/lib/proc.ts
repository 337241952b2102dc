// Child processes and clean-up for the orchestrators: everything started is
// registered here and stopped on exit, on Ctrl-C and on failure.
import { spawn, type ChildProcess } from 'node:child_process';

type Cleanup = { name: string; stop: () => Promise<void> };
const cleanups: Cleanup[] = [];
let stopping: Promise<void> | undefined;

export function onShutdown(name: string, stop: () => Promise<void>): void {
  cleanups.push({ name, stop });
}

export function shutdown(): Promise<void> {
  stopping ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.stop();
      } catch (error) {
        console.error(`  could not stop ${cleanup.name}: ${(error as Error).message}`);
      }
    }
  })();
  return stopping;
}

export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`\n› ${signal}: stopping what was started…`);
      void shutdown().then(() => process.exit(130));
    });
  }
}

export const log = (message: string) => console.log(`› ${message}`);

export type RunOptions = { env?: NodeJS.ProcessEnv; cwd?: string; quiet?: boolean };

/** Runs a command to completion; resolves with its exit code (output inherited). */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.quiet ? 'ignore' : 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function runOrThrow(command: string, args: string[], options: RunOptions = {}): Promise<void> {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

/** Starts a long-running child and registers it for shutdown. */
export function startDaemon(name: string, command: string, args: string[], options: RunOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'inherit' });
  onShutdown(name, () => stopChild(child));
  return child;
}

export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}
