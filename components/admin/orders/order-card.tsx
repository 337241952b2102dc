'use client';
// One order on the board, readable from a step away: table and guest first,
// age and total, payment, then each item with its note and its own status.
import { Banknote, History, StickyNote, TriangleAlert, Undo2 } from 'lucide-react';
import { memo } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/ui/cn';
import { formatMoney } from '@/server/shared/money';
import { STAFF_STATUS_LABEL } from '@/server/shared/order-lifecycle';
import { canPayNow, PAYMENT_STATUS_LABEL, refundableMinor, wasPaid } from '@/server/shared/payment-status';
import { formatAge, isLate, type BoardOrder } from './board-state';
import { useNow } from './use-now';
import { StatusSelect, type StatusChoice } from './status-select';

type Item = BoardOrder['items'][number];

/** What a card can ask of the board; one object for every card, kept the same across renders (cards are memoised). */
export type CardActions = {
  onMove: (order: BoardOrder, choice: StatusChoice<BoardOrder['status']>) => void;
  onMoveItem: (order: BoardOrder, item: Item, choice: StatusChoice<Item['status']>) => void;
  onHistory: (order: BoardOrder) => void;
  onAcknowledge: (orderId: string) => void;
  onPayment: (order: BoardOrder, kind: 'cash' | 'refund') => void;
  /** Owners refund; everyone records cash. */
  canRefund: boolean;
};

/** The cards of a list: fresh ones highlighted, ones with a move under way dimmed. */
export function OrderCards({
  orders,
  fresh,
  pending,
  actions,
}: {
  orders: readonly BoardOrder[];
  fresh?: ReadonlyMap<string, unknown>;
  pending: ReadonlySet<string>;
  actions: CardActions;
}) {
  return orders.map((order) => (
    <OrderCard
      key={order.id}
      order={order}
      fresh={fresh?.has(order.id) ?? false}
      pending={pending.has(order.id)}
      actions={actions}
    />
  ));
}

