'use client';
// Paid and cancelled orders, newest first, a page at a time: the day's
// closed orders never weigh on the open board.
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { api } from '@/lib/trpc/react';
import type { ClosedStatus } from '@/server/shared/order-lifecycle';
import { OrderCards, type CardActions } from './order-card';

export function ClosedOrders({
  tableId,
  status,
  pending,
  actions,
}: {
  tableId: string | undefined;
  status: ClosedStatus | undefined;
  pending: ReadonlySet<string>;
  actions: CardActions;
}) {
  const closed = api.board.closed.useInfiniteQuery(
    { tableId, status },
    { getNextPageParam: (page) => page.nextCursor ?? undefined },
  );
  if (closed.isPending) {
    return (
      <div className="grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] gap-3" aria-label="Loading closed orders">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-40" />
        ))}
      </div>
    );
  }
  if (closed.isError) {
    return (
      <p role="alert" className="text-destructive">
        {closed.error.message}
      </p>
    );
  }
  const orders = closed.data.pages.flatMap((page) => page.orders);
  if (orders.length === 0) return <p className="text-muted-foreground">No closed orders yet.</p>;
  return (
    <div className="grid gap-4">
      <div className="grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] gap-3">
        <OrderCards orders={orders} pending={pending} actions={actions} />
      </div>
      {closed.hasNextPage && (
        <Button
          variant="outline"
          className="justify-self-center"
          onClick={() => void closed.fetchNextPage()}
          disabled={closed.isFetchingNextPage}
        >
          {closed.isFetchingNextPage ? 'Loading…' : 'Show older orders'}
        </Button>
      )}
    </div>
  );
}
