// Staff move an order, or one item, along the lifecycle (SPEC §3); the state
// machine (./lifecycle.ts) judges every move. Each change is written only
// from the status the board showed (a concurrent change is a conflict naming
// the status now, never a lost update), recorded (who, when, from, to, why)
// in the same transaction, and announced after the commit.
//
// Lock order: the order row first (an item move touches it too), then its
// items, so an order move and an item move never interleave.
import type { ItemStatus, OrderStatus } from '../../generated/prisma/client';
import type { Db } from '../../prisma-client';
import { STAFF_STATUS_LABEL } from '../../shared/order-lifecycle';
import { wasPaid } from '../../shared/payment-status';
import { recordCashPayment } from '../payments/staff-payments';
import { afterCommit, stderrLog, type ErrorLog } from '../after-commit';
import { AppError } from '../errors';
import { findBoardOrder, orderStateOf, type BoardOrder } from './board';
import type { OrderEvents } from './events';
import {
  itemStatusesBehind,
  itemStatusFollowing,
  judgeItemMove,
  judgeOrderMove,
  type ItemMove,
  type OrderMove,
} from './lifecycle';
import { changeRecord, type Actor } from './history';
import { UNPAID_ORDER_TTL_MS } from './place-order';

export type { Actor };

/**
 * A staff change is recorded under a member of the restaurant. A session can
 * outlive its account (deleted, or moved to another restaurant): that is a
 * "sign in again", not a 500 from the history row's foreign key.
 */
async function requireMember(tx: Pick<Db, 'user'>, change: { tenantId: string; actor: Actor }): Promise<void> {
  if (change.actor.kind !== 'staff' || change.actor.userId === null) return;
  const members = await tx.user.count({ where: { id: change.actor.userId, tenantId: change.tenantId, active: true } });
  if (members === 0) {
    throw new AppError('UNAUTHENTICATED', 'Your staff account is no longer active here; please sign in again');
  }
}

/** A move refused as the order or item stands now: the machine's reason, or "someone changed it meanwhile". */
function conflict(what: 'order' | 'item', current: OrderStatus | ItemStatus, why?: string): AppError {
  return new AppError(
    'CONFLICT',
    why ??
      `This ${what} is now "${STAFF_STATUS_LABEL[current]}": someone changed it meanwhile. The board shows it as it is now.`,
    { field: 'status', currentStatus: current },
  );
}

export type OrderChange = {
  tenantId: string;
  orderId: string;
  /** The status the caller saw; null for system moves that judge the status they find. */
  expected: OrderStatus | null;
  move: OrderMove;
  /** Required by the schema for cancelling; recorded with the change. */
  reason?: string;
  actor: Actor;
};

export async function moveOrder(
  db: Db,
  events: OrderEvents,
  change: OrderChange,
  log: ErrorLog = stderrLog,
): Promise<BoardOrder> {
  await db.$transaction(async (tx) => {
    await requireMember(tx, change);
    const order = await tx.order.findFirst({
      where: { id: change.orderId, tenantId: change.tenantId },
      select: {
        id: true,
        tenantId: true,
        status: true,
        statusBeforeCancel: true,
        expiresAt: true,
        paymentStatus: true,
        totalMinor: true,
        currency: true,
        refundedMinor: true,
      },
    });
    if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
    if (change.expected !== null && order.status !== change.expected) throw conflict('order', order.status);
    const verdict = judgeOrderMove(orderStateOf(order), change.move);
    if (!verdict.ok) throw conflict('order', order.status, verdict.why);
    const to = verdict.to;
    const kind = change.move.kind;
    // Only moves from the status we read: a concurrent change makes this one a conflict, not a lost update.
    const moved = await tx.order.updateMany({
      where: { id: change.orderId, status: order.status },
      data: {
        status: to,
        ...(kind === 'cancel' ? { statusBeforeCancel: order.status, cancelReason: change.reason ?? null } : {}),
        ...(kind === 'reopen' ? { statusBeforeCancel: null, cancelReason: null } : {}),
        // Reopened into awaiting payment: a fresh payment window, or the expiry job would cancel it again at once.
        ...(kind === 'reopen' && to === 'AWAITING_PAYMENT'
          ? { expiresAt: new Date(Date.now() + UNPAID_ORDER_TTL_MS) }
          : {}),
      },
    });
    if (moved.count !== 1) {
      const now = await tx.order.findFirst({ where: { id: change.orderId }, select: { status: true } });
      throw conflict('order', now?.status ?? order.status);
    }
    const recorded = changeRecord(change);
    await tx.orderStatusChange.create({
      data: { ...recorded, fromStatus: order.status, toStatus: to, reason: change.reason ?? null },
    });
    // Closing an unpaid order as paid: staff took the money at the table (recorded as cash, by them).
    if (to === 'PAID' && !wasPaid(order.paymentStatus) && change.actor.userId) {
      await recordCashPayment(tx, { ...order, status: to }, change.actor.userId, recorded.createdAt);
    }
    // Items behind the order catch up on a move forward, each change recorded like a manual one.
    const itemTarget = kind === 'set' ? itemStatusFollowing(to) : null;
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

export type ItemChange = {
  tenantId: string;
  orderId: string;
  itemId: string;
  expected: ItemStatus | null;
  move: ItemMove;
  reason?: string;
  actor: Actor;
};

export async function moveItem(
  db: Db,
  events: OrderEvents,
  change: ItemChange,
  log: ErrorLog = stderrLog,
): Promise<BoardOrder> {
  await db.$transaction(async (tx) => {
    await requireMember(tx, change);
    // The order row first (the lock order above). Its version moves with its items (live updates resume from it).
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
    if (change.expected !== null && item.status !== change.expected) throw conflict('item', item.status);
    const verdict = judgeItemMove({ status: item.status, orderStatus: item.order.status }, change.move);
    if (!verdict.ok) throw conflict('item', item.status, verdict.why);
    const moved = await tx.orderItem.updateMany({
      where: { id: change.itemId, status: item.status },
      data: { status: verdict.to },
    });
    if (moved.count !== 1) {
      const now = await tx.orderItem.findFirst({ where: { id: change.itemId }, select: { status: true } });
      throw conflict('item', now?.status ?? item.status);
    }
    await tx.orderStatusChange.create({
      data: {
        ...changeRecord(change),
        orderItemId: change.itemId,
        fromStatus: item.status,
        toStatus: verdict.to,
        reason: change.reason ?? null,
      },
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
): Promise<BoardOrder> {
  const context = { orderId: change.orderId, tenantId: change.tenantId };
  await afterCommit('order.changed', () => events.changed(context), { log, context });
  const view = await findBoardOrder(db, change.tenantId, change.orderId);
  if (!view) throw new AppError('NOT_FOUND', 'Order not found');
  return view;
}
