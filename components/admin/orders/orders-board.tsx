'use client';
// The orders board (/admin/orders): the kitchen's open orders in columns by
// status, the orders awaiting payment kept apart, closed orders a page at a
// time; filter by table; live, with new orders highlighted (and chimed when
// the sound is on). Read at a glance from a step away at the pass.
import { Bell, BellOff, RefreshCw } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Switch } from '@/components/ui/switch';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/ui/cn';
import {
  CLOSED_STATUSES,
  KITCHEN_STATUSES,
  STAFF_STATUS_LABEL,
  UNPAID_ORDER_TTL_MINUTES,
  type ClosedStatus,
} from '@/server/shared/order-lifecycle';
import type { BoardOrder } from './board-state';
import type { BoardView } from './board-views';
import { CancelDialog } from './cancel-dialog';
import { unlockChime } from './chime';
import { ClosedOrders } from './closed-orders';
import { HistorySheet } from './history-sheet';
import { CashDialog, RefundDialog } from './payment-dialogs';
import { OrderCards, type CardActions } from './order-card';
import { useBoard, type LiveStatus } from './use-board';
import { useOrderActions } from './use-order-actions';

const ALL_TABLES = 'all';
const SOUND_KEY = 'tableside.board.sound';

/** Each column in its status's colour (app/tokens.css), the same the guest's page uses. */
const COLUMN_TONE: Record<(typeof KITCHEN_STATUSES)[number], string> = {
  PENDING: 'bg-status-pending text-status-pending-foreground',
  PREPARING: 'bg-status-preparing text-status-preparing-foreground',
  READY: 'bg-status-ready text-status-ready-foreground',
  DELIVERED: 'bg-status-delivered text-status-delivered-foreground',
};

const ALL_CLOSED = 'Paid and cancelled';

const LIVE_LABEL: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Not live',
};

