// What guests and staff may send about orders (SPEC §7), validated at the boundary.
import { z } from 'zod';
import { CLOSED_STATUSES, ITEM_STATUSES, ORDER_STATUSES } from '../../shared/order-lifecycle';
import { ORDER_LIMITS, totalQuantity } from '../../shared/order-limits';
import { tableToken } from '../menu/schemas';
import { displayName, optionalNote, recordId, singleLineText, urlSafeToken } from '../schemas';

export { ORDER_LIMITS };

export const orderLineInput = z.object({
  productId: recordId(),
  quantity: z
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(ORDER_LIMITS.quantity, `must be at most ${ORDER_LIMITS.quantity}`),
  note: optionalNote(ORDER_LIMITS.note),
});

export const placeOrderInput = z.object({
  tableToken,
  customerName: displayName({
    min: 1,
    max: ORDER_LIMITS.name,
    tooShort: 'enter your name',
    blank: 'enter your name in letters, not only spaces or invisible characters',
  }),
  // The count of lines is checked before any line is: a 10,000-line cart is one issue, not 10,000.
  items: z
    .array(z.custom<z.input<typeof orderLineInput>>())
    .min(1, 'add at least one item')
    .max(ORDER_LIMITS.lines, `at most ${ORDER_LIMITS.lines} lines`)
    .pipe(
      z.array(orderLineInput).refine((lines) => totalQuantity(lines) <= ORDER_LIMITS.totalQuantity, {
        message: `at most ${ORDER_LIMITS.totalQuantity} items in one order; please ask staff about a larger order`,
        // Only over lines that are themselves valid: a bad quantity is named on its own line.
        when: (payload) => payload.issues.length === 0,
      }),
    ),
  idempotencyKey: urlSafeToken({ min: 8, max: 100 }),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

export const orderIdInput = z.object({ orderId: recordId() });

/**
 * Staff moving an order, or one of its items. `from` is the status the
 * board showed: the change is written only if that is still the status, so
 * a change someone else made meanwhile is a conflict, never a lost update.
 */
const orderStatus = z.enum(ORDER_STATUSES);
const itemStatus = z.enum(ITEM_STATUSES);
export const cancelReason = () =>
  singleLineText({ min: 3, max: 200, tooShort: 'say in a few words why (at least 3 characters)' });

export const setOrderStatusInput = z.object({ orderId: recordId(), from: orderStatus, to: orderStatus });
export const cancelOrderInput = z.object({ orderId: recordId(), from: orderStatus, reason: cancelReason() });
export const reopenOrderInput = z.object({ orderId: recordId() });
export const setItemStatusInput = z.object({
  orderId: recordId(),
  itemId: recordId(),
  from: itemStatus,
  to: itemStatus,
});
export const cancelItemInput = z.object({
  orderId: recordId(),
  itemId: recordId(),
  from: itemStatus,
  reason: cancelReason(),
});

/** The board's lists: open orders (optionally one table's), and closed ones a page at a time. */
export const boardInput = z.object({ tableId: recordId().optional() });
export const CLOSED_PAGE_SIZE = 25;
export const closedOrdersInput = z.object({
  tableId: recordId().optional(),
  status: z.enum(CLOSED_STATUSES).optional(),
  /** The last order of the previous page. */
  cursor: recordId().optional(),
});
export const tableOrdersInput = z.object({ tableToken });
