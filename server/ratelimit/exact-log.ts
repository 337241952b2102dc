// Exact counts (SPEC §4): a sliding log of events in a Redis sorted set, for
// the policies whose promise must hold under any pacing (`login-failures`,
// `payment-order`), where a sliding window's edge could admit up to 2×.
import type { Clock } from './clock';
import { SLIDING_LOG, SLIDING_LOG_COUNT } from './lua';
import type { Policy } from './policies';
import type { RedisBatcher } from './redis-batcher';

export type LogAnswer = { admitted: boolean; count: number; oldestMs: number };

const logKey = (policy: Policy, id: string) => `tableside:log:${policy.name}:${id}`;

export class ExactLog {
  constructor(
    private readonly batcher: RedisBatcher,
    private readonly clock: Clock,
  ) {}

  /**
   * `admit`: adds the event only while under the limit (a request gate);
   * `record`: adds it whatever the count (failures, gated elsewhere).
   */
  async add(policy: Policy, id: string, mode: 'admit' | 'record'): Promise<LogAnswer> {
    const now = this.clock();
    const [admitted, count, oldestMs] = await this.batcher.run<[number, number, number]>((p) =>
      p.eval(
        SLIDING_LOG,
        [logKey(policy, id)],
        [now, policy.windowSeconds * 1000, policy.limit, `${now}:${crypto.randomUUID()}`, mode],
      ),
    );
    return { admitted: admitted === 1, count, oldestMs };
  }

  count(policy: Policy, id: string): Promise<number> {
    return this.batcher.run<number>((p) =>
      p.eval(SLIDING_LOG_COUNT, [logKey(policy, id)], [this.clock(), policy.windowSeconds * 1000]),
    );
  }

  async clear(policy: Policy, id: string): Promise<void> {
    await this.batcher.run((p) => p.del(logKey(policy, id)));
  }
}
