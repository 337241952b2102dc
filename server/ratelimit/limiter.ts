// The rate-limit engine both runtimes share (edge middleware, Node tRPC and
// route handlers). It decides one request: every limit it must pass and the
// blocks of its subjects, all in one Redis round trip (the batcher); fails
// open or closed per policy; marks the abuse memory on a refusal; counts and
// logs. The parts live beside it by job: windows.ts (sliding windows),
// exact-log.ts (exact counts), slots.ts (open at once), blocks.ts (blocks and
// abuse), metrics.ts (counters). Edge-safe: no Node APIs.
import type { Redis } from '@upstash/redis';
import { Blocks, type AbuseSettings } from './blocks';
import { systemClock, type Clock } from './clock';
import { ExactLog } from './exact-log';
import { MetricsBuffer, metricField } from './metrics';
import { CHECK_TIMEOUT_MS, type Policies, type Policy, type PolicyName } from './policies';
import { RedisBatcher } from './redis-batcher';
import { withTimeout } from './deadline';
import { ConnectionSlots, type SlotAnswer } from './slots';
import { SlidingWindows } from './windows';

export type { AbuseSettings };
export type Runtime = 'edge' | 'node';

/**
 * One limit to check: a policy and the identifier it counts (already keyed,
 * e.g. an identity subject or an IP bucket), and the subject the abuse memory
 * marks when this limit refuses (none: a refusal here never leads to a block).
 */
export type Check = { policy: PolicyName; id: string; abuse?: string };

export type PolicyResult = {
  policy: Policy;
  id: string;
  success: boolean;
  limit: number;
  remaining: number;
  resetMs: number;
  /** Refused by the in-process cache of a refusal Redis made earlier, with no Redis call. */
  fromCache?: boolean;
  abuse?: string;
};

export type Decision =
  /** `degraded`: policies Redis could not answer, let through because they fail open. */
  | { outcome: 'allowed'; results: PolicyResult[]; degraded: PolicyName[] }
  | { outcome: 'limited'; results: PolicyResult[]; violated: PolicyResult; retryAfterSeconds: number }
  | { outcome: 'blocked'; subject: string; retryAfterSeconds: number }
  | { outcome: 'unavailable'; policy: PolicyName };

export type RequestInfo = { path: string; method: string; requestId?: string };
export type LogViolation = (entry: Record<string, unknown>) => void;

export type LimiterOptions = {
  redis: Redis;
  policies: Policies;
  enabled: boolean;
  runtime: Runtime;
  abuse: AbuseSettings;
  log: LogViolation;
  timeoutMs?: number;
  clock?: Clock;
};

export function retryAfterSeconds(untilMs: number, now: number): number {
  return Math.max(1, Math.ceil((untilMs - now) / 1000));
}

