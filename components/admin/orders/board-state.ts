// The board's cached lists, kept current from the live stream without asking
// the server again: a changed order moves to the list its status belongs to
// (or leaves the board), in arrival order; orders that did not change keep
// their identity, so only their cards re-render. Pure, for the tests.
import type { RouterOutputs } from '@/lib/trpc/react';
import { KITCHEN_STATUSES, type OrderStatus } from '@/server/shared/order-lifecycle';

export type BoardList = RouterOutputs['board']['list'];
export type BoardOrder = BoardList['open'][number];

const isKitchen = (status: OrderStatus) => (KITCHEN_STATUSES as readonly OrderStatus[]).includes(status);

/** Where an order belongs on the open board, or null when it is closed (paid, cancelled). */
export function bucketOf(status: OrderStatus): 'open' | 'awaitingPayment' | null {
  if (status === 'AWAITING_PAYMENT') return 'awaitingPayment';
  return isKitchen(status) ? 'open' : null;
}

const byArrival = (a: BoardOrder, b: BoardOrder) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function upsert(list: BoardOrder[], order: BoardOrder): BoardOrder[] {
  const at = list.findIndex((o) => o.id === order.id);
  if (at >= 0) return list.map((o, i) => (i === at ? order : o));
  return [...list, order].sort(byArrival);
}

/** The lists with `order` as it is now; `tableId` is the board's table filter. Never moves an older version over a newer one. */
export function withOrder(board: BoardList, order: BoardOrder, tableId: string | undefined): BoardList {
  const current = [...board.open, ...board.awaitingPayment].find((o) => o.id === order.id);
  if (current && current.updatedAt.getTime() > order.updatedAt.getTime()) return board;
  const bucket = tableId && order.table.id !== tableId ? null : bucketOf(order.status);
  const open = bucket === 'open' ? upsert(board.open, order) : board.open.filter((o) => o.id !== order.id);
  const awaitingPayment =
    bucket === 'awaitingPayment'
      ? upsert(board.awaitingPayment, order)
      : board.awaitingPayment.filter((o) => o.id !== order.id);
  return { ...board, open, awaitingPayment };
}

/** "4 min", "1 h 05 min": how long ago an order came in, as the pass reads it. */
export function formatAge(since: Date, now: number): string {
  const minutes = Math.max(0, Math.floor((now - since.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** Orders waiting this long in the kitchen's first steps are marked late on the board. */
export const LATE_AFTER_MINUTES = 20;

export function isLate(order: Pick<BoardOrder, 'status' | 'createdAt'>, now: number): boolean {
  return (
    (order.status === 'PENDING' || order.status === 'PREPARING') &&
    now - order.createdAt.getTime() >= LATE_AFTER_MINUTES * 60_000
  );
}

/**
 * Structural sharing for the board's lists: an order whose version
 * (`updatedAt`) did not change keeps its object, so a re-read (focus,
 * reconnect) re-renders only the cards that changed. React Query's own
 * sharing cannot see through the Date objects superjson gives back.
 */
export function shareUnchanged(previous: unknown, next: unknown): unknown {
  const before = previous as BoardList | undefined;
  const after = next as BoardList;
  if (!before?.open || !after?.open) return next;
  const known = new Map([...before.open, ...before.awaitingPayment].map((o) => [o.id, o]));
  const keep = (order: BoardOrder) => {
    const old = known.get(order.id);
    return old && old.updatedAt.getTime() === order.updatedAt.getTime() ? old : order;
  };
  return { ...after, open: after.open.map(keep), awaitingPayment: after.awaitingPayment.map(keep) };
}
