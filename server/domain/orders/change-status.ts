// Staff move an order, or one item, to another status (SPEC §3). Each
// change is recorded (who, when, from, to) and announced.
import type { ItemStatus, OrderStatus } from '../../generated/prisma/client';
import type { Db } from '../../prisma-client';
import { afterCommit, stderrLog, type ErrorLog } from '../after-commit';
import { AppError } from '../errors';
import type { OrderEvents } from './events';
import {
  canStaffSetItemStatus,
  canStaffSetOrderStatus,
  itemStatusesBehind,
  itemStatusFollowing,
  itemsMovable,
} from './lifecycle';
import { findOrderView, type OrderView } from './views';

export type Actor = { userId: string | null; kind: 'staff' | 'system' };

/** Who made a change and when, as every OrderStatusChange row records it. */
function changeRecord(change: { tenantId: string; orderId: string; actor: Actor }) {
  return {
    tenantId: change.tenantId,
    orderId: change.orderId,
    actorUserId: change.actor.userId,
    actorKind: change.actor.kind,
    // Stamped after the lock, so the history reads in the order the changes were applied.
    createdAt: new Date(),
  };
}

/**
 * A staff change is recorded under a member of the restaurant. A session can
 * outlive its account (deleted, or moved to another restaurant): that is a
 * "sign in again", not a 500 from the history row's foreign key.
 */
async function requireMember(tx: Pick<Db, 'user'>, change: { tenantId: string; actor: Actor }): Promise<void> {
  if (change.actor.kind !== 'staff' || change.actor.userId === null) return;
  const members = await tx.user.count({ where: { id: change.actor.userId, tenantId: change.tenantId } });
  if (members === 0) {
    throw new AppError('UNAUTHENTICATED', 'Your staff account is no longer active here; please sign in again');
  }
}

export async function changeOrderStatus(
  db: Db,
  events: OrderEvents,
  change: { tenantId: string; orderId: string; to: OrderStatus; actor: Actor },
  log: ErrorLog = stderrLog,
): Promise<OrderView> {
  await db.$transaction(async (tx) => {
    await requireMember(tx, change);
    const order = await tx.order.findFirst({
      where: { id: change.orderId, tenantId: change.tenantId },
      select: { status: true },
    });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
    if (!canStaffSetOrderStatus(order.status, change.to)) {
      throw new AppError(
        'CONFLICT',
        `An order that is ${order.status.toLowerCase()} cannot become ${change.to.toLowerCase()}`,
        { field: 'status' },
      );
    }
    // Only moves from the status we read: a concurrent change makes this one a conflict, not a lost update.
    const moved = await tx.order.updateMany({
      where: { id: change.orderId, status: order.status },
      data: { status: change.to },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'The order changed meanwhile; reload and try again');
    const recorded = changeRecord(change);
    await tx.orderStatusChange.create({ data: { ...recorded, fromStatus: order.status, toStatus: change.to } });
    // Items behind the order catch up, each change recorded like a manual one.
    const itemTarget = itemStatusFollowing(change.to);
    if (itemTarget) {
      const behindStatuses = itemStatusesBehind(itemTarget);
      const behind = await tx.orderItem.findMany({
        where: { orderId: change.orderId, status: { in: behindStatuses } },
        select: { id: true, status: true },
      });
      if (behind.length > 0) {
        await tx.orderItem.updateMany({
          where: { id: { in: behind.map((i) => i.id) }, status: { in: behindStatuses } },
          data: { status: itemTarget },
        });
        await tx.orderStatusChange.createMany({
          data: behind.map((item) => ({
            ...recorded,
            orderItemId: item.id,
            fromStatus: item.status,
            toStatus: itemTarget,
          })),
        });
      }
    }
  });
  return announce(db, events, change, log);
}

export async function changeItemStatus(
  db: Db,
  events: OrderEvents,
  change: { tenantId: string; orderId: string; itemId: string; to: ItemStatus; actor: Actor },
  log: ErrorLog = stderrLog,
): Promise<OrderView> {
  await db.$transaction(async (tx) => {
    await requireMember(tx, change);
    // The order row first, as changeOrderStatus takes it: an order move and an item move never
    // interleave. Its version moves with its items (live updates resume from it).
    const touched = await tx.order.updateMany({
      where: { id: change.orderId, tenantId: change.tenantId },
      data: { updatedAt: new Date() },
    });
    if (touched.count !== 1) throw new AppError('NOT_FOUND', 'Order item not found', { field: 'itemId' });
    const item = await tx.orderItem.findFirst({
      where: { id: change.itemId, orderId: change.orderId },
      select: { status: true, order: { select: { status: true } } },
    });
    if (!item) throw new AppError('NOT_FOUND', 'Order item not found', { field: 'itemId' });
    if (!itemsMovable(item.order.status)) {
      throw new AppError(
        'CONFLICT',
        `Items of an order that is ${item.order.status.toLowerCase().replace('_', ' ')} cannot change`,
        { field: 'status' },
      );
    }
    if (!canStaffSetItemStatus(item.status, change.to)) {
      throw new AppError('CONFLICT', `The item is already ${change.to.toLowerCase()}`, { field: 'status' });
    }
    const moved = await tx.orderItem.updateMany({
      where: { id: change.itemId, status: item.status },
      data: { status: change.to },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'The item changed meanwhile; reload and try again');
    await tx.orderStatusChange.create({
      data: { ...changeRecord(change), orderItemId: change.itemId, fromStatus: item.status, toStatus: change.to },
    });
  });
  return announce(db, events, change, log);
}

/** After the change committed: announced (never failing the change), then read back. */
async function announce(
  db: Db,
  events: OrderEvents,
  change: { tenantId: string; orderId: string },
  log: ErrorLog,
): Promise<OrderView> {
  const context = { orderId: change.orderId, tenantId: change.tenantId };
  await afterCommit('order.changed', () => events.changed(context), { log, context });
  const view = await findOrderView(db, { id: change.orderId, tenantId: change.tenantId });
  if (!view) throw new AppError('NOT_FOUND', 'Order not found');
  return view;
}
