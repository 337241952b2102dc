// The order lifecycle (SPEC §3): pending → preparing → ready → delivered →
// paid, plus cancelled; orders that must be paid first wait in
// awaiting_payment, invisible to the kitchen. Staff move orders and items
// forward and backward; every change is recorded.
import type { ItemStatus, OrderStatus } from '../../generated/prisma/client';

export const ORDER_FLOW: readonly OrderStatus[] = ['PENDING', 'PREPARING', 'READY', 'DELIVERED', 'PAID'];
export const ITEM_FLOW: readonly ItemStatus[] = ['PENDING', 'PREPARING', 'READY', 'DELIVERED'];

/** Staff may set any status of the flow, or cancel; awaiting payment is left only by payment (or expiry). */
export function canStaffSetOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return false;
  if (from === 'AWAITING_PAYMENT') return to === 'CANCELLED';
  return to === 'CANCELLED' || ORDER_FLOW.includes(to);
}

/** Items of an order the kitchen must not see (awaiting payment) or that is cancelled stay as they are. */
export function itemsMovable(order: OrderStatus): boolean {
  return order !== 'AWAITING_PAYMENT' && order !== 'CANCELLED';
}

export function canStaffSetItemStatus(from: ItemStatus, to: ItemStatus): boolean {
  return from !== to && (to === 'CANCELLED' || ITEM_FLOW.includes(to));
}

/**
 * Items follow their order forward: when the order reaches a kitchen status,
 * items still behind it catch up (paid counts as delivered). Items staff
 * moved ahead on their own, and cancelled items, stay where they are; an
 * order moved back, cancelled or awaiting payment moves no item.
 */
export function itemStatusFollowing(order: OrderStatus): ItemStatus | null {
  if (order === 'PAID') return 'DELIVERED';
  return (ITEM_FLOW as readonly string[]).includes(order) ? (order as ItemStatus) : null;
}

/** The item statuses an item must have to catch up with `target`. */
export function itemStatusesBehind(target: ItemStatus): ItemStatus[] {
  return ITEM_FLOW.slice(0, ITEM_FLOW.indexOf(target));
}

/** Where the guest's step indicator stands; cancelled and awaiting payment are shown apart. */
export function progressOf(status: OrderStatus): number {
  return ORDER_FLOW.indexOf(status);
}
