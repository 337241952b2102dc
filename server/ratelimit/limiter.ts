// The rate-limit engine both runtimes share (edge middleware, Node tRPC and
// route handlers): one `@upstash/ratelimit` sliding window per policy, built
// once; all checks of a request, and its block lookups, in one Redis round
// trip (through the batcher); fail open or closed per policy; abuse memory;
// counters and a log line per violation. Edge-safe: no Node APIs.
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { ACQUIRE_SLOT, RECORD_VIOLATION, SLIDING_LOG, SLIDING_LOG_COUNT } from './lua';
import { MetricsBuffer, metricField } from './metrics';
import { CHECK_TIMEOUT_MS, POLICY_NAMES, type Policies, type Policy, type PolicyName } from './policies';
import { RedisBatcher } from './redis-batcher';

export type Runtime = 'edge' | 'node';
export type AbuseSettings = {
  violations: number;
  windowSeconds: number;
  blockSeconds: number;
  maxBlockSeconds: number;
};

/** One limit to check: a policy and the identifier it counts (already keyed, e.g. an IP bucket). */
export type Check = { policy: PolicyName; id: string };

export type PolicyResult = {
  policy: Policy;
  id: string;
  success: boolean;
  limit: number;
  remaining: number;
  resetMs: number;
  /** Refused by the in-process cache of a refusal Redis made earlier, with no Redis call. */
  fromCache?: boolean;
};

export type Decision =
  /** `degraded`: policies Redis could not answer, let through because they fail open. */
  | { outcome: 'allowed'; results: PolicyResult[]; degraded: PolicyName[] }
  | { outcome: 'limited'; results: PolicyResult[]; violated: PolicyResult; retryAfterSeconds: number }
  | { outcome: 'blocked'; subject: string; retryAfterSeconds: number }
  | { outcome: 'unavailable'; policy: PolicyName };

export type RequestInfo = { path: string; method: string; ip: string };
export type LogViolation = (entry: Record<string, unknown>) => void;

export type LimiterOptions = {
  redis: Redis;
  policies: Policies;
  enabled: boolean;
  runtime: Runtime;
  abuse: AbuseSettings;
  log: LogViolation;
  timeoutMs?: number;
};

const PREFIX = 'tableside';
const blockKey = (subject: string) => `${PREFIX}:block:${subject}`;
const TIMEOUT = Symbol('timeout');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<typeof TIMEOUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMEOUT), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function retryAfterSeconds(untilMs: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((untilMs - now) / 1000));
}

