// The order lifecycle as the guest sees it (SPEC §3): pending → preparing →
// ready → delivered → paid, plus cancelled; orders that must be paid first
// wait in awaiting payment, invisible to the kitchen. Browser-safe: the
// step indicator and status labels use it. The domain's transition rules
// (server/domain/orders/lifecycle.ts) build on these lists and check that
// they match the database's enums.

export const ORDER_STATUSES = [
  'AWAITING_PAYMENT',
  'PENDING',
  'PREPARING',
  'READY',
  'DELIVERED',
  'PAID',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_STATUSES = ['PENDING', 'PREPARING', 'READY', 'DELIVERED', 'CANCELLED'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The steps an order goes through, in order; cancelled and awaiting payment are not steps. */
export const ORDER_FLOW = [
  'PENDING',
  'PREPARING',
  'READY',
  'DELIVERED',
  'PAID',
] as const satisfies readonly OrderStatus[];
export const ITEM_FLOW = ['PENDING', 'PREPARING', 'READY', 'DELIVERED'] as const satisfies readonly ItemStatus[];

/** Orders that must be paid first are cancelled when still unpaid this long after they were placed (SPEC §3). */
export const UNPAID_ORDER_TTL_MINUTES = 30;

/** The board's views of the lifecycle: the kitchen's open columns, and what is closed. Awaiting payment is kept apart. */
export const KITCHEN_STATUSES = [
  'PENDING',
  'PREPARING',
  'READY',
  'DELIVERED',
] as const satisfies readonly OrderStatus[];
export const CLOSED_STATUSES = ['PAID', 'CANCELLED'] as const satisfies readonly OrderStatus[];
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

/** Where the step indicator stands: the index in ORDER_FLOW, or -1 for cancelled and awaiting payment. */
export function progressOf(status: OrderStatus): number {
  return (ORDER_FLOW as readonly OrderStatus[]).indexOf(status);
}

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  AWAITING_PAYMENT: 'Waiting for payment',
  PENDING: 'Received',
  PREPARING: 'Preparing',
  READY: 'Ready',
  DELIVERED: 'Delivered',
  PAID: 'Paid',
  CANCELLED: 'Cancelled',
};

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  PENDING: 'Waiting',
  PREPARING: 'Preparing',
  READY: 'Ready',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

/** The statuses as staff name them (the board, conflicts, the history): the lifecycle's own words. */
export const STAFF_STATUS_LABEL: Record<OrderStatus | ItemStatus, string> = {
  AWAITING_PAYMENT: 'Awaiting payment',
  PENDING: 'Pending',
  PREPARING: 'Preparing',
  READY: 'Ready',
  DELIVERED: 'Delivered',
  PAID: 'Paid',
  CANCELLED: 'Cancelled',
};
