// What guests may send about orders (SPEC §7), validated at the boundary.
import { z } from 'zod';
import { ItemStatus, OrderStatus } from '../../generated/prisma/enums';
import { tableToken } from '../menu/schemas';
import { recordId as id } from '../schemas';
import { ORDER_LIMITS } from '../../shared/order-limits';

export { ORDER_LIMITS };

export const orderLineInput = z.object({
  productId: id,
  quantity: z
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(ORDER_LIMITS.quantity, `must be at most ${ORDER_LIMITS.quantity}`),
  note: z
    .string()
    .trim()
    .max(ORDER_LIMITS.note, `must be at most ${ORDER_LIMITS.note} characters`)
    .optional()
    .transform((note) => (note ? note : undefined)),
});

export const placeOrderInput = z.object({
  tableToken,
  customerName: z
    .string()
    .trim()
    .min(1, 'enter your name')
    .max(ORDER_LIMITS.name, `must be at most ${ORDER_LIMITS.name} characters`),
  items: z
    .array(orderLineInput)
    .min(1, 'add at least one item')
    .max(ORDER_LIMITS.lines, `at most ${ORDER_LIMITS.lines} lines`),
  idempotencyKey: z
    .string()
    .trim()
    .min(8, 'must be at least 8 characters')
    .max(100, 'must be at most 100 characters')
    .regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, "-" and "_"'),
});
export type PlaceOrderInput = z.infer<typeof placeOrderInput>;

export const orderIdInput = z.object({ orderId: id });

/** Staff moving an order, or one of its items, to another status. */
export const setOrderStatusInput = z.object({ orderId: id, status: z.enum(OrderStatus) });
export const setItemStatusInput = z.object({ orderId: id, itemId: id, status: z.enum(ItemStatus) });
export const tableOrdersInput = z.object({ tableToken });
