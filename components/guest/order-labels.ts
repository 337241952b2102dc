// How a guest reads an order's state: the step names of the lifecycle
// (SPEC §3) and one sentence for where the order stands now.
import type { RouterOutputs } from '@/lib/trpc/react';
import { totalQuantity } from '@/server/shared/order-limits';
import { ITEM_STATUS_LABEL, ORDER_STATUS_LABEL, UNPAID_ORDER_TTL_MINUTES } from '@/server/shared/order-lifecycle';

export type GuestOrder = RouterOutputs['order']['get'];
export type OrderStatus = GuestOrder['status'];
export type ItemStatus = GuestOrder['items'][number]['status'];

/** The name of each step, from the shared lifecycle. */
export const STEP_LABEL = ORDER_STATUS_LABEL;
export { ITEM_STATUS_LABEL };

export const STATUS_HEADLINE: Record<OrderStatus, { title: string; detail: string }> = {
  AWAITING_PAYMENT: {
    title: 'Waiting for payment',
    detail: 'The kitchen starts on your order as soon as your payment is confirmed.',
  },
  PENDING: { title: 'Order received', detail: 'The kitchen has your order and will start on it shortly.' },
  PREPARING: { title: 'Being prepared', detail: 'The kitchen is working on your order.' },
  READY: { title: 'Ready', detail: 'Your order is ready and on its way to your table.' },
  DELIVERED: { title: 'Delivered', detail: 'Enjoy your meal!' },
  PAID: { title: 'Paid', detail: 'Thank you — you are all settled.' },
  CANCELLED: {
    title: 'Cancelled',
    detail: 'This order was cancelled. Please ask a member of staff if you did not expect this.',
  },
};

/** One sentence for where the order stands, saying so when it was cancelled for not being paid in time. */
export function headlineOf(order: Pick<GuestOrder, 'status' | 'statusBeforeCancel' | 'paymentStatus'>) {
  if (
    order.status === 'CANCELLED' &&
    order.statusBeforeCancel === 'AWAITING_PAYMENT' &&
    order.paymentStatus !== 'PAID'
  ) {
    return {
      title: 'Cancelled',
      detail: `It was not paid within ${UNPAID_ORDER_TTL_MINUTES} minutes, so the kitchen never started it. You can order again from the menu.`,
    };
  }
  return STATUS_HEADLINE[order.status];
}

/** Dishes in a list of lines, counting quantities. */
export const itemCount = totalQuantity;

export const itemsText = (count: number) => `${count} ${count === 1 ? 'item' : 'items'}`;
