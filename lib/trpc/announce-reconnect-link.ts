// Sits between retryLink and httpSubscriptionLink: when a live stream fails,
// it first says "connecting" (with the error), then lets the failure through
// to retryLink. Without it the page keeps showing "Live" for the whole
// back-off wait (up to 30 s) before the retry's own "connecting" arrives.
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AnyRouter } from '@trpc/server';

export function announceReconnectLink<TRouter extends AnyRouter>(): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        const subscription = next(op).subscribe({
          next: (envelope) => observer.next(envelope),
          error: (error) => {
            observer.next({ result: { type: 'state', state: 'connecting', error } });
            observer.error(error);
          },
          complete: () => observer.complete(),
        });
        return () => subscription.unsubscribe();
      });
}
