// The limiter engine against the real Redis through the REST endpoint, for
// every policy in the table (including those whose procedures come later).
import { Redis } from '@upstash/redis';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clearOfWindowEdge, randomClientIp, requireEnv } from '@/test/integration';
import { createRateLimiter } from './create';
import { RateLimiter, type Decision, type LogViolation } from './limiter';
import { envNamesFor, POLICY_NAMES, POLICY_TABLE, resolveAbuse, resolvePolicies, type PolicyName } from './policies';

const env = {
  NODE_ENV: 'test' as const,
  NEXTAUTH_SECRET: 'x'.repeat(32),
  UPSTASH_REDIS_REST_URL: requireEnv('UPSTASH_REDIS_REST_URL'),
  UPSTASH_REDIS_REST_TOKEN: requireEnv('UPSTASH_REDIS_REST_TOKEN'),
  RATE_LIMIT_ENABLED: true,
  TRUSTED_PROXY_HOPS: 1,
  ADMIN_IP_ALLOWLIST: undefined,
};
const logged: Record<string, unknown>[] = [];
const log: LogViolation = (entry) => logged.push(entry);
const request = { path: '/test', method: 'GET', ip: '198.18.0.1' };

/** Every policy at limit 3 per 60 s (concurrency: 3 open), through the env override names. */
function smallLimits(): RateLimiter {
  const overrides = Object.fromEntries(
    POLICY_NAMES.flatMap((name) => {
      const { limit, window } = envNamesFor(name);
      return [
        [limit, 3],
        [window, 60],
      ];
    }),
  );
  return createRateLimiter(env, 'node', log, overrides);
}

describe('every policy in the table', () => {
  const limiter = smallLimits();
  for (const name of POLICY_NAMES.filter((n) => POLICY_TABLE[n].algorithm !== 'concurrency')) {
    it(`${name}: admits 3, counting down, then refuses with a Retry-After`, async () => {
      await clearOfWindowEdge(60);
      const id = randomUUID();
      const decisions: Decision[] = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.check([{ policy: name, id }], request));
      expect(decisions.slice(0, 3).map((d) => d.outcome === 'allowed' && d.results[0]!.remaining)).toEqual([2, 1, 0]);
      const refused = decisions[3]!;
      expect(refused.outcome).toBe('limited');
      if (refused.outcome !== 'limited') return;
      expect(refused.violated.policy.name).toBe(name);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(logged.some((l) => l.msg === 'ratelimit_violation' && l.policy === name && l.id !== id)).toBe(true);
    });
  }

  it('realtime-connections: 3 open at once, a 4th refused until one closes', async () => {
    const id = randomUUID();
    const opened = await Promise.all(
      ['a', 'b', 'c', 'd'].map((c) => limiter.acquireSlot('realtime-connections', id, c)),
    );
    expect(opened.filter((o) => o === 'acquired')).toHaveLength(3);
    expect(opened.filter((o) => o === 'full')).toHaveLength(1);
    const loser = ['a', 'b', 'c', 'd'][opened.indexOf('full')]!;
    const winner = ['a', 'b', 'c', 'd'][opened.indexOf('acquired')]!;
    expect(await limiter.acquireSlot('realtime-connections', id, winner)).toBe('acquired'); // renewal
    await limiter.releaseSlot('realtime-connections', id, winner);
    expect(await limiter.acquireSlot('realtime-connections', id, loser)).toBe('acquired');
  });
});

