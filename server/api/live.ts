// Live subscriptions: a `realtime-connections` slot held for as long as the
// stream is open (renewed while it lives, released when it ends), and a
// stream of "this changed" wake-ups for one order.
import { AppError } from '../domain/errors';
import { orderHub } from '../realtime/order-hub';
import { UNAVAILABLE_RETRY_SECONDS } from '../ratelimit/http';
import { ipBucket } from '../ratelimit/keys';
import { rateLimiter } from '../ratelimit/node';
import { identifierFor } from './rate-limited';
import type { Context } from './trpc';

const LEASE_SECONDS = 60;

/** Holds one of the caller's open-connection slots until `signal` aborts; throws when they are all taken. */
export async function holdConnectionSlot(ctx: Context, signal: AbortSignal | undefined): Promise<() => Promise<void>> {
  const id =
    identifierFor(rateLimiter.policies['realtime-connections'].key, ctx, undefined) ?? `ip:${ipBucket(ctx.clientIp)}`;
  const connection = crypto.randomUUID();
  const answer = await rateLimiter.acquireSlot('realtime-connections', id, connection, LEASE_SECONDS);
  if (answer === 'unavailable') {
    throw new AppError('UNAVAILABLE', 'Live updates are paused for a moment. Please reload shortly.', {
      policy: 'realtime-connections',
      retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    });
  }
  if (answer === 'full') {
    const limit = rateLimiter.policies['realtime-connections'].limit;
    throw new AppError('RATE_LIMITED', `At most ${limit} live pages can be open at once; close one and try again.`, {
      policy: 'realtime-connections',
      retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    });
  }
  const renew = setInterval(
    () => void rateLimiter.acquireSlot('realtime-connections', id, connection, LEASE_SECONDS),
    (LEASE_SECONDS / 2) * 1000,
  );
  let released: Promise<void> | null = null;
  const release = () =>
    (released ??= (async () => {
      clearInterval(renew);
      await rateLimiter.releaseSlot('realtime-connections', id, connection);
    })());
  signal?.addEventListener('abort', () => void release(), { once: true });
  return release;
}

export type OrderWatch = {
  /** Settles when changes are surely heard: read the order's state after this. */
  listening: Promise<void>;
  /** One wake-up per change since the watch began (quick changes may arrive as one), until closed or aborted. */
  changes: AsyncGenerator<void>;
  close(): void;
};

/**
 * Watches one order from the moment of the call, so a change made while the
 * caller reads the order's current state is not missed. Always `close()` it.
 */
export function watchOrder(orderId: string, signal: AbortSignal | undefined): OrderWatch {
  let dirty = false;
  let closed = false;
  let wake: (() => void) | null = null;
  const stop = orderHub.onOrder(orderId, () => {
    dirty = true;
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    stop();
    signal?.removeEventListener('abort', close);
    wake?.();
  };
  signal?.addEventListener('abort', close, { once: true });
  if (signal?.aborted) close();

  async function* changes(): AsyncGenerator<void> {
    try {
      while (!closed) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (closed) return;
        dirty = false;
        yield;
      }
    } finally {
      close();
    }
  }
  return { listening: orderHub.listening(), changes: changes(), close };
}
