// The limiter engine against the real Redis through the REST endpoint, for
// every policy in the table. Time is injected: each test pins the clock where
// it needs it (mid-window, or on a window's edge), so nothing sleeps.
import { Redis } from '@upstash/redis';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { randomClientIp, requireEnv } from '@/test/integration';
import { createRateLimiter } from './create';
import { RateLimiter, type Decision, type LogViolation } from './limiter';
import {
  envNamesFor,
  POLICY_NAMES,
  POLICY_TABLE,
  resolveAbuse,
  resolvePolicies,
  type PolicyName,
  type PolicyOverrides,
} from './policies';

const env = {
  NODE_ENV: 'test' as const,
  NEXTAUTH_SECRET: 'x'.repeat(32),
  NEXTAUTH_URL: undefined,
  UPSTASH_REDIS_REST_URL: requireEnv('UPSTASH_REDIS_REST_URL'),
  UPSTASH_REDIS_REST_TOKEN: requireEnv('UPSTASH_REDIS_REST_TOKEN'),
  RATE_LIMIT_ENABLED: true,
  TRUSTED_PROXY_HOPS: 1,
  ADMIN_IP_ALLOWLIST: undefined,
};
const logged: Record<string, unknown>[] = [];
const log: LogViolation = (entry) => logged.push(entry);
const request = { path: '/test', method: 'GET' };

/** A clock that stands still until moved; starts `offsetMs` into a fresh window of `windowSeconds`. */
function testClock(windowSeconds: number, offsetMs = (windowSeconds * 1000) / 2) {
  const windowMs = windowSeconds * 1000;
  let now = (Math.floor(Date.now() / windowMs) + 1) * windowMs + offsetMs;
  const clock = () => now;
  return Object.assign(clock, {
    advance: (ms: number) => void (now += ms),
    set: (ms: number) => void (now = ms),
    now: () => now,
  });
}

function limiterAt(clock: () => number, overrides: PolicyOverrides): RateLimiter {
  return createRateLimiter(env, 'node', log, overrides, clock);
}

/** Every policy at limit 3 per 60 s (concurrency: 3 open), through the env override names. */
const smallLimits = Object.fromEntries(
  POLICY_NAMES.flatMap((name) => {
    const { limit, window } = envNamesFor(name);
    return [
      [limit, 3],
      [window, 60],
    ];
  }),
);

