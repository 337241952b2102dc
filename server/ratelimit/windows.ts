// Sliding windows: one `@upstash/ratelimit` limiter per policy, built once
// (its in-process cache of refusals then answers a client still over a limit
// with no Redis call). Edge-safe.
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { BoundedMap } from './bounded-map';
import { systemClock, type Clock } from './clock';
import { POLICY_NAMES, type Policies, type Policy, type PolicyName } from './policies';

export type WindowAnswer = {
  success: boolean;
  limit: number;
  remaining: number;
  resetMs: number;
  /** Refused by the in-process cache of an earlier refusal, with no Redis call. */
  fromCache: boolean;
};

/** Refusals remembered per policy and runtime; the oldest are forgotten first. */
const REFUSAL_CACHE_SIZE = 50_000;

export class SlidingWindows {
  private readonly limiters = new Map<PolicyName, Ratelimit>();

  constructor(
    redis: Redis,
    policies: Policies,
    timeoutMs: number,
    private readonly clock: Clock,
  ) {
    for (const name of POLICY_NAMES) {
      const policy = policies[name];
      if (policy.algorithm !== 'sliding-window') continue;
      this.limiters.set(
        name,
        new Ratelimit({
          redis,
          limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
          prefix: `tableside:rl:${name}`,
          ephemeralCache: new BoundedMap<string, number>(REFUSAL_CACHE_SIZE),
          timeout: timeoutMs,
          analytics: false,
        }),
      );
    }
  }

  /** One request against `policy` for `id`; null when Redis did not answer in time. */
  async limit(policy: Policy, id: string): Promise<WindowAnswer | null> {
    const limiter = this.limiterOf(policy);
    const result = await this.atClock(() => limiter.limit(id));
    if (result.reason === 'timeout') return null;
    return {
      success: result.success,
      limit: result.limit,
      remaining: result.remaining,
      resetMs: result.reset,
      fromCache: result.reason === 'cacheBlock',
    };
  }

  /** Gives one request back (it was refused by another policy checked with it). */
  async refund(policy: Policy, id: string): Promise<void> {
    const limiter = this.limiterOf(policy);
    await this.atClock(() => limiter.limit(id, { rate: -1 })).catch(() => {});
  }

  private limiterOf(policy: Policy): Ratelimit {
    const limiter = this.limiters.get(policy.name);
    if (!limiter) throw new Error(`Policy ${policy.name} is not a sliding window`);
    return limiter;
  }

  /**
   * `@upstash/ratelimit` reads `Date.now()` synchronously when `limit()` is
   * called (the window, and its refusal cache) and never again afterwards, so
   * an injected clock stands in for that one synchronous stretch. Production
   * runs on the system clock and takes the plain path.
   */
  private atClock<T>(run: () => T): T {
    if (this.clock === systemClock) return run();
    const real = Date.now;
    Date.now = this.clock;
    try {
      return run();
    } finally {
      Date.now = real;
    }
  }
}
