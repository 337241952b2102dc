// Chooses the Redis behind the local Upstash REST endpoint: REDIS_URL when it
// answers; else a private redis-server (installed with apt when missing and
// we are root on Debian); else a clear message on what to do.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import IORedis from 'ioredis';

export type RedisService = { url: string; started: boolean; description: string; stop(): Promise<void> };

export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

function installRedis(log: (m: string) => void): void {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'No Redis answers at REDIS_URL and redis-server is not installed.\n' +
        '  Install Redis (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis),\n' +
        '  or point REDIS_URL at a running Redis, or set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN.',
    );
  }
  log('No Redis found: installing redis-server from Debian packages (apt-get install redis-server)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'redis-server'],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed`);
  }
}

export async function ensureRedis(opts: {
  redisUrl?: string;
  dataDir: string;
  log: (m: string) => void;
}): Promise<RedisService> {
  const url = opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(url)) {
    return { url, started: false, description: `existing Redis at ${url}`, stop: async () => {} };
  }
  if (!onPath('redis-server')) installRedis(opts.log);

  const redis = await startPrivateRedis(join(opts.dataDir, 'redis'));
  opts.log(`Started a private redis-server on ${redis.url} (nothing answered at ${url})`);
  return redis;
}

/** A redis-server of our own (on `port`, or a free one), without persistence. */
export async function startPrivateRedis(dir: string, port?: number): Promise<RedisService> {
  const chosen = port ?? (await freePort());
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 10_000;
  while (!(await pingRedis(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${chosen}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    started: true,
    description: `private redis-server on ${url}, started for this run`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Database 15 of that Redis, emptied: test runs start from no counters and never touch the demo's keys. */
/**
 * An empty Redis database of its own for one test run: databases 15 down to 1
 * are claimed with a key in database 0 (held for two hours at most), so test
 * runs side by side on one machine never empty each other's. `release()`
 * gives it back.
 */
export async function scratchRedisDatabase(url: string): Promise<{ url: string; release(): Promise<void> }> {
  const claims = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    for (let db = 15; db >= 1; db--) {
      const claim = `tableside:test-run-db:${db}`;
      if ((await claims.set(claim, String(process.pid), 'EX', 7200, 'NX')) !== 'OK') continue;
      const scratch = new URL(url);
      scratch.pathname = `/${db}`;
      const client = new IORedis(scratch.toString(), { maxRetriesPerRequest: 1 });
      try {
        await client.flushdb();
      } finally {
        client.disconnect();
      }
      return {
        url: scratch.toString(),
        async release() {
          const releaser = new IORedis(url, { maxRetriesPerRequest: 1 });
          try {
            await releaser.del(claim);
          } finally {
            releaser.disconnect();
          }
        },
      };
    }
    throw new Error('Every Redis test database (1–15) is in use by another test run; try again when one ends.');
  } finally {
    claims.disconnect();
  }
}