describe('every policy in the table', () => {
  const limiter = limiterAt(testClock(60), smallLimits);
  for (const name of POLICY_NAMES.filter((n) => POLICY_TABLE[n].algorithm !== 'concurrency')) {
    it(`${name}: admits 3, counting down, then refuses with a Retry-After`, async () => {
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

describe('windows and the clock', () => {
  it('a sliding window frees requests as the previous bucket slides out (weighted, floored)', async () => {
    const clock = testClock(60, 0);
    const limiter = limiterAt(clock, { RATE_LIMIT_MENU_LIMIT: 10, RATE_LIMIT_MENU_WINDOW: 60 });
    const id = randomUUID();
    const menu = () => limiter.check([{ policy: 'menu', id }], request);
    for (let i = 0; i < 10; i++) expect((await menu()).outcome).toBe('allowed');
    expect((await menu()).outcome).toBe('limited');
    // 30 s into the next bucket half of the previous one still counts: 5 free.
    clock.advance(90_000);
    const next: string[] = [];
    for (let i = 0; i < 6; i++) next.push((await menu()).outcome);
    expect(next).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'limited']);
  });

  it('paced at a bucket edge, a sliding window admits close to 2× its limit in one window length (the documented approximation)', async () => {
    const clock = testClock(60, 59_000);
    const limiter = limiterAt(clock, { RATE_LIMIT_LOGIN_LIMIT: 5, RATE_LIMIT_LOGIN_WINDOW: 60 });
    const id = randomUUID();
    const send = async (count: number) => {
      const outcomes: string[] = [];
      for (let i = 0; i < count; i++) outcomes.push((await limiter.check([{ policy: 'login', id }], request)).outcome);
      return outcomes;
    };
    const startedAt = clock.now();
    // A client that never asks once too many (a refusal would be cached until the bucket ends):
    expect(await send(5)).toEqual(Array(5).fill('allowed')); // 1 s before the edge
    clock.advance(1_500); // 0.5 s after it, the previous bucket weighs 99 %: floor(4.96) = 4 of 5
    expect(await send(1)).toEqual(['allowed']);
    clock.advance(58_000); // 58.5 s after it, the previous bucket weighs 2 %: floor(0.1) = 0
    expect(await send(4)).toEqual(Array(4).fill('allowed'));
    // 10 admitted within 59.5 s of wall time for a limit of 5 per 60 s.
    expect(clock.now() - startedAt).toBeLessThan(60_000);
  });

  it('an exact policy never admits more than its limit in any window, however it is paced', async () => {
    const clock = testClock(60, 59_000);
    const limiter = limiterAt(clock, { RATE_LIMIT_PAYMENT_ORDER_LIMIT: 3, RATE_LIMIT_PAYMENT_ORDER_WINDOW: 60 });
    const id = randomUUID();
    const admittedAt: number[] = [];
    for (let step = 0; step < 240; step++) {
      const decision = await limiter.check([{ policy: 'payment-order', id }], request);
      if (decision.outcome === 'allowed') admittedAt.push(clock.now());
      clock.advance(step % 2 ? 700 : 300); // bursts around every edge, 0.5 s apart on average
    }
    for (const start of admittedAt) {
      expect(admittedAt.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(3);
    }
    expect(admittedAt.length).toBeGreaterThanOrEqual(3);
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
      clock: testClock(60),
    });
    const guest = `guest:${randomUUID()}`;
    const table = `table:${randomUUID()}`;
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () =>
        limiter.check(
          [
            { policy: 'menu', id: guest },
            { policy: 'menu-table', id: table },
          ],
          request,
        ),
      ),
    );
    expect(decisions.filter((d) => d.outcome === 'allowed')).toHaveLength(10);
    expect(decisions.filter((d) => d.outcome === 'limited')).toHaveLength(40);
    // 100 limit checks, plus the refunds of the 40 refused.
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
  const overrides = { RATE_LIMIT_MENU_LIMIT: 1, RATE_LIMIT_MENU_WINDOW: 1, RATE_LIMIT_ABUSE_VIOLATIONS: 2 };

  /** Two separate offences by `id` (a new 1 s bucket each; the in-process cache answers repeats in between). */
  async function offendTwice(limiter: RateLimiter, clock: ReturnType<typeof testClock>, id: string, abuse: string) {
    const hit = () => limiter.check([{ policy: 'menu', id, abuse }], request, [abuse]);
    for (let offence = 0; offence < 2; offence++) {
      while ((await hit()).outcome !== 'limited');
      clock.advance(1_100);
    }
    return hit;
  }

  it('blocks the subject that broke the limit after the configured number of violations, and unblocks it', async () => {
    const clock = testClock(1);
    const limiter = limiterAt(clock, overrides);
    const guest = `guest:${randomUUID()}`;
    const hit = await offendTwice(limiter, clock, guest, guest);
    const blocked = await hit();
    expect(blocked.outcome).toBe('blocked');
    if (blocked.outcome === 'blocked') expect(blocked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await limiter.blockedUntil(guest)).toBeGreaterThan(clock.now());
    await limiter.unblock(guest);
    expect((await hit()).outcome).not.toBe('blocked');
  });

  it('a blocked guest leaves the other guests and the cookieless identity of the same address alone', async () => {
    const clock = testClock(1);
    const limiter = limiterAt(clock, overrides);
    const ip = randomClientIp();
    const offender = `guest:${randomUUID()}`;
    await offendTwice(limiter, clock, offender, offender);
    const neighbour = `guest:${randomUUID()}`;
    const asNeighbour = await limiter.check([{ policy: 'menu', id: neighbour, abuse: neighbour }], request, [
      neighbour,
      `net:${ip}`,
    ]);
    expect(asNeighbour.outcome).toBe('allowed');
    const cookieless = await limiter.check([{ policy: 'menu', id: `ip:${ip}` }], request, [`ip:${ip}`, `net:${ip}`]);
    expect(cookieless.outcome).toBe('allowed');
  });

  it('a refusal without an abuse subject never blocks', async () => {
    const clock = testClock(1);
    const limiter = limiterAt(clock, overrides);
    const id = randomUUID();
    for (let offence = 0; offence < 4; offence++) {
      while ((await limiter.check([{ policy: 'menu', id }], request)).outcome !== 'limited');
      clock.advance(1_100);
    }
    expect(await limiter.blockedUntil(id)).toBeNull();
  });
});
