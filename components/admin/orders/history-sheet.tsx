'use client';
// An order's history in a side panel: every change of the order and its
// items, who made it, when, from what to what, and why.
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import { api } from '@/lib/trpc/react';
import { STAFF_STATUS_LABEL } from '@/server/shared/order-lifecycle';
import { PAYMENT_STATUS_LABEL, type PaymentStatus } from '@/server/shared/payment-status';
import type { BoardOrder } from './board-state';
import { useReturnFocus } from './return-focus';

/** A status change names the lifecycle's statuses; a payment change, the payment's. */
const labelOf = (status: string, field: string) =>
  field === 'payment'
    ? (PAYMENT_STATUS_LABEL[status as PaymentStatus] ?? status)
    : (STAFF_STATUS_LABEL[status as keyof typeof STAFF_STATUS_LABEL] ?? status);
const timeOf = (at: Date) => at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function HistorySheet({ order, onClose }: { order: BoardOrder | null; onClose: () => void }) {
  const history = api.board.history.useQuery({ orderId: order?.id ?? '' }, { enabled: order !== null });
  const returnFocus = useReturnFocus();
  return (
    <Sheet open={order !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent side="right" className="w-full overflow-y-auto sm:max-w-md" {...returnFocus}>
        <SheetHeader>
          <SheetTitle>History</SheetTitle>
          <SheetDescription>{order ? `${order.customerName} at ${order.table.name}` : ''}</SheetDescription>
        </SheetHeader>
        <div className="px-4 pb-6">
          {history.isPending ? (
            <div className="grid gap-2" aria-label="Loading history">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : history.isError ? (
            <p role="alert" className="text-destructive text-sm">
              {history.error.message}
            </p>
          ) : (
            <ol className="grid gap-3" data-testid="order-history">
              <li className="text-sm">
                <span className="text-muted-foreground tabular-nums">{timeOf(history.data.placedAt)}</span> · Placed by
                the guest
              </li>
              {history.data.changes.map((change) => (
                <li key={change.id} className="text-sm" data-testid="history-entry">
                  <span className="text-muted-foreground tabular-nums">{timeOf(change.createdAt)}</span> ·{' '}
                  {change.orderItem ? (
                    <strong>{change.orderItem.name}</strong>
                  ) : (
                    <strong>{change.field === 'payment' ? 'Payment' : 'Order'}</strong>
                  )}
                  : {labelOf(change.fromStatus, change.field)} → {labelOf(change.toStatus, change.field)}
                  <span className="text-muted-foreground block">
                    by{' '}
                    {change.actor
                      ? (change.actor.name ?? change.actor.email)
                      : change.actorKind === 'system'
                        ? 'Tableside (payment or expiry)'
                        : 'a removed account'}
                    {change.reason ? ` — “${change.reason}”` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