/** A short, stable, non-reversible label for an identifier in logs. */
export async function hashIdentifier(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  return Array.from(new Uint8Array(digest).slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
}

type Answer = PolicyResult | 'timeout';

export class RateLimiter {
  readonly batcher: RedisBatcher;
  readonly metrics: MetricsBuffer;
  readonly policies: Policies;
  readonly enabled: boolean;
  readonly clock: Clock;
  readonly blocks: Blocks;
  private readonly windows: SlidingWindows;
  private readonly exact: ExactLog;
  private readonly slots: ConnectionSlots;
  private readonly timeoutMs: number;

  constructor(private readonly options: LimiterOptions) {
    this.policies = options.policies;
    this.enabled = options.enabled;
    this.timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
    this.batcher = new RedisBatcher(options.redis);
    this.metrics = new MetricsBuffer(this.batcher);
    this.windows = new SlidingWindows(this.batcher.asRedis(), this.policies, this.timeoutMs, this.clock);
    this.exact = new ExactLog(this.batcher, this.clock);
    this.slots = new ConnectionSlots(this.batcher, this.clock, this.timeoutMs);
    this.blocks = new Blocks(this.batcher, this.clock, options.abuse, this.timeoutMs);
  }

  /**
   * Decides one request: every limit in `checks` and the blocks of
   * `blockSubjects`, in one Redis round trip. A request refused by one policy
   * is given back to the others that admitted it, so a refused client never
   * uses up a shared bucket (a table's, or its address's ceiling).
   */
  async check(checks: Check[], request: RequestInfo, blockSubjects: string[] = []): Promise<Decision> {
    if (!this.enabled || (checks.length === 0 && blockSubjects.length === 0)) {
      return { outcome: 'allowed', results: [], degraded: [] };
    }
    const now = this.clock();
    const knownBlock = this.blocks.cached(blockSubjects);
    if (knownBlock) return this.blocked(checks, knownBlock.subject, knownBlock.untilMs, now);

    const [block, ...answers] = await Promise.all([
      this.blocks.lookUp(blockSubjects),
      ...checks.map((check) => this.checkOne(check)),
    ]);
    if (block && block !== 'unavailable') {
      for (const answer of answers) if (answer !== 'timeout' && answer.success) void this.refund(answer);
      return this.blocked(checks, block.subject, block.untilMs, now);
    }

    const results: PolicyResult[] = [];
    const degraded: PolicyName[] = [];
    for (const [i, answer] of answers.entries()) {
      const policy = this.policies[checks[i]!.policy];
      if (answer !== 'timeout') {
        results.push(answer);
        continue;
      }
      this.metrics.add(metricField.backendError(this.options.runtime));
      if (policy.failMode === 'closed') {
        for (const r of results) if (r.success) void this.refund(r);
        for (const c of checks) this.metrics.add(metricField.check(c.policy, 'failed_closed'));
        this.options.log({
          msg: 'ratelimit_backend_unavailable',
          policy: policy.name,
          failMode: 'closed',
          runtime: this.options.runtime,
          path: request.path,
          requestId: request.requestId,
        });
        return { outcome: 'unavailable', policy: policy.name };
      }
      degraded.push(policy.name);
    }
    if (degraded.length) {
      this.options.log({
        msg: 'ratelimit_backend_unavailable',
        policies: degraded,
        failMode: 'open',
        runtime: this.options.runtime,
        path: request.path,
        requestId: request.requestId,
      });
    }

    const refused = results.filter((r) => !r.success);
    if (refused.length === 0) {
      for (const r of results) this.metrics.add(metricField.check(r.policy.name, 'allowed'));
      for (const name of degraded) this.metrics.add(metricField.check(name, 'failed_open'));
      return { outcome: 'allowed', results, degraded };
    }

    const violated = refused.reduce((a, b) => (b.resetMs > a.resetMs ? b : a));
    const retryAfter = retryAfterSeconds(violated.resetMs, now);
    for (const r of results) if (r.success) void this.refund(r);
    for (const r of results) this.metrics.add(metricField.check(r.policy.name, r.success ? 'allowed' : 'limited'));
    await this.recordViolation(violated, retryAfter, request);
    return { outcome: 'limited', results, violated, retryAfterSeconds: retryAfter };
  }

  private blocked(checks: Check[], subject: string, untilMs: number, now: number): Decision {
    for (const c of checks) this.metrics.add(metricField.check(c.policy, 'blocked'));
    return { outcome: 'blocked', subject, retryAfterSeconds: retryAfterSeconds(untilMs, now) };
  }

  private async checkOne(check: Check): Promise<Answer> {
    const policy = this.policies[check.policy];
    try {
      if (policy.algorithm === 'exact-log') {
        const answer = await withTimeout(this.exact.add(policy, check.id, 'admit'), this.timeoutMs);
        if (answer === null) return 'timeout';
        return {
          policy,
          id: check.id,
          abuse: check.abuse,
          success: answer.admitted,
          limit: policy.limit,
          remaining: Math.max(0, policy.limit - answer.count),
          resetMs: answer.oldestMs + policy.windowSeconds * 1000,
        };
      }
      const answer = await this.windows.limit(policy, check.id);
      if (answer === null) return 'timeout';
      return {
        policy,
        id: check.id,
        abuse: check.abuse,
        success: answer.success,
        limit: answer.limit,
        remaining: answer.remaining,
        resetMs: answer.resetMs,
        fromCache: answer.fromCache,
      };
    } catch {
      return 'timeout';
    }
  }

  /** Exact logs admit only under the limit and keep what they admitted; windows give one back. */
  private async refund(result: PolicyResult): Promise<void> {
    if (result.policy.algorithm === 'sliding-window') await this.windows.refund(result.policy, result.id);
  }

  /**
   * A log line and a counter per refusal, and a mark in the abuse memory of
   * the check's subject per refusal Redis decided. Refusals the in-process
   * cache answers (the same client still over the same limit) are not marked
   * again, so a flood costs no Redis calls, and ten separate offences, not one
   * burst, block.
   */
  private async recordViolation(violated: PolicyResult, retryAfter: number, request: RequestInfo): Promise<void> {
    const policy = violated.policy;
    this.metrics.add(metricField.violation(policy.name));
    if (!violated.fromCache && violated.abuse) await this.markAbuse(violated.abuse, request);
    this.options.log({
      msg: 'ratelimit_violation',
      policy: policy.name,
      keyKind: policy.key,
      id: await hashIdentifier(violated.id),
      path: request.path,
      method: request.method,
      limit: violated.limit,
      retryAfterSeconds: retryAfter,
      runtime: this.options.runtime,
      requestId: request.requestId,
    });
  }

  private async markAbuse(subject: string, request: RequestInfo): Promise<void> {
    try {
      const blockMs = await this.blocks.recordViolation(subject);
      if (blockMs > 0) {
        const kind = subject.split(':')[0]!;
        this.metrics.add(metricField.block(kind));
        this.options.log({
          msg: 'ratelimit_block',
          subject: kind,
          id: await hashIdentifier(subject),
          seconds: blockMs / 1000,
          runtime: this.options.runtime,
          requestId: request.requestId,
        });
      }
      await this.metrics.flush();
    } catch {
      // Redis went away between the check and here; the refusal stands.
    }
  }

  // Exact counts of events -----------------------------------------------------

  /** Adds an event to an exact-count policy's log whatever its count (e.g. a failed sign-in); returns the count. */
  async recordEvent(name: PolicyName, id: string): Promise<number> {
    return (await this.exact.add(this.policies[name], id, 'record')).count;
  }

  /** Events in an exact-count policy's window. */
  countEvents(name: PolicyName, id: string): Promise<number> {
    return this.exact.count(this.policies[name], id);
  }

  clearEvents(name: PolicyName, id: string): Promise<void> {
    return this.exact.clear(this.policies[name], id);
  }

  // Open at once -----------------------------------------------------------------

  /**
   * Takes (or renews) one of a concurrency policy's slots for `connectionId`,
   * leased for `leaseSeconds` so a crashed instance's slots free themselves.
   * 'unavailable' when Redis does not answer: these policies fail closed.
   */
  async acquireSlot(name: PolicyName, id: string, connectionId: string, leaseSeconds = 60): Promise<SlotAnswer> {
    if (!this.enabled) return 'acquired';
    const answer = await this.slots.acquire(this.policies[name], id, connectionId, leaseSeconds);
    if (answer === 'unavailable') {
      this.metrics.add(metricField.backendError(this.options.runtime));
      this.metrics.add(metricField.check(name, 'failed_closed'));
    } else {
      this.metrics.add(metricField.check(name, answer === 'acquired' ? 'allowed' : 'limited'));
      if (answer === 'full') this.metrics.add(metricField.violation(name));
    }
    return answer;
  }

  async releaseSlot(name: PolicyName, id: string, connectionId: string): Promise<void> {
    if (this.enabled) await this.slots.release(this.policies[name], id, connectionId);
  }

  // Blocks -----------------------------------------------------------------------

  async block(subject: string, seconds: number): Promise<void> {
    await this.blocks.place(subject, seconds);
    this.metrics.add(metricField.block(subject.split(':')[0]!));
  }

  unblock(subject: string): Promise<void> {
    return this.blocks.lift(subject);
  }

  /** When a subject's block ends (ms), or null. */
  blockedUntil(subject: string): Promise<number | null> {
    return this.blocks.until(subject);
  }
}
