// The rules of the order lifecycle (SPEC §3): which status staff may set,
// and how items follow their order. The flow itself lives in
// server/shared/order-lifecycle.ts, which the guest UI uses too. Staff move
// orders and items forward and backward; every change is recorded.
import type { ItemStatus as DbItemStatus, OrderStatus as DbOrderStatus } from '../../generated/prisma/client';
import { ITEM_FLOW, ORDER_FLOW, type ItemStatus, type OrderStatus } from '../../shared/order-lifecycle';

export { ITEM_FLOW, ORDER_FLOW, progressOf, type ItemStatus, type OrderStatus } from '../../shared/order-lifecycle';

// The shared lists must name exactly the database's statuses: a status added to the schema
// and not to the shared module (or the other way round) fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const statusesMatchTheDatabase: [Same<OrderStatus, DbOrderStatus>, Same<ItemStatus, DbItemStatus>] = [true, true];
void statusesMatchTheDatabase;

const inOrderFlow = (status: OrderStatus) => (ORDER_FLOW as readonly OrderStatus[]).includes(status);
const inItemFlow = (status: string): status is ItemStatus => (ITEM_FLOW as readonly string[]).includes(status);

/** Staff may set any status of the flow, or cancel; awaiting payment is left only by payment (or expiry). */
export function canStaffSetOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  if (from === 'AWAITING_PAYMENT') return to === 'CANCELLED';
  return to === 'CANCELLED' || inOrderFlow(to);
}

/** Items of an order the kitchen must not see (awaiting payment) or that is cancelled stay as they are. */
export function itemsMovable(order: OrderStatus): boolean {
  return order !== 'AWAITING_PAYMENT' && order !== 'CANCELLED';
}

export function canStaffSetItemStatus(from: ItemStatus, to: ItemStatus): boolean {
  return from !== to && (to === 'CANCELLED' || inItemFlow(to));
}

/**
 * Items follow their order forward: when the order reaches a kitchen status,
 * items still behind it catch up (paid counts as delivered). Items staff
 * moved ahead on their own, and cancelled items, stay where they are; an
 * order moved back, cancelled or awaiting payment moves no item.
 */
export function itemStatusFollowing(order: OrderStatus): ItemStatus | null {
  if (order === 'PAID') return 'DELIVERED';
  return inItemFlow(order) ? order : null;
}

/** The item statuses an item must have to catch up with `target`. */
export function itemStatusesBehind(target: ItemStatus): ItemStatus[] {
  return ITEM_FLOW.slice(0, (ITEM_FLOW as readonly ItemStatus[]).indexOf(target));
}
