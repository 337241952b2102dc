// What guests and staff may send about orders (SPEC §7), validated at the boundary.
import { z } from 'zod';
import { ITEM_STATUSES, ORDER_STATUSES } from '../../shared/order-lifecycle';
import { ORDER_LIMITS, totalQuantity } from '../../shared/order-limits';
import { tableToken } from '../menu/schemas';
import { displayName, optionalNote, recordId, urlSafeToken } from '../schemas';

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

/** Staff moving an order, or one of its items, to another status. */
export const setOrderStatusInput = z.object({ orderId: recordId(), status: z.enum(ORDER_STATUSES) });
export const setItemStatusInput = z.object({ orderId: recordId(), itemId: recordId(), status: z.enum(ITEM_STATUSES) });
export const tableOrdersInput = z.object({ tableToken });
