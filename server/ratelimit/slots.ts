// Open-at-once limits (`realtime-connections`): a slot per live stream,
// leased so a crashed instance's slots free themselves, renewed while the
// stream lives. Fails closed: no answer from Redis is no slot.
import type { Clock } from './clock';
import { withTimeout } from './deadline';
import { ACQUIRE_SLOT } from './lua';
import type { Policy } from './policies';
import type { RedisBatcher } from './redis-batcher';

export type SlotAnswer = 'acquired' | 'full' | 'unavailable';

const slotsKey = (policy: Policy, id: string) => `tableside:slots:${policy.name}:${id}`;

export class ConnectionSlots {
  constructor(
    private readonly batcher: RedisBatcher,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Takes (or renews) one of `policy`'s slots for `connectionId`. */
  async acquire(policy: Policy, id: string, connectionId: string, leaseSeconds: number): Promise<SlotAnswer> {
    const answer = await withTimeout(
      this.batcher.run<[number, number]>((p) =>
        p.eval(ACQUIRE_SLOT, [slotsKey(policy, id)], [this.clock(), leaseSeconds * 1000, policy.limit, connectionId]),
      ),
      this.timeoutMs,
    ).catch(() => null);
    if (answer === null) return 'unavailable';
    return answer[0] === 1 ? 'acquired' : 'full';
  }

  async release(policy: Policy, id: string, connectionId: string): Promise<void> {
    await this.batcher.run((p) => p.zrem(slotsKey(policy, id), connectionId)).catch(() => {});
  }
}
