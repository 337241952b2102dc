// `npm run bench:limits`: what the rate limits cost. One production build is
// served with limits off and on, alternated, and loaded with autocannon on the
// guest menu query, then on /api/health (no limits, no Redis for the check:
// the floor of a request through serve.mjs and middleware.ts) in the same
// round; prints req/s, p50/p95/p99 latency and the Redis REST round trips per
// request. Both sides take the same data path: the menu cache's reads ride the
// limiter's batcher whether limits are on or off, so the ratio is the cost of
// the limits alone. `npm run bench:menu` (--compare menu-cache) does the same
// with the menu cache off and on. A benchmark: it reports, it never fails on a number.
// Flags: --duration <s> (10), --connections <n,n…> (8,32), --rounds <n> per
// configuration (3), --compare limits|menu-cache.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildIfNeeded, migrateAndSeed, root } from './lib/build';
import { exitOnSignals, log, onShutdown, shutdown, startDaemon, stopChild, waitForHttp } from './lib/proc';
import { startServices } from './lib/services';
import { ensureRedis, freePort } from './services/redis';
import { startUpstashRest, type UpstashRest } from './services/upstash-rest';

type Config = 'off' | 'on';
type Options = { duration: number; connections: number[]; rounds: number; compare: Comparison };
/** What is switched off and on between rounds: the rate limits, or the menu cache (limits on in both). */
type Comparison = 'limits' | 'menu-cache';
const SWITCH: Record<Comparison, (on: boolean) => Record<string, string>> = {
  limits: (on) => ({ RATE_LIMIT_ENABLED: String(on) }),
  'menu-cache': (on) => ({ RATE_LIMIT_ENABLED: 'true', MENU_CACHE_ENABLED: String(on) }),
};
type Load = {
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
};
type Round = Load & {
  round: number;
  config: Config;
  restRequests: number | null;
  restCommands: number | null;
  /** The same server, same connections, on /api/health right after. */
  health: Load;
};

const WARM_UP_SECONDS = 3;
const MENU_PATH = `/api/trpc/menu.get?input=${encodeURIComponent(JSON.stringify({ json: { tableToken: 'demo-t1' } }))}`;
const HEALTH_PATH = '/api/health';
const TARGET = 'target: ratio ≥ 0.90, ≤ 1 REST round trip per layer (edge middleware + tRPC procedure = 2 layers)';
// The bench measures the cost of checking a limit, not of refusing: no request may be refused.
const LIMITS_NEVER_REACHED = {
  RATE_LIMIT_GLOBAL_LIMIT: '100000000',
  RATE_LIMIT_GLOBAL_BURST_LIMIT: '100000000',
  RATE_LIMIT_MENU_LIMIT: '100000000',
  RATE_LIMIT_MENU_TABLE_LIMIT: '100000000',
  RATE_LIMIT_GLOBAL_IP_LIMIT: '100000000',
};

function comparison(value: string): Comparison {
  if (value === 'limits' || value === 'menu-cache') return value;
  throw new Error(`--compare must be "limits" or "menu-cache", got "${value}"`);
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      // Two loads: 8 connections keep the server busy without a queue; at 32 a
      // queue builds (ENVIRONMENT.md's measurement).
      connections: { type: 'string', default: '8,32' },
      rounds: { type: 'string', default: '3' },
      compare: { type: 'string', default: 'limits' },
    },
  });
  const positive = (name: keyof Options, text = String(values[name])) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be whole numbers ≥ 1, got "${text}"`);
    return value;
  };
  return {
    duration: positive('duration'),
    connections: String(values.connections)
      .split(',')
      .map((c) => positive('connections', c.trim())),
    rounds: positive('rounds'),
    compare: comparison(String(values.compare)),
  };
}

/**
 * Our own Redis + Upstash REST endpoint, so its request counters are ours to
 * read; startServices then uses them from process.env. Undefined when the user
 * points at an Upstash of their own, whose traffic we cannot count.
 */
async function startCountedUpstash(dataDir: string): Promise<UpstashRest | undefined> {
  if (process.env.UPSTASH_REDIS_REST_URL && process.env.UPSTASH_REDIS_REST_TOKEN) return undefined;
  const redis = await ensureRedis({ dataDir, log });
  onShutdown('Redis', redis.stop);
  const rest = await startUpstashRest({ redisUrl: redis.url, port: 0, token: randomBytes(24).toString('base64url') });
  onShutdown('Upstash REST endpoint', rest.stop);
  process.env.REDIS_URL = redis.url;
  process.env.UPSTASH_REDIS_REST_URL = rest.url;
  process.env.UPSTASH_REDIS_REST_TOKEN = rest.token;
  log(`Redis: ${redis.description}; Upstash REST endpoint (local, counted): ${rest.url}`);
  return rest;
}

function startNext(config: Config, port: number, env: NodeJS.ProcessEnv, compare: Comparison): ChildProcess {
  return startDaemon(
    `Next.js server (${compare} ${config})`,
    process.execPath,
    [join(root, 'serve.mjs'), '--port', String(port), '--hostname', '127.0.0.1'],
    {
      cwd: root,
      env: {
        ...env,
        ...LIMITS_NEVER_REACHED,
        NODE_ENV: 'production',
        PORT: String(port),
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        METRICS_TOKEN: randomBytes(16).toString('hex'),
        // The "off" side turns every limit off, which a production server refuses unless told.
        TABLESIDE_ACCEPT_UNSAFE: 'rate-limits-off',
        ...SWITCH[compare](config === 'on'),
      },
    },
  );
}

/** Ready when /api/health answers; fails at once if the server dies first. */
function whenReady(server: ChildProcess, base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the Next.js server exited (code ${code}) before it was ready`));
    server.once('exit', onExit);
    waitForHttp(`${base}/api/health`, 60_000)
      .then(resolve, reject)
      .finally(() => server.off('exit', onExit));
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return Math.round(value * 10) / 10;
}

