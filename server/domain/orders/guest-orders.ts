// A guest's own orders: by id (anyone else's id is "not found") and all of
// theirs at one table, newest first.
import type { Db } from '../../prisma-client';
import { AppError } from '../errors';
import { findOrderView, orderViewSelect, type OrderView } from './views';

export async function getGuestOrder(db: Db, guestId: string, orderId: string): Promise<OrderView> {
  const order = await findOrderView(db, { id: orderId, guestId });
  if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  return order;
}

export function listGuestOrders(db: Db, guestId: string, tableToken: string): Promise<OrderView[]> {
  return db.order.findMany({
    where: { guestId, table: { token: tableToken } },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: orderViewSelect,
  });
}
