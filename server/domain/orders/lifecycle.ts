// The order state machine (SPEC §3): the one place that decides which moves
// staff may make on an order and on each item, whatever a UI sends. The flow
// itself lives in server/shared/order-lifecycle.ts, which the guest page and
// the board use too. Staff move orders and items forward and backward along
// the flow, cancel with a reason, and reopen what was cancelled; an order
// awaiting payment is left only by payment (or cancelled), never pushed into
// the kitchen's flow by staff.
import type { ItemStatus as DbItemStatus, OrderStatus as DbOrderStatus } from '../../generated/prisma/client';
import {
  ITEM_FLOW,
  ITEM_STATUSES,
  ORDER_FLOW,
  ORDER_STATUSES,
  type ItemStatus,
  type OrderStatus,
} from '../../shared/order-lifecycle';

export { ITEM_FLOW, ORDER_FLOW, progressOf, type ItemStatus, type OrderStatus } from '../../shared/order-lifecycle';

// The shared lists must name exactly the database's statuses: a status added to the schema
// and not to the shared module (or the other way round) fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesMatchTheDatabase: [Same<OrderStatus, DbOrderStatus>, Same<ItemStatus, DbItemStatus>] = [true, true];
void statusesMatchTheDatabase;

export type FlowStatus = (typeof ORDER_FLOW)[number];
export type ItemFlowStatus = (typeof ITEM_FLOW)[number];

export const isFlowStatus = (status: string): status is FlowStatus =>
  (ORDER_FLOW as readonly string[]).includes(status);
const inItemFlow = (status: string): status is ItemFlowStatus => (ITEM_FLOW as readonly string[]).includes(status);

/** What staff ask of an order. */
export type OrderMove = { kind: 'set'; to: OrderStatus } | { kind: 'cancel' } | { kind: 'reopen' };

/** What the machine needs to know of an order to judge a move. */
export type OrderState = {
  status: OrderStatus;
  /** Where a cancelled order was when it was cancelled. */
  statusBeforeCancel: OrderStatus | null;
  /** The restaurant takes payment first and this order is not paid: its place is awaiting payment. */
  mustPayFirst: boolean;
};

export type Verdict<S> = { ok: true; to: S } | { ok: false; why: string };

const refuse = (why: string): { ok: false; why: string } => ({ ok: false, why });
const label = (status: string) => status.toLowerCase().replace('_', ' ');

/** Where a reopened order goes: back where it came from, and an unpaid pay-first order never past payment. */
export function reopenTarget(order: Pick<OrderState, 'statusBeforeCancel' | 'mustPayFirst'>): OrderStatus {
  if (order.mustPayFirst) return 'AWAITING_PAYMENT';
  const before = order.statusBeforeCancel;
  // A paid pay-first order that was cancelled while awaiting payment (its payment settled meanwhile) goes to the kitchen.
  if (before === null || before === 'CANCELLED' || before === 'AWAITING_PAYMENT') return 'PENDING';
  return before;
}

/** The one judge of an order move by staff. */
export function judgeOrderMove(order: OrderState, move: OrderMove): Verdict<OrderStatus> {
  const from = order.status;
  switch (move.kind) {
    case 'cancel':
      return from === 'CANCELLED' ? refuse('The order is already cancelled') : { ok: true, to: 'CANCELLED' };
    case 'reopen':
      return from === 'CANCELLED'
        ? { ok: true, to: reopenTarget(order) }
        : refuse('Only a cancelled order can be reopened');
    case 'set': {
      const to = move.to;
      if (to === from) return refuse(`The order is already ${label(to)}`);
      if (to === 'CANCELLED') return refuse('Cancelling needs a reason: use cancel');
      if (from === 'CANCELLED') return refuse('A cancelled order is reopened, not moved: use reopen');
      if (to === 'AWAITING_PAYMENT') return refuse('Only payment rules put an order into awaiting payment');
      if (from === 'AWAITING_PAYMENT') {
        return refuse('This order is waiting for payment: it reaches the kitchen once the guest has paid');
      }
      return { ok: true, to };
    }
  }
}

/** What staff ask of one item. */
export type ItemMove = { kind: 'set'; to: ItemStatus } | { kind: 'cancel' };

/** Items of an order the kitchen must not see (awaiting payment) or that is cancelled stay as they are. */
export function itemsMovable(order: OrderStatus): boolean {
  return order !== 'AWAITING_PAYMENT' && order !== 'CANCELLED';
}

/** The one judge of an item move by staff. A cancelled item may be brought back to any step. */
export function judgeItemMove(
  item: { status: ItemStatus; orderStatus: OrderStatus },
  move: ItemMove,
): Verdict<ItemStatus> {
  if (!itemsMovable(item.orderStatus)) {
    return refuse(`Items of an order that is ${label(item.orderStatus)} cannot change`);
  }
  const to: ItemStatus = move.kind === 'cancel' ? 'CANCELLED' : move.to;
  if (to === item.status) return refuse(`The item is already ${label(to)}`);
  if (move.kind === 'set' && to === 'CANCELLED') return refuse('Cancelling needs a reason: use cancel');
  return { ok: true, to };
}

/**
 * Items follow their order forward: when the order reaches a kitchen status,
 * items still behind it catch up (paid counts as delivered). Items staff
 * moved ahead on their own, and cancelled items, stay where they are; an
 * order moved back, cancelled, reopened or awaiting payment moves no item.
 */
export function itemStatusFollowing(order: OrderStatus): ItemStatus | null {
  if (order === 'PAID') return 'DELIVERED';
  return inItemFlow(order) ? order : null;
}

/** The item statuses an item must have to catch up with `target`. */
export function itemStatusesBehind(target: ItemStatus): ItemStatus[] {
  return ITEM_FLOW.slice(0, (ITEM_FLOW as readonly ItemStatus[]).indexOf(target));
}

/** The moves the machine allows on an order now: what the board offers, so it never offers a move the server refuses. */
export type OrderMoves = { statuses: OrderStatus[]; canCancel: boolean; reopenTo: OrderStatus | null };

export function allowedOrderMoves(order: OrderState): OrderMoves {
  const reopen = judgeOrderMove(order, { kind: 'reopen' });
  return {
    statuses: ORDER_STATUSES.filter((to) => judgeOrderMove(order, { kind: 'set', to }).ok),
    canCancel: judgeOrderMove(order, { kind: 'cancel' }).ok,
    reopenTo: reopen.ok ? reopen.to : null,
  };
}

export type ItemMoves = { statuses: ItemStatus[]; canCancel: boolean };

export function allowedItemMoves(item: { status: ItemStatus; orderStatus: OrderStatus }): ItemMoves {
  return {
    statuses: ITEM_STATUSES.filter((to) => judgeItemMove(item, { kind: 'set', to }).ok),
    canCancel: judgeItemMove(item, { kind: 'cancel' }).ok,
  };
}
