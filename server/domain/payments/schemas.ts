// What guests and staff may send about payments, validated at the boundary.
// Browser-safe (the refund dialog validates with it too).
import { z } from 'zod';
import { orderIdInput } from '../orders/schemas';
import { recordId, singleLineText, urlSafeToken } from '../schemas';

export { orderIdInput };

/** The largest amount an order holds (PostgreSQL integer). */
const MAX_MINOR = 2_147_483_647;

export const markPaidInCashInput = z.object({ orderId: recordId() });

export const refundInput = z.object({
  orderId: recordId(),
  /** In the order currency's minor units (cents; yen). */
  amountMinor: z.int('must be a whole number of minor units').min(1, 'must be more than zero').max(MAX_MINOR),
  /** One per refund dialog: a retried request is the same refund, never a second one. */
  requestKey: urlSafeToken({ min: 8, max: 100 }),
  reason: singleLineText({ max: 200 }).optional(),
});
export type RefundInput = z.infer<typeof refundInput>;
