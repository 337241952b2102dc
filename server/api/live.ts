// Live subscriptions: a `realtime-connections` slot held for as long as the
// stream is open (renewed while it lives, released when it ends; a stream
// whose slot cannot be renewed before its lease runs out is closed with a
// clear message: the policy fails closed), and a stream of "this changed"
// wake-ups for one order.
import { AppError } from '../domain/errors';
import { logger } from '../log';
import { orderHub } from '../realtime/order-hub';
import { UNAVAILABLE_RETRY_SECONDS } from '../ratelimit/http';
import type { RateLimiter } from '../ratelimit/limiter';
import { rateLimiter } from '../ratelimit/node';
import type { Context } from './trpc';

/** What holding a slot needs; tests pass a scripted limiter and fake time. */
export type SlotDeps = {
  limiter: Pick<RateLimiter, 'acquireSlot' | 'releaseSlot' | 'policies'>;
  leaseSeconds: number;
  /** Renewed this often, so a renewal that fails is tried again several times before the lease ends. */
  renewEveryMs: number;
  clock: () => number;
};

const defaultSlotDeps = (): SlotDeps => ({
  limiter: rateLimiter,
  leaseSeconds: 60,
  renewEveryMs: 15_000,
  clock: Date.now,
});

export type HeldSlot = {
  release(): Promise<void>;
  /** Aborts when the slot is lost (not renewable in time); its reason is the AppError to end the stream with. */
  lost: AbortSignal;
};

const slotFullError = (limit: number) =>
  new AppError('RATE_LIMITED', `At most ${limit} live pages can be open at once; close one and try again.`, {
    policy: 'realtime-connections',
    retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
  });

const liveUnavailableError = () =>
  new AppError('UNAVAILABLE', 'Live updates are paused for a moment. Please reload shortly.', {
    policy: 'realtime-connections',
    retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
  });

/** Holds one of the caller's open-connection slots until `signal` aborts; throws when they are all taken. */
export async function holdConnectionSlot(
  ctx: Pick<Context, 'identity' | 'requestId'>,
  signal: AbortSignal | undefined,
  deps: SlotDeps = defaultSlotDeps(),
): Promise<HeldSlot> {
  const { limiter, leaseSeconds, renewEveryMs, clock } = deps;
  const policy = limiter.policies['realtime-connections'];
  const id = ctx.identity.subject;
  const connection = crypto.randomUUID();
  const answer = await limiter.acquireSlot(policy.name, id, connection, leaseSeconds);
  if (answer === 'unavailable') throw liveUnavailableError();
  if (answer === 'full') throw slotFullError(policy.limit);

  const lost = new AbortController();
  let leaseEndsAt = clock() + leaseSeconds * 1000;
  const renew = setInterval(() => {
    void limiter.acquireSlot(policy.name, id, connection, leaseSeconds).then((renewed) => {
      if (lost.signal.aborted) return;
      if (renewed === 'acquired') {
        leaseEndsAt = clock() + leaseSeconds * 1000;
        return;
      }
      // Taken by others (our lease ran out meanwhile): lost now. Redis not
      // answering: lost once the lease would end before the next try.
      if (renewed === 'full' || clock() + renewEveryMs >= leaseEndsAt) {
        logger.warn({ msg: 'live_slot_lost', reason: renewed, requestId: ctx.requestId });
        lost.abort(renewed === 'full' ? slotFullError(policy.limit) : liveUnavailableError());
        void release();
      }
    });
  }, renewEveryMs);
  let released: Promise<void> | null = null;
  const release = () =>
    (released ??= (async () => {
      clearInterval(renew);
      await limiter.releaseSlot(policy.name, id, connection);
    })());
  signal?.addEventListener('abort', () => void release(), { once: true });
  return { release, lost: lost.signal };
}

/** What a watch hands out per wake-up: the orders that changed, or `all` when changes may have been missed. */
export type Changes = { all: boolean; orderIds: Set<string> };

export type Watch = {
  /** Settles when changes are surely heard: read the state after this. */
  listening: Promise<void>;
  /** One wake-up per batch of changes since the watch began, until closed or aborted. */
  changes: AsyncGenerator<Changes>;
  close(): void;
};

/**
 * Watches from the moment of the call, so a change made while the caller
 * reads the current state is not missed; changes that arrive while the
 * caller is busy are gathered into the next wake-up. Always `close()` it.
 */
function watch(
  listen: (heard: (orderId: string | null) => void) => () => void,
  signal: AbortSignal | undefined,
): Watch {
  let pending: Changes | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const stop = listen((orderId) => {
    pending ??= { all: false, orderIds: new Set() };
    if (orderId === null) pending.all = true;
    else pending.orderIds.add(orderId);
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

  async function* changes(): AsyncGenerator<Changes> {
    try {
      while (!closed) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (closed) return;
        const batch = pending!;
        pending = null;
        yield batch;
      }
    } finally {
      close();
    }
  }
  return { listening: orderHub.listening(), changes: changes(), close };
}

/** Watches one order (a guest's page). */
export function watchOrder(orderId: string, signal: AbortSignal | undefined): Watch {
  return watch((heard) => orderHub.onOrder(orderId, () => heard(orderId)), signal);
}

/** Watches every order of a restaurant (the staff board), new ones included. */
export function watchRestaurant(tenantId: string, signal: AbortSignal | undefined): Watch {
  return watch((heard) => orderHub.onRestaurant(tenantId, heard), signal);
}

/**
 * One live stream: listen first, then read, so a change in between still
 * wakes the loop; hold a `realtime-connections` slot while open; yield what
 * `read` makes of the state now (null: nothing to send), then of each batch
 * of changes. A stream whose slot is lost ends with the reason.
 */
export async function* liveStream<T>(
  ctx: Pick<Context, 'identity' | 'requestId'>,
  signal: AbortSignal | undefined,
  open: (signal: AbortSignal) => Watch,
  read: (changes: Changes | null) => Promise<T | null>,
): AsyncGenerator<T> {
  const stop = new AbortController();
  const watching = open(AbortSignal.any([stop.signal, ...(signal ? [signal] : [])]));
  try {
    await watching.listening;
    const first = await read(null);
    const slot = await holdConnectionSlot(ctx, signal);
    slot.lost.addEventListener('abort', () => stop.abort(), { once: true });
    try {
      if (first !== null) yield first;
      for await (const changes of watching.changes) {
        const next = await read(changes);
        if (next !== null) yield next;
      }
      // The slot could not be kept: end the stream with the reason, so the page says so.
      if (slot.lost.aborted) throw slot.lost.reason;
    } finally {
      await slot.release();
    }
  } finally {
    watching.close();
  }
}
