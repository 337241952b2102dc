// The staff board's read model: open orders by the kitchen's columns, the
// awaiting-payment queue kept apart, closed orders a page at a time, one
// order's history. Every read is scoped by the restaurant: an id of another
// restaurant reads as missing. Each order carries the moves the state
// machine allows now, so the board offers only what the server accepts.
import type { Db } from '../../prisma-client';
import { CLOSED_STATUSES, KITCHEN_STATUSES, type OrderStatus } from '../../shared/order-lifecycle';
import { wasPaid } from '../../shared/payment-status';
import { AppError } from '../errors';
import { allowedItemMoves, allowedOrderMoves, type OrderState } from './lifecycle';
import { CLOSED_PAGE_SIZE } from './schemas';
import { orderViewSelect } from './views';

/** Open orders beyond this many are not shown; the board says so (a kitchen with more has other problems). */
export const OPEN_ORDERS_SHOWN = 500;

const paymentOrder: { attempt: 'desc' }[] = [{ attempt: 'desc' }];

/** What a guest sees of an order, plus what staff need: where a cancelled order was, why, and the table's id. */
const boardOrderSelect = {
  ...orderViewSelect,
  statusBeforeCancel: true,
  cancelReason: true,
  paymentIssue: true,
  table: { select: { id: true, name: true } },
  // How it was paid (the refund dialog says where the money goes back).
  payments: { where: { status: 'SUCCEEDED' as const }, orderBy: paymentOrder, take: 1, select: { method: true } },
} as const;

type BoardRow = NonNullable<Awaited<ReturnType<typeof findRow>>>;

function findRow(db: Db, where: { id: string; tenantId: string }) {
  return db.order.findFirst({ where, select: boardOrderSelect });
}

/** What the state machine needs to know of an order row. */
export function orderStateOf(row: {
  status: OrderStatus;
  statusBeforeCancel: OrderStatus | null;
  expiresAt: Date | null;
  paymentStatus: string;
}): OrderState {
  return {
    status: row.status,
    statusBeforeCancel: row.statusBeforeCancel,
    // Pay-first orders carry an expiry from the moment they are placed.
    mustPayFirst: row.expiresAt !== null && !wasPaid(row.paymentStatus),
  };
}

function toBoardOrder(row: BoardRow) {
  return {
    ...row,
    moves: allowedOrderMoves(orderStateOf(row)),
    items: row.items.map((item) => ({
      ...item,
      moves: allowedItemMoves({ status: item.status, orderStatus: row.status }),
    })),
  };
}

export type BoardOrder = ReturnType<typeof toBoardOrder>;

export async function findBoardOrder(db: Db, tenantId: string, orderId: string): Promise<BoardOrder | null> {
  const row = await findRow(db, { id: orderId, tenantId });
  return row ? toBoardOrder(row) : null;
}

/** Several orders of the restaurant as they are now, in one query (a batch of live changes); missing ones are left out. */
export async function findBoardOrders(db: Db, tenantId: string, orderIds: readonly string[]): Promise<BoardOrder[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.order.findMany({ where: { id: { in: [...orderIds] }, tenantId }, select: boardOrderSelect });
  return rows.map(toBoardOrder);
}

async function requireTable(db: Db, tenantId: string, tableId: string | undefined): Promise<void> {
  if (!tableId) return;
  const found = await db.table.count({ where: { id: tableId, tenantId } });
  if (found === 0) throw new AppError('NOT_FOUND', 'Table not found', { field: 'tableId' });
}

/** The open board: the kitchen's orders oldest first, the awaiting-payment queue, and the tables to filter by. */
export async function listBoard(db: Db, tenantId: string, filter: { tableId?: string }) {
  await requireTable(db, tenantId, filter.tableId);
  const where = { tenantId, ...(filter.tableId ? { tableId: filter.tableId } : {}) };
  const [open, awaitingPayment, tables, tenant] = await Promise.all([
    db.order.findMany({
      where: { ...where, status: { in: [...KITCHEN_STATUSES] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: OPEN_ORDERS_SHOWN + 1,
      select: boardOrderSelect,
    }),
    db.order.findMany({
      where: { ...where, status: 'AWAITING_PAYMENT' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: OPEN_ORDERS_SHOWN,
      select: boardOrderSelect,
    }),
    db.table.findMany({
      where: { tenantId },
      orderBy: { name: 'asc' },
      select: { id: true, name: true, active: true },
    }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { currency: true } }),
  ]);
  return {
    currency: tenant.currency,
    open: open.slice(0, OPEN_ORDERS_SHOWN).map(toBoardOrder),
    openTruncated: open.length > OPEN_ORDERS_SHOWN,
    awaitingPayment: awaitingPayment.map(toBoardOrder),
    tables,
  };
}

/** Paid and cancelled orders, newest first, a page at a time (keyset: the last order of the previous page). */
export async function listClosedOrders(
  db: Db,
  tenantId: string,
  filter: { tableId?: string; status?: (typeof CLOSED_STATUSES)[number]; cursor?: string },
) {
  await requireTable(db, tenantId, filter.tableId);
  let after: { createdAt: Date; id: string } | null = null;
  if (filter.cursor) {
    after = await db.order.findFirst({ where: { id: filter.cursor, tenantId }, select: { createdAt: true, id: true } });
    if (!after) throw new AppError('NOT_FOUND', 'Order not found', { field: 'cursor' });
  }
  const rows = await db.order.findMany({
    where: {
      tenantId,
      ...(filter.tableId ? { tableId: filter.tableId } : {}),
      status: filter.status ? filter.status : { in: [...CLOSED_STATUSES] },
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: CLOSED_PAGE_SIZE + 1,
    select: boardOrderSelect,
  });
  const page = rows.slice(0, CLOSED_PAGE_SIZE).map(toBoardOrder);
  return { orders: page, nextCursor: rows.length > CLOSED_PAGE_SIZE ? page.at(-1)!.id : null };
}

/** Every recorded change of an order and its items, oldest first: who, when, from, to, why. */
export async function orderHistory(db: Db, tenantId: string, orderId: string) {
  const order = await db.order.findFirst({ where: { id: orderId, tenantId }, select: { id: true, createdAt: true } });
  if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  const changes = await db.orderStatusChange.findMany({
    where: { orderId, tenantId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      createdAt: true,
      field: true,
      fromStatus: true,
      toStatus: true,
      reason: true,
      actorKind: true,
      actor: { select: { name: true, email: true } },
      orderItem: { select: { id: true, name: true } },
    },
  });
  return { placedAt: order.createdAt, changes };
}
