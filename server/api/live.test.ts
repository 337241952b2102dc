// Holding a live stream's `realtime-connections` slot: renewed while the
// stream lives; lost (with the reason the stream ends with) when the slot
// cannot be renewed before its lease runs out — the policy fails closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/errors';
import type { SlotAnswer } from '../ratelimit/slots';
import { resolvePolicies } from '../ratelimit/policies';
import { holdConnectionSlot, type SlotDeps } from './live';

const ctx = { identity: { kind: 'guest' as const, id: 'g1', subject: 'guest:g1' }, requestId: 'r1' };

function scripted(answers: SlotAnswer[]) {
  const calls: string[] = [];
  const released: string[] = [];
  const limiter: SlotDeps['limiter'] = {
    policies: resolvePolicies({}),
    acquireSlot: async (_name, _id, connection) => {
      calls.push(connection);
      return answers.shift() ?? 'acquired';
    },
    releaseSlot: async (_name, _id, connection) => void released.push(connection),
  };
  return { limiter, calls, released };
}

const deps = (limiter: SlotDeps['limiter']): SlotDeps => ({
  limiter,
  leaseSeconds: 60,
  renewEveryMs: 15_000,
  clock: () => Date.now(),
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('holdConnectionSlot', () => {
  it('renews the lease while the stream lives, and releases it when the stream ends', async () => {
    const { limiter, calls, released } = scripted(['acquired']);
    const ended = new AbortController();
    const slot = await holdConnectionSlot(ctx, ended.signal, deps(limiter));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.length).toBe(1 + 40);
    expect(slot.lost.aborted).toBe(false);
    ended.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toEqual([calls[0]]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.length).toBe(41);
  });

  it('Redis not answering: keeps the stream while the lease lasts, then ends it as unavailable', async () => {
    const { limiter, released } = scripted(['acquired', 'unavailable', 'unavailable', 'unavailable', 'unavailable']);
    const slot = await holdConnectionSlot(ctx, undefined, deps(limiter));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(slot.lost.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(slot.lost.aborted).toBe(true);
    expect(slot.lost.reason).toBeInstanceOf(AppError);
    expect(slot.lost.reason).toMatchObject({ code: 'UNAVAILABLE', details: { policy: 'realtime-connections' } });
    expect(released).toHaveLength(1);
  });

  it('a renewal that works again in time keeps the stream', async () => {
    const { limiter } = scripted(['acquired', 'unavailable', 'unavailable', 'acquired', 'unavailable', 'unavailable']);
    const slot = await holdConnectionSlot(ctx, undefined, deps(limiter));
    await vi.advanceTimersByTimeAsync(90_000);
    expect(slot.lost.aborted).toBe(false);
  });

  it('the slot taken meanwhile by other streams: ends the stream at once, as over the limit', async () => {
    const { limiter } = scripted(['acquired', 'full']);
    const slot = await holdConnectionSlot(ctx, undefined, deps(limiter));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(slot.lost.reason).toMatchObject({ code: 'RATE_LIMITED', details: { policy: 'realtime-connections' } });
  });

  it('refuses to open when the slots are full or Redis does not answer', async () => {
    await expect(holdConnectionSlot(ctx, undefined, deps(scripted(['full']).limiter))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    await expect(holdConnectionSlot(ctx, undefined, deps(scripted(['unavailable']).limiter))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