describe('one round trip, exact under concurrency', () => {
  it('50 concurrent checks of two policies against a limit of 10 admit exactly 10, in far fewer round trips', async () => {
    const limiter = new RateLimiter({
      redis: new Redis({
        url: env.UPSTASH_REDIS_REST_URL,
        token: env.UPSTASH_REDIS_REST_TOKEN,
        enableTelemetry: false,
      }),
      policies: { ...resolvePolicies({ RATE_LIMIT_MENU_LIMIT: 10, RATE_LIMIT_MENU_TABLE_LIMIT: 1000 }) },
      abuse: resolveAbuse({}),
      enabled: true,
      runtime: 'node',
      log,
    });
    await clearOfWindowEdge(60);
    const ip = randomUUID();
    const table = randomUUID();
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () =>
        limiter.check(
          [
            { policy: 'menu', id: ip },
            { policy: 'menu-table', id: table },
          ],
          request,
        ),
      ),
    );
    expect(decisions.filter((d) => d.outcome === 'allowed')).toHaveLength(10);
    expect(decisions.filter((d) => d.outcome === 'limited')).toHaveLength(40);
    // 100 limit checks, plus the refunds and violation marks of the 40 refused.
    expect(limiter.batcher.stats.roundTrips).toBeLessThan(20);
    // Refused requests were given back to the table's bucket: only the 10 admitted count there.
    const after = await limiter.check([{ policy: 'menu-table', id: table }], request);
    expect(after.outcome === 'allowed' && after.results[0]!.remaining).toBe(1000 - 11);
  });
});

describe('when Redis does not answer', () => {
  const dead = createRateLimiter({ ...env, UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' }, 'node', log, {});
  const check = (policy: PolicyName) => dead.check([{ policy, id: randomUUID() }], request);

  it('open policies let the request through, without made-up numbers', async () => {
    const decision = await check('menu');
    expect(decision).toEqual({ outcome: 'allowed', results: [], degraded: ['menu'] });
  });

  it('closed policies refuse it', async () => {
    for (const policy of ['login', 'payment', 'payment-order'] as const) {
      expect(await check(policy)).toEqual({ outcome: 'unavailable', policy });
    }
    expect(await dead.acquireSlot('realtime-connections', 'x', 'y')).toBe('unavailable');
  });
});

describe('when Redis hangs (accepts, never answers)', () => {
  it('decides open and closed policies within the check timeout, not after client retries', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const hanging = createRateLimiter({ ...env, UPSTASH_REDIS_REST_URL: url }, 'node', log, {});
    try {
      const started = performance.now();
      const [open, closed] = await Promise.all([
        hanging.check([{ policy: 'menu', id: 'x' }], request),
        hanging.check([{ policy: 'login', id: 'x' }], request),
      ]);
      const elapsed = performance.now() - started;
      expect(open).toMatchObject({ outcome: 'allowed', degraded: ['menu'] });
      expect(closed).toEqual({ outcome: 'unavailable', policy: 'login' });
      // Liveness: decided by the 400 ms check timeout, far from the ~4 s of default retries.
      expect(elapsed).toBeLessThan(1_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});

describe('abuse memory', () => {
  it('blocks an IP after the configured number of violations, and unblocks it', async () => {
    const limiter = createRateLimiter(env, 'node', log, {
      RATE_LIMIT_MENU_LIMIT: 1,
      RATE_LIMIT_MENU_WINDOW: 1,
      RATE_LIMIT_ABUSE_VIOLATIONS: 2,
    });
    const ip = randomClientIp();
    const req = { ...request, ip };
    const subject = `ip:${ip}`;
    const hit = () => limiter.check([{ policy: 'menu', id: ip }], req, [subject]);
    // Two separate offences (a new 1 s bucket each time; the cache answers repeats in between).
    for (let offence = 0; offence < 2; offence++) {
      while ((await hit()).outcome !== 'limited');
      await new Promise((r) => setTimeout(r, 1_100 - (Date.now() % 1000)));
    }
    const blocked = await hit();
    expect(blocked.outcome).toBe('blocked');
    if (blocked.outcome === 'blocked') expect(blocked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await limiter.blockedUntil(subject)).toBeGreaterThan(Date.now());
    await limiter.unblock(subject);
    expect((await hit()).outcome).not.toBe('blocked');
  });
});