/** The sound switch, remembered on this device (and in step across its tabs). */
const soundListeners = new Set<() => void>();
function subscribeToSound(listener: () => void) {
  soundListeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    soundListeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function useSound() {
  const sound = useSyncExternalStore(
    subscribeToSound,
    () => window.localStorage.getItem(SOUND_KEY) === 'on',
    () => false,
  );
  const change = useCallback((on: boolean) => {
    window.localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
    for (const listener of soundListeners) listener();
    if (on) unlockChime();
  }, []);
  return [sound, change] as const;
}

export function OrdersBoard({
  view,
  tableId,
  closedStatus,
  canRefund,
}: {
  view: BoardView;
  tableId: string | undefined;
  closedStatus: ClosedStatus | undefined;
  /** Owners refund paid orders. */
  canRefund: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const navigate = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
  };

  const [sound, setSound] = useSound();
  const { list, place, live, reconnect, fresh } = useBoard(tableId, sound);
  const actions = useOrderActions(place);
  const [historyOf, setHistoryOf] = useState<BoardOrder | null>(null);
  const { moveOrder, moveItem, askPayment } = actions;
  const cardActions = useMemo<CardActions>(
    () => ({
      onMove: moveOrder,
      onMoveItem: moveItem,
      onHistory: setHistoryOf,
      onAcknowledge: fresh.acknowledge,
      onPayment: askPayment,
      canRefund,
    }),
    [moveOrder, moveItem, fresh.acknowledge, askPayment, canRefund],
  );
  const board = list.data;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div role="group" aria-label="View" className="bg-muted inline-flex rounded-lg p-1">
          {(
            [
              ['kitchen', 'Kitchen', board?.open.length],
              ['payment', 'Awaiting payment', board?.awaitingPayment.length],
              ['closed', 'Closed', undefined],
            ] as const
          ).map(([value, label, count]) => (
            <Button
              key={value}
              variant={view === value ? 'default' : 'ghost'}
              size="sm"
              aria-pressed={view === value}
              onClick={() => navigate({ view: value === 'kitchen' ? undefined : value, status: undefined })}
            >
              {label}
              {count !== undefined && (
                <Badge variant={view === value ? 'secondary' : 'outline'} className="ml-1 tabular-nums">
                  {count}
                </Badge>
              )}
            </Button>
          ))}
        </div>

        <div className="flex items-center gap-2">
          <Label htmlFor="table-filter" className="text-sm">
            Table
          </Label>
          <Select
            value={tableId ?? ALL_TABLES}
            onValueChange={(v) => navigate({ table: v === ALL_TABLES ? undefined : v })}
          >
            <SelectTrigger id="table-filter" className="w-[10rem]" data-testid="table-filter">
              <SelectValue>{board?.tables.find((table) => table.id === tableId)?.name ?? 'All tables'}</SelectValue>
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL_TABLES}>All tables</SelectItem>
              {board?.tables.map((table) => (
                <SelectItem key={table.id} value={table.id}>
                  {table.name}
                  {table.active ? '' : ' (inactive)'}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>

        {view === 'closed' && (
          <div className="flex items-center gap-2">
            <Label htmlFor="closed-filter" className="text-sm">
              Show
            </Label>
            <Select
              value={closedStatus ?? 'ALL'}
              onValueChange={(v) => navigate({ status: v === 'ALL' ? undefined : v })}
            >
              <SelectTrigger id="closed-filter" className="w-[14rem]">
                <SelectValue>{closedStatus ? STAFF_STATUS_LABEL[closedStatus] : ALL_CLOSED}</SelectValue>
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="ALL">{ALL_CLOSED}</SelectItem>
                {CLOSED_STATUSES.map((status) => (
                  <SelectItem key={status} value={status}>
                    {STAFF_STATUS_LABEL[status]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        )}

        <div className="ml-auto flex items-center gap-4">
          <div className="flex items-center gap-2">
            <Switch id="board-sound" checked={sound} onCheckedChange={setSound} />
            <Label htmlFor="board-sound" className="flex items-center gap-1 text-sm">
              {sound ? <Bell aria-hidden className="size-4" /> : <BellOff aria-hidden className="size-4" />}
              Sound for new orders
            </Label>
          </div>
          <span role="status" data-testid="board-live" data-state={live} className="flex items-center gap-2 text-sm">
            <span
              aria-hidden
              className={cn(
                'size-2.5 rounded-full',
                live === 'live'
                  ? 'bg-primary'
                  : live === 'stopped'
                    ? 'bg-destructive'
                    : 'bg-status-preparing-foreground',
              )}
            />
            {LIVE_LABEL[live]}
          </span>
          {live === 'stopped' && (
            <Button variant="outline" size="sm" onClick={() => reconnect()}>
              <RefreshCw aria-hidden /> Reconnect
            </Button>
          )}
        </div>
      </div>

      <p aria-live="polite" className="sr-only" data-testid="board-announcement">
        {fresh.announcement}
      </p>

      {list.isError && !board ? (
        <div role="alert" className="border-destructive/50 text-destructive rounded-lg border p-4">
          <p>{list.error.message}</p>
          <Button variant="outline" size="sm" className="mt-2" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </div>
      ) : !board ? (
        <BoardSkeleton />
      ) : view === 'closed' ? (
        <ClosedOrders tableId={tableId} status={closedStatus} pending={actions.pending} actions={cardActions} />
      ) : view === 'payment' ? (
        <section aria-labelledby="payment-heading" className="grid gap-3">
          <h2 id="payment-heading" className="text-lg font-semibold">
            Awaiting payment
            <span className="text-muted-foreground ml-2 text-sm font-normal">
              Not in the kitchen until paid; unpaid orders expire after {UNPAID_ORDER_TTL_MINUTES} minutes.
            </span>
          </h2>
          {board.awaitingPayment.length === 0 ? (
            <p className="text-muted-foreground">No order is waiting for payment.</p>
          ) : (
            <div className="grid grid-cols-[repeat(auto-fill,minmax(18rem,1fr))] gap-3">
              <OrderCards
                orders={board.awaitingPayment}
                fresh={fresh.ids}
                pending={actions.pending}
                actions={cardActions}
              />
            </div>
          )}
        </section>
      ) : (
        <>
          {board.openTruncated && (
            <p role="alert" className="text-destructive text-sm">
              More open orders than the board shows: close delivered and paid orders to see the rest.
            </p>
          )}
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="kitchen-board">
            {KITCHEN_STATUSES.map((status) => {
              const orders = board.open.filter((order) => order.status === status);
              return (
                <section
                  key={status}
                  aria-labelledby={`column-${status}`}
                  data-testid={`column-${status}`}
                  // Each column scrolls on its own under its heading, so all four stay in view at the pass.
                  className="bg-muted flex min-h-40 flex-col gap-2 rounded-xl p-2 pt-0 lg:max-h-[calc(100dvh-10.5rem)] lg:overflow-y-auto"
                >
                  <h2
                    id={`column-${status}`}
                    className="bg-muted sticky top-0 z-10 flex items-center justify-between px-1 pt-2 pb-1 text-base font-semibold"
                  >
                    <span className={cn('rounded-md px-2 py-0.5', COLUMN_TONE[status])}>
                      {STAFF_STATUS_LABEL[status]}
                    </span>
                    <Badge variant="outline" className="tabular-nums">
                      {orders.length}
                    </Badge>
                  </h2>
                  {orders.length === 0 ? (
                    <p className="text-muted-foreground px-1 text-sm">Nothing here.</p>
                  ) : (
                    <OrderCards orders={orders} fresh={fresh.ids} pending={actions.pending} actions={cardActions} />
                  )}
                </section>
              );
            })}
          </div>
        </>
      )}

      <HistorySheet order={historyOf} onClose={() => setHistoryOf(null)} />
      <CancelDialog
        open={actions.cancelling !== null}
        what={
          actions.cancelling?.item
            ? `${actions.cancelling.item.quantity} × ${actions.cancelling.item.name}`
            : actions.cancelling
              ? `${actions.cancelling.order.customerName}'s order at ${actions.cancelling.order.table.name}`
              : ''
        }
        pending={actions.cancelling !== null && actions.pending.has(actions.cancelling.order.id)}
        onCancel={(reason) => void actions.confirmCancel(reason)}
        onClose={actions.closeCancel}
      />
      <CashDialog
        order={actions.paying?.kind === 'cash' ? actions.paying.order : null}
        pending={actions.paying !== null && actions.pending.has(actions.paying.order.id)}
        onConfirm={() => void actions.confirmCash()}
        onClose={actions.closePayment}
      />
      <RefundDialog
        order={actions.paying?.kind === 'refund' ? actions.paying.order : null}
        pending={actions.paying !== null && actions.pending.has(actions.paying.order.id)}
        onRefund={(amount, reason) => void actions.confirmRefund(amount, reason)}
        onClose={actions.closePayment}
      />
    </div>
  );
}

function BoardSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Loading orders">
      {KITCHEN_STATUSES.map((status) => (
        <div key={status} className="grid gap-2">
          <Skeleton className="h-6 w-24" />
          <Skeleton className="h-40" />
          <Skeleton className="h-40" />
        </div>
      ))}
    </div>
  );
}