/** A short, stable, non-reversible label for an identifier in logs. */
export async function hashIdentifier(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  return Array.from(new Uint8Array(digest).slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class RateLimiter {
  readonly batcher: RedisBatcher;
  readonly metrics: MetricsBuffer;
  readonly policies: Policies;
  readonly enabled: boolean;
  private readonly windows = new Map<PolicyName, Ratelimit>();
  /** Blocks seen recently, answered without Redis until they end (or for 10 s). */
  private readonly knownBlocks = new Map<string, { untilMs: number; checkAgainMs: number }>();
  private readonly timeoutMs: number;

  constructor(private readonly options: LimiterOptions) {
    this.policies = options.policies;
    this.enabled = options.enabled;
    this.timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
    this.batcher = new RedisBatcher(options.redis);
    this.metrics = new MetricsBuffer(this.batcher);
    const redis = this.batcher.asRatelimitRedis();
    for (const name of POLICY_NAMES) {
      const policy = this.policies[name];
      if (policy.algorithm !== 'sliding-window') continue;
      this.windows.set(
        name,
        new Ratelimit({
          redis,
          limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowSeconds} s`),
          prefix: `${PREFIX}:rl:${name}`,
          ephemeralCache: new Map(),
          timeout: this.timeoutMs,
          analytics: false,
        }),
      );
    }
  }

  /**
   * Checks every limit of one request together, and whether any of its
   * subjects (`ip:…`, `user:…`) is blocked. Sliding windows and exact logs
   * alike: one Redis round trip for all of them.
   */
  async check(checks: Check[], request: RequestInfo, blockSubjects: string[] = []): Promise<Decision> {
    if (!this.enabled || (checks.length === 0 && blockSubjects.length === 0)) {
      return { outcome: 'allowed', results: [], degraded: [] };
    }
    const now = Date.now();
    const cachedBlock = blockSubjects
      .map((s) => [s, this.knownBlocks.get(s)] as const)
      .find(([, b]) => b && b.checkAgainMs > now);
    if (cachedBlock && cachedBlock[1]!.untilMs > now) {
      this.count(checks, 'blocked');
      return {
        outcome: 'blocked',
        subject: cachedBlock[0],
        retryAfterSeconds: retryAfterSeconds(cachedBlock[1]!.untilMs, now),
      };
    }

    const [blocks, ...answers] = await Promise.all([
      this.lookUpBlocks(blockSubjects),
      ...checks.map((check) => this.checkOne(check)),
    ]);

    if (blocks !== TIMEOUT) {
      const block = blocks.find((b) => b.untilMs > now);
      if (block) {
        this.count(checks, 'blocked');
        return { outcome: 'blocked', subject: block.subject, retryAfterSeconds: retryAfterSeconds(block.untilMs, now) };
      }
    }

    const results: PolicyResult[] = [];
    const degraded: PolicyName[] = [];
    for (const [i, answer] of answers.entries()) {
      const policy = this.policies[checks[i]!.policy];
      if (answer !== TIMEOUT) {
        results.push(answer);
        continue;
      }
      this.metrics.add(metricField.backendError(this.options.runtime));
      if (policy.failMode === 'closed') {
        this.count(checks, 'failed_closed');
        this.options.log({
          msg: 'ratelimit_backend_unavailable',
          policy: policy.name,
          failMode: 'closed',
          runtime: this.options.runtime,
          path: request.path,
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
    // A request refused by one policy is given back to the others that
    // admitted it, so one noisy client cannot use up a shared bucket (a table's).
    for (const r of results) if (r.success && r.policy.algorithm === 'sliding-window') void this.refund(r);
    for (const r of results) this.metrics.add(metricField.check(r.policy.name, r.success ? 'allowed' : 'limited'));
    await this.recordViolation(violated, retryAfter, request, blockSubjects);
    return { outcome: 'limited', results, violated, retryAfterSeconds: retryAfter };
  }

  private async checkOne(check: Check): Promise<PolicyResult | typeof TIMEOUT> {
    const policy = this.policies[check.policy];
    try {
      if (policy.algorithm === 'exact-log') {
        const answer = await withTimeout(this.slidingLog(policy, check.id, 'admit'), this.timeoutMs);
        if (answer === TIMEOUT) return TIMEOUT;
        return {
          policy,
          id: check.id,
          success: answer.admitted,
          limit: policy.limit,
          remaining: Math.max(0, policy.limit - answer.count),
          resetMs: answer.oldestMs + policy.windowSeconds * 1000,
        };
      }
      const window = this.windows.get(check.policy);
      if (!window) throw new Error(`Policy ${check.policy} is not a request limit`);
      const result = await window.limit(check.id);
      if (result.reason === 'timeout') return TIMEOUT;
      return {
        policy,
        id: check.id,
        success: result.success,
        limit: result.limit,
        remaining: result.remaining,
        resetMs: result.reset,
        fromCache: result.reason === 'cacheBlock',
      };
    } catch {
      return TIMEOUT;
    }
  }

  private async refund(result: PolicyResult): Promise<void> {
    await this.windows
      .get(result.policy.name)
      ?.limit(result.id, { rate: -1 })
      .catch(() => {});
  }

  private async lookUpBlocks(subjects: string[]): Promise<{ subject: string; untilMs: number }[] | typeof TIMEOUT> {
    if (subjects.length === 0) return [];
    try {
      const values = await withTimeout(
        Promise.all(subjects.map((s) => this.batcher.run<string | number | null>((p) => p.get(blockKey(s))))),
        this.timeoutMs,
      );
      if (values === TIMEOUT) return TIMEOUT;
      const blocks = subjects.map((subject, i) => ({ subject, untilMs: Number(values[i] ?? 0) }));
      for (const b of blocks) if (b.untilMs > Date.now()) this.rememberBlock(b.subject, b.untilMs);
      return blocks;
    } catch {
      return TIMEOUT;
    }
  }

  private rememberBlock(subject: string, untilMs: number): void {
    this.knownBlocks.set(subject, { untilMs, checkAgainMs: Math.min(untilMs, Date.now() + 10_000) });
  }

  /**
   * A log line and a counter per refusal, and a mark in the abuse memory per
   * refusal Redis decided. Refusals the ephemeral cache answers (the same
   * client still over the same limit) are not marked again, so a flood costs
   * no Redis calls and ten separate offences, not one burst, block.
   */
  private async recordViolation(
    violated: PolicyResult,
    retryAfter: number,
    request: RequestInfo,
    subjects: string[],
  ): Promise<void> {
    const policy = violated.policy;
    this.metrics.add(metricField.violation(policy.name));
    if (!violated.fromCache) await this.markAbuse(request, subjects);
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
    });
  }

  private async markAbuse(request: RequestInfo, subjects: string[]): Promise<void> {
    const subject = subjects.find((s) => s.startsWith('user:')) ?? `ip:${request.ip}`;
    const now = Date.now();
    const abuse = this.options.abuse;
    try {
      const [, blockMs] = await this.batcher.run<[number, number]>((p) =>
        p.eval(
          RECORD_VIOLATION,
          [`${PREFIX}:abuse:${subject}`, blockKey(subject), `${PREFIX}:abuse-blocks:${subject}`],
          [
            now,
            abuse.windowSeconds * 1000,
            abuse.violations,
            abuse.blockSeconds * 1000,
            abuse.maxBlockSeconds * 1000,
            `${now}:${Math.random()}`,
          ],
        ),
      );
      if (blockMs > 0) {
        this.rememberBlock(subject, now + blockMs);
        this.metrics.add(metricField.block(subject.split(':')[0]!));
        this.options.log({
          msg: 'ratelimit_block',
          subject: subject.split(':')[0],
          id: await hashIdentifier(subject),
          seconds: blockMs / 1000,
        });
      }
      await this.metrics.flush();
    } catch {
      // Redis went away between the check and here; the refusal stands.
    }
  }

  private count(checks: Check[], outcome: 'blocked' | 'failed_closed'): void {
    for (const c of checks) this.metrics.add(metricField.check(c.policy, outcome));
  }

  // Exact counts -------------------------------------------------------------

  private async slidingLog(policy: Policy, id: string, mode: 'admit' | 'record') {
    const now = Date.now();
    const [admitted, count, oldestMs] = await this.batcher.run<[number, number, number]>((p) =>
      p.eval(
        SLIDING_LOG,
        [`${PREFIX}:log:${policy.name}:${id}`],
        [now, policy.windowSeconds * 1000, policy.limit, `${now}:${Math.random()}`, mode],
      ),
    );
    return { admitted: admitted === 1, count, oldestMs };
  }

  /** Adds an event to an exact-count policy's log whatever its count (e.g. a failed sign-in); returns the count. */
  async recordEvent(name: PolicyName, id: string): Promise<number> {
    return (await this.slidingLog(this.policies[name], id, 'record')).count;
  }

  /** Events in an exact-count policy's window. */
  async countEvents(name: PolicyName, id: string): Promise<number> {
    const policy = this.policies[name];
    return this.batcher.run<number>((p) =>
      p.eval(SLIDING_LOG_COUNT, [`${PREFIX}:log:${name}:${id}`], [Date.now(), policy.windowSeconds * 1000]),
    );
  }

  async clearEvents(name: PolicyName, id: string): Promise<void> {
    await this.batcher.run((p) => p.del(`${PREFIX}:log:${name}:${id}`));
  }

  // Open at once (realtime-connections) -----------------------------------------

  /**
   * Takes (or renews) one of a concurrency policy's slots for `connectionId`,
   * leased for `leaseSeconds` so a crashed instance's slots free themselves.
   * 'unavailable' when Redis does not answer: these policies fail closed.
   */
  async acquireSlot(
    name: PolicyName,
    id: string,
    connectionId: string,
    leaseSeconds = 60,
  ): Promise<'acquired' | 'full' | 'unavailable'> {
    if (!this.enabled) return 'acquired';
    const policy = this.policies[name];
    const answer = await withTimeout(
      this.batcher.run<[number, number]>((p) =>
        p.eval(
          ACQUIRE_SLOT,
          [`${PREFIX}:slots:${name}:${id}`],
          [Date.now(), leaseSeconds * 1000, policy.limit, connectionId],
        ),
      ),
      this.timeoutMs,
    ).catch((): typeof TIMEOUT => TIMEOUT);
    if (answer === TIMEOUT) {
      this.metrics.add(metricField.backendError(this.options.runtime));
      this.metrics.add(metricField.check(name, 'failed_closed'));
      return 'unavailable';
    }
    const acquired = answer[0] === 1;
    this.metrics.add(metricField.check(name, acquired ? 'allowed' : 'limited'));
    if (!acquired) this.metrics.add(metricField.violation(name));
    return acquired ? 'acquired' : 'full';
  }

  async releaseSlot(name: PolicyName, id: string, connectionId: string): Promise<void> {
    if (!this.enabled) return;
    await this.batcher.run((p) => p.zrem(`${PREFIX}:slots:${name}:${id}`, connectionId)).catch(() => {});
  }

  // Blocks -------------------------------------------------------------------

  async block(subject: string, seconds: number): Promise<void> {
    const untilMs = Date.now() + seconds * 1000;
    await this.batcher.run((p) => p.set(blockKey(subject), String(untilMs), { px: seconds * 1000 }));
    this.rememberBlock(subject, untilMs);
    this.metrics.add(metricField.block(subject.split(':')[0]!));
  }

  async unblock(subject: string): Promise<void> {
    await this.batcher.run((p) => p.del(blockKey(subject)));
    this.knownBlocks.delete(subject);
  }

  /** When a subject's block ends (ms), or null. */
  async blockedUntil(subject: string): Promise<number | null> {
    const value = await this.batcher.run<string | number | null>((p) => p.get(blockKey(subject)));
    const until = Number(value ?? 0);
    return until > Date.now() ? until : null;
  }
}