const OrderCard = memo(function OrderCard({
  order,
  fresh,
  pending,
  actions: { onMove, onMoveItem, onHistory, onAcknowledge, onPayment, canRefund },
}: {
  order: BoardOrder;
  fresh: boolean;
  pending: boolean;
  actions: CardActions;
}) {
  const heading = `${order.table.name} · ${order.customerName}`;
  const payable = canPayNow(order);
  const refundable = canRefund && wasPaid(order.paymentStatus) && refundableMinor(order) > 0;
  return (
    <article
      aria-label={`${heading}, ${STAFF_STATUS_LABEL[order.status]}`}
      data-testid="board-order"
      data-order-id={order.id}
      data-status={order.status}
      data-fresh={fresh || undefined}
      onFocusCapture={() => fresh && onAcknowledge(order.id)}
      onPointerDown={() => fresh && onAcknowledge(order.id)}
      className={cn(
        // A container: narrow columns (a 1024-wide laptop) stack each item's control under its name.
        'bg-card text-card-foreground @container rounded-lg border p-3 shadow-sm transition-shadow',
        fresh && 'ring-primary ring-2',
        pending && 'opacity-70',
      )}
    >
      {/* The badges sit beside the table only (below it when they do not fit), so the guest's name and
          the total get the card's whole width: the name is how the pass calls the order. */}
      <header>
        <div className="flex flex-wrap items-start justify-between gap-x-2 gap-y-1">
          <h3 className="max-w-full min-w-0 truncate text-lg leading-tight font-semibold">{order.table.name}</h3>
          <div className="flex flex-wrap justify-end gap-1">
            {fresh && <Badge>New</Badge>}
            <Badge variant={wasPaid(order.paymentStatus) ? 'secondary' : 'outline'} data-testid="payment-status">
              {PAYMENT_STATUS_LABEL[order.paymentStatus]}
            </Badge>
          </div>
        </div>
        <p className="line-clamp-2 text-base font-medium break-words">{order.customerName}</p>
        <p className="text-muted-foreground mt-0.5 text-sm">
          <OrderAge order={order} />
          {' · '}
          <span className="text-foreground font-medium tabular-nums">
            {formatMoney(order.totalMinor, order.currency)}
          </span>
        </p>
      </header>

      {order.status === 'CANCELLED' && order.cancelReason && (
        <p className="text-destructive mt-2 text-sm">Cancelled: {order.cancelReason}</p>
      )}
      {order.paymentIssue && (
        <p role="alert" className="text-destructive mt-2 flex gap-1 text-sm font-medium" data-testid="payment-issue">
          <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{order.paymentIssue}</span>
        </p>
      )}
      {order.refundedMinor > 0 && (
        <p className="text-muted-foreground mt-1 text-sm" data-testid="refunded">
          Refunded {formatMoney(order.refundedMinor, order.currency)}
        </p>
      )}

      <ul className="mt-2 grid gap-1.5" aria-label="Items">
        {order.items.map((item) => (
          <li
            key={item.id}
            className="flex flex-col gap-1 @[16rem]:flex-row @[16rem]:items-start @[16rem]:justify-between @[16rem]:gap-2"
            data-testid="board-item"
          >
            <div className="min-w-0 text-sm">
              <span className={cn('font-medium', item.status === 'CANCELLED' && 'text-muted-foreground line-through')}>
                {item.quantity} × {item.name}
              </span>
              {item.note && (
                <span className="text-muted-foreground flex items-start gap-1 text-xs">
                  <StickyNote aria-hidden className="mt-0.5 size-3 shrink-0" />
                  <span className="break-words">{item.note}</span>
                </span>
              )}
            </div>
            <StatusSelect
              size="sm"
              label={`Status of ${item.quantity} × ${item.name}`}
              current={item.status}
              statuses={item.moves.statuses}
              canCancel={item.moves.canCancel}
              disabled={pending}
              onChoose={(choice) => onMoveItem(order, item, choice)}
              testId="item-status"
            />
          </li>
        ))}
      </ul>

      {(payable || refundable) && (
        // Money gets its own row: the status control keeps the footer's width.
        <div className="mt-3 flex flex-wrap gap-2" data-testid="payment-actions">
          {payable && (
            <Button
              variant="outline"
              size="sm"
              disabled={pending}
              aria-label={`Paid in cash: ${heading}`}
              onClick={() => onPayment(order, 'cash')}
            >
              <Banknote aria-hidden /> Paid in cash
            </Button>
          )}
          {refundable && (
            <Button
              variant="outline"
              size="sm"
              disabled={pending}
              aria-label={`Refund… ${heading}`}
              onClick={() => onPayment(order, 'refund')}
            >
              <Undo2 aria-hidden /> Refund…
            </Button>
          )}
        </div>
      )}

      <footer className="mt-3 flex items-center justify-between gap-2 border-t pt-2">
        <StatusSelect
          label={`Status of ${order.customerName}'s order at ${order.table.name}`}
          current={order.status}
          statuses={order.moves.statuses}
          canCancel={order.moves.canCancel}
          reopenTo={order.moves.reopenTo}
          disabled={pending}
          onChoose={(choice) => onMove(order, choice)}
          testId="order-status"
        />
        <Button variant="ghost" size="sm" onClick={() => onHistory(order)} aria-label={`History of ${heading}`}>
          <History aria-hidden /> <span className="hidden @[18rem]:inline">History</span>
        </Button>
      </footer>
    </article>
  );
});

/** The order's age, on the board's one clock: a tick re-renders these, not the cards. */
function OrderAge({ order }: { order: Pick<BoardOrder, 'status' | 'createdAt'> }) {
  const now = useNow();
  const late = isLate(order, now);
  return (
    <time
      dateTime={order.createdAt.toISOString()}
      suppressHydrationWarning
      className={cn(late && 'text-destructive font-semibold')}
    >
      {formatAge(order.createdAt, now)}
      {late && ' · late'}
    </time>
  );
}
