// Coalesces Redis commands from concurrent requests into Upstash pipelines.
//
// Each REST call costs the app ~1 ms of main-thread CPU (fetch, JSON,
// base64), whatever it carries; @upstash/redis's own auto-pipelining only
// merges commands issued in the same tick. Here one pipeline is in flight at
// a time and everything that arrives meanwhile rides the next one: idle, a
// command leaves at once (no added latency); under load, one round trip
// carries the checks of every request that came in during the previous one.
// Each command is still atomic in Redis, so limits stay exact. Edge-safe.
import type { Redis } from '@upstash/redis';

type Pipeline = ReturnType<Redis['pipeline']>;
type Pending = {
  add: (pipeline: Pipeline) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
};

const MAX_COMMANDS_PER_PIPELINE = 500;
/** Within this long of the last flush the runtime counts as busy, and a flush waits a moment for company. */
const BUSY_WITHIN_MS = 20;

export class RedisBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private lastFlushAt = 0;
  /** Round trips made, and commands carried, since start (for the bench and metrics). */
  readonly stats = { roundTrips: 0, commands: 0 };

  constructor(
    private readonly redis: Redis,
    private readonly maxInFlight = 1,
  ) {}

  /** Queues one command, added to the pipeline by `add`; resolves with its own result. */
  run<T>(add: (pipeline: Pipeline) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ add, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      this.flush();
    };
    // Idle: leave after this tick (a procedure's other checks join in), no
    // added latency. Busy: wait one timer turn, so the requests the event
    // loop is about to read ride along instead of paying a round trip each.
    if (performance.now() - this.lastFlushAt < BUSY_WITHIN_MS) setTimeout(go, 0);
    else queueMicrotask(go);
  }

  private flush(): void {
    if (this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.lastFlushAt = performance.now();
    const batch = this.queue.splice(0, MAX_COMMANDS_PER_PIPELINE);
    const pipeline = this.redis.pipeline();
    for (const item of batch) item.add(pipeline);
    this.inFlight++;
    this.stats.roundTrips++;
    this.stats.commands += batch.length;
    pipeline
      .exec<unknown[]>({ keepErrors: true })
      .then(
        (results) =>
          batch.forEach((item, i) => {
            const outcome = results[i] as { result: unknown; error?: string } | undefined;
            if (!outcome) item.reject(new Error('Redis pipeline returned fewer results than commands'));
            else if (outcome.error) item.reject(new Error(outcome.error));
            else item.resolve(outcome.result);
          }),
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          batch.forEach((item) => item.reject(failure));
        },
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
  }

  /**
   * The subset of the Redis client that `@upstash/ratelimit` (EVALSHA, then
   * EVAL on NOSCRIPT) and the menu cache call, routed through the batcher:
   * a menu read and the limits of the same request share one round trip.
   */
  asRedis(): Redis {
    const client = {
      evalsha: (sha: string, keys: string[], args: unknown[]) => this.run((p) => p.evalsha(sha, keys, args)),
      eval: (script: string, keys: string[], args: unknown[]) => this.run((p) => p.eval(script, keys, args)),
      get: (key: string) => this.run((p) => p.get(key)),
      set: (key: string, value: unknown) => this.run((p) => p.set(key, value)),
      del: (...keys: string[]) => this.run((p) => p.del(...keys)),
      time: () => this.run((p) => p.time()),
    };
    return client as unknown as Redis;
  }
}
