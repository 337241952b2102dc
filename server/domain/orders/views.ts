// What a guest sees of an order: the same shape from order.get, order.list
// and every live update.
import type { Db } from '../../prisma-client';

// Items as they were added, the id settling ties. A mutable array: inside the select's `as const` a
// literal would be a readonly tuple, which Prisma's select type does not accept.
const itemOrder: { createdAt?: 'asc'; id?: 'asc' }[] = [{ createdAt: 'asc' }, { id: 'asc' }];

export const orderViewSelect = {
  id: true,
  status: true,
  paymentStatus: true,
  customerName: true,
  totalMinor: true,
  currency: true,
  createdAt: true,
  updatedAt: true,
  expiresAt: true,
  refundedMinor: true,
  // Where a cancelled order was: the guest is told when it went for not being paid in time.
  statusBeforeCancel: true,
  table: { select: { name: true, token: true } },
  items: {
    orderBy: itemOrder,
    select: { id: true, productId: true, name: true, quantity: true, unitPriceMinor: true, note: true, status: true },
  },
} as const;

export type OrderView = NonNullable<Awaited<ReturnType<typeof findOrderView>>>;

export function findOrderView(db: Db, where: { id: string; guestId?: string; tenantId?: string }) {
  return db.order.findFirst({ where, select: orderViewSelect });
}