/**
 * autocannon, keeping every response time: its summary has no p95, which the
 * budgets are written in.
 */
function load(url: string, connections: number, duration: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections, duration }, (error, result) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      resolve({
        reqPerSec: result.requests.mean,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        p99Ms: percentile(times, 99),
        requests: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** One request first: a failing query would make every number below meaningless. */
async function checkMenuAnswers(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`GET ${MENU_PATH} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}

async function runRound(
  round: number,
  config: Config,
  env: NodeJS.ProcessEnv,
  rest: UpstashRest | undefined,
  options: Options,
  connections: number,
): Promise<Round> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const url = base + MENU_PATH;
  log(`Round ${round}: ${options.compare} ${config}, port ${port}`);
  const server = startNext(config, port, env, options.compare);
  try {
    await whenReady(server, base);
    await checkMenuAnswers(url);
    await autocannon({ url, connections, duration: WARM_UP_SECONDS });
    // Let the warm-up's abandoned requests finish their Redis calls before counting.
    await new Promise((r) => setTimeout(r, 250));
    rest?.resetStats();
    const menu = await load(url, connections, options.duration);
    const restRequests = rest ? rest.stats.requests : null;
    const restCommands = rest ? rest.stats.commands : null;
    const health = await load(base + HEALTH_PATH, connections, options.duration);
    return { round, config, ...menu, restRequests, restCommands, health };
  } finally {
    await stopChild(server);
  }
}

function warnIfRefused(round: Round): void {
  if (round.non2xx === 0 && round.errors === 0 && round.health.non2xx === 0 && round.health.errors === 0) return;
  console.error(
    `\n!!! Round ${round.round} (limits ${round.config}): ${round.non2xx} non-2xx responses, ${round.errors} connection errors.\n` +
      '!!! A refused or failed request is cheaper than a served one and flatters the ratio: these numbers are not comparable.\n',
  );
}

const perRequest = (count: number | null, requests: number) =>
  count === null || requests === 0 ? null : count / requests;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

function printRounds(rounds: Round[]): void {
  console.table(
    rounds.map((r) => ({
      round: r.round,
      limits: r.config,
      'req/s': fixed(r.reqPerSec, 0),
      'p50 ms': r.p50Ms,
      'p95 ms': r.p95Ms,
      'p99 ms': r.p99Ms,
      requests: r.requests,
      'non-2xx': r.non2xx + r.health.non2xx,
      errors: r.errors + r.health.errors,
      'REST/req': fixed(perRequest(r.restRequests, r.requests), 2),
      'cmds/req': fixed(perRequest(r.restCommands, r.requests), 2),
      'health req/s': fixed(r.health.reqPerSec, 0),
      'health p50': r.health.p50Ms,
      'health p95': r.health.p95Ms,
    })),
  );
}

function summarize(rounds: Round[], compare: Comparison) {
  const of = (config: Config) => rounds.filter((r) => r.config === config);
  const on = of('on');
  const requestsOn = sum(on.map((r) => r.requests));
  const perOnRequest = (pick: (r: Round) => number | null) =>
    on.every((r) => pick(r) !== null) ? perRequest(sum(on.map((r) => pick(r) ?? 0)), requestsOn) : null;
  const medianOff = median(of('off').map((r) => r.reqPerSec));
  const p50 = (config: Config) => median(of(config).map((r) => r.p50Ms));
  const p95 = (config: Config) => median(of(config).map((r) => r.p95Ms));
  const health = (config: Config) => ({
    reqPerSec: median(of(config).map((r) => r.health.reqPerSec)),
    p50Ms: median(of(config).map((r) => r.health.p50Ms)),
    p95Ms: median(of(config).map((r) => r.health.p95Ms)),
  });
  const medianOn = median(on.map((r) => r.reqPerSec));
  return {
    compare,
    medianP50MsOff: p50('off'),
    medianP50MsOn: p50('on'),
    medianP95MsOff: p95('off'),
    medianP95MsOn: p95('on'),
    healthOff: health('off'),
    healthOn: health('on'),
    medianReqPerSecOff: medianOff,
    medianReqPerSecOn: medianOn,
    ratio: medianOn / medianOff,
    restRoundTripsPerRequest: perOnRequest((r) => r.restRequests),
    redisCommandsPerRequest: perOnRequest((r) => r.restCommands),
    refusedOrFailed: sum(rounds.map((r) => r.non2xx + r.errors + r.health.non2xx + r.health.errors)),
  };
}

function printSummary(summary: ReturnType<typeof summarize>): void {
  const row = (label: string, value: string) => `${label.padEnd(39)}${value}`;
  const { compare } = summary;
  console.log(
    [
      '',
      row(`median req/s, ${compare} off:`, summary.medianReqPerSecOff.toFixed(0)),
      row(`median req/s, ${compare} on:`, summary.medianReqPerSecOn.toFixed(0)),
      row('ratio on/off:', summary.ratio.toFixed(2)),
      row(`median p50 latency, ${compare} off:`, `${summary.medianP50MsOff} ms`),
      row(`median p50 latency, ${compare} on:`, `${summary.medianP50MsOn} ms`),
      row(`median p95 latency, ${compare} off / on:`, `${summary.medianP95MsOff} / ${summary.medianP95MsOn} ms`),
      row(
        `/api/health, ${compare} off:`,
        `${summary.healthOff.reqPerSec.toFixed(0)} req/s, p50 ${summary.healthOff.p50Ms} ms, p95 ${summary.healthOff.p95Ms} ms`,
      ),
      row(
        `/api/health, ${compare} on:`,
        `${summary.healthOn.reqPerSec.toFixed(0)} req/s, p50 ${summary.healthOn.p50Ms} ms, p95 ${summary.healthOn.p95Ms} ms`,
      ),
      row('REST round trips per request (on):', fixed(summary.restRoundTripsPerRequest, 2)),
      row('Redis commands per request (on):', fixed(summary.redisCommandsPerRequest, 2)),
      ...(compare === 'limits' ? [TARGET] : []),
    ].join('\n'),
  );
  if (summary.refusedOrFailed > 0)
    console.error(`!!! ${summary.refusedOrFailed} requests were refused or failed: see the warnings above.`);
}

exitOnSignals();
let failed = false;
try {
  const options = readOptions();
  const dataDir = join(root, '.data', 'bench');
  const rest = await startCountedUpstash(dataDir);
  if (!rest) log('UPSTASH_REDIS_REST_URL is set: REST round trips at that endpoint cannot be counted.');
  const services = await startServices('test', dataDir);
  // With our own endpoint, startServices' Redis line would credit it to the user's UPSTASH_REDIS_REST_URL.
  services.started.filter((s) => !rest || !s.startsWith('Redis:')).forEach((s) => log(s));
  const env: NodeJS.ProcessEnv = { ...process.env, ...services.env, NEXT_TELEMETRY_DISABLED: '1' };

  await migrateAndSeed(env.DATABASE_URL!, Number(env.DATABASE_POOL_SIZE ?? 2), env);
  await buildIfNeeded({ ...env, NODE_ENV: 'production' });

  const results = [];
  for (const connections of options.connections) {
    const rounds: Round[] = [];
    for (let i = 0; i < options.rounds * 2; i++) {
      const round = await runRound(i + 1, i % 2 === 0 ? 'off' : 'on', env, rest, options, connections);
      log(
        `  menu.get ${round.reqPerSec.toFixed(0)} req/s, p50 ${round.p50Ms} ms, p95 ${round.p95Ms} ms, ${round.requests} requests; ` +
          `/api/health ${round.health.reqPerSec.toFixed(0)} req/s, p95 ${round.health.p95Ms} ms`,
      );
      warnIfRefused(round);
      rounds.push(round);
    }
    results.push({ connections, rounds, summary: summarize(rounds, options.compare) });
  }

  for (const { connections, rounds, summary } of results) {
    console.log(
      `\nGET ${MENU_PATH} (then GET ${HEALTH_PATH}), ${connections} connections, ${options.duration} s each per round after ${WARM_UP_SECONDS} s of warm-up`,
    );
    printRounds(rounds);
    printSummary(summary);
  }
  const file = join(dataDir, 'limits.json');
  writeFileSync(file, JSON.stringify({ options, results, target: TARGET }, null, 2) + '\n');
  log(`Written to ${file}`);
} catch (error) {
  console.error(`\nThe bench could not run: ${(error as Error).message}`);
  failed = true;
} finally {
  await shutdown();
}
process.exit(failed ? 1 : 0);
