// The staff orders board (/admin/orders): reads, moves judged by the order
// state machine, and a live stream of the restaurant's changes.
import {
  findBoardOrder,
  findBoardOrders,
  listBoard,
  listClosedOrders,
  orderHistory,
  type BoardOrder,
} from '../../domain/orders/board';
import { moveItem, moveOrder, type ItemChange, type OrderChange } from '../../domain/orders/change-status';
import {
  boardInput,
  cancelItemInput,
  cancelOrderInput,
  closedOrdersInput,
  orderIdInput,
  reopenOrderInput,
  setItemStatusInput,
  setOrderStatusInput,
} from '../../domain/orders/schemas';
import { AppError } from '../../domain/errors';
import { markPaidInCashInput, refundInput } from '../../domain/payments/schemas';
import { markPaidInCash, refundOrder } from '../../domain/payments/staff-payments';
import { logger } from '../../log';
import { paymentDeps } from '../../payments/gateway';
import { orderHub } from '../../realtime/order-hub';
import { liveStream, watchRestaurant } from '../live';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, ownerProcedure, requireCurrentSession, staffProcedure, type Context } from '../trpc';

/** What the board's stream says: re-read everything (first, and after a gap), or these orders changed. */
export type BoardEvent = { type: 'sync' } | { type: 'orders'; orders: BoardOrder[] };

type StaffCtx = Context & { tenantId: string; user: { id: string } };

/** A move by this member of staff, in their restaurant, announced to every board and guest. */
const moveOrderAs = (ctx: StaffCtx, change: Pick<OrderChange, 'orderId' | 'expected' | 'move' | 'reason'>) =>
  moveOrder(
    ctx.db,
    orderHub,
    { ...change, tenantId: ctx.tenantId, actor: { userId: ctx.user.id, kind: 'staff' } },
    logger,
  );

const moveItemAs = (ctx: StaffCtx, change: Pick<ItemChange, 'orderId' | 'itemId' | 'expected' | 'move' | 'reason'>) =>
  moveItem(
    ctx.db,
    orderHub,
    { ...change, tenantId: ctx.tenantId, actor: { userId: ctx.user.id, kind: 'staff' } },
    logger,
  );

async function findBoardOrderOrThrow(ctx: StaffCtx, orderId: string): Promise<BoardOrder> {
  const order = await findBoardOrder(ctx.db, ctx.tenantId, orderId);
  if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  return order;
}

export const boardRouter = createTRPCRouter({
  list: staffProcedure
    .input(boardInput)
    .use(rateLimited('catalog'))
    .query(({ ctx, input }) => listBoard(ctx.db, ctx.tenantId, input)),

  closed: staffProcedure
    .input(closedOrdersInput)
    .use(rateLimited('catalog'))
    .query(({ ctx, input }) => listClosedOrders(ctx.db, ctx.tenantId, input)),

  history: staffProcedure
    .input(orderIdInput)
    .use(rateLimited('catalog'))
    .query(({ ctx, input }) => orderHistory(ctx.db, ctx.tenantId, input.orderId)),

  setOrderStatus: staffProcedure
    .input(setOrderStatusInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveOrderAs(ctx, {
        orderId: input.orderId,
        expected: input.from,
        move: { kind: 'set', to: input.to },
      }),
    ),

  cancelOrder: staffProcedure
    .input(cancelOrderInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveOrderAs(ctx, {
        orderId: input.orderId,
        expected: input.from,
        move: { kind: 'cancel' },
        reason: input.reason,
      }),
    ),

  reopenOrder: staffProcedure
    .input(reopenOrderInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveOrderAs(ctx, {
        orderId: input.orderId,
        expected: 'CANCELLED',
        move: { kind: 'reopen' },
      }),
    ),

  setItemStatus: staffProcedure
    .input(setItemStatusInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveItemAs(ctx, {
        orderId: input.orderId,
        itemId: input.itemId,
        expected: input.from,
        move: { kind: 'set', to: input.to },
      }),
    ),

  cancelItem: staffProcedure
    .input(cancelItemInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveItemAs(ctx, {
        orderId: input.orderId,
        itemId: input.itemId,
        expected: input.from,
        move: { kind: 'cancel' },
        reason: input.reason,
      }),
    ),

  /** The guest paid at the table: recorded as cash, by this member of staff; a pay-first order goes to the kitchen. */
  markPaidInCash: staffProcedure
    .input(markPaidInCashInput)
    .use(rateLimited('catalog'))
    .mutation(async ({ ctx, input }) => {
      await markPaidInCash(paymentDeps(ctx.db), {
        tenantId: ctx.tenantId,
        orderId: input.orderId,
        actorUserId: ctx.user.id,
      });
      return findBoardOrderOrThrow(ctx, input.orderId);
    }),

  /** Owners give money back, in full or in part: by Stripe for a card payment, recorded for cash. */
  refund: ownerProcedure
    .input(refundInput)
    .use(rateLimited('admin-write', 'payment'))
    .mutation(async ({ ctx, input }) => {
      const refund = await refundOrder(paymentDeps(ctx.db), {
        tenantId: ctx.tenantId,
        orderId: input.orderId,
        amountMinor: input.amountMinor,
        requestKey: input.requestKey,
        reason: input.reason,
        actorUserId: ctx.user.id,
      });
      return { refund, order: await findBoardOrderOrThrow(ctx, input.orderId) };
    }),

  /**
   * The restaurant's changes, live: `sync` first (and after any gap: re-read
   * the lists), then the changed orders as they are now. The session is
   * checked again before each batch, so an account that changed stops
   * receiving within the recheck interval.
   */
  onChange: staffProcedure.use(rateLimited('realtime-messages')).subscription(({ ctx, signal }) =>
    liveStream<BoardEvent>(
      ctx,
      signal,
      (watching) => watchRestaurant(ctx.tenantId, watching),
      async (changes) => {
        await requireCurrentSession(ctx.user);
        if (changes === null || changes.all) return { type: 'sync' };
        return { type: 'orders', orders: await findBoardOrders(ctx.db, ctx.tenantId, [...changes.orderIds]) };
      },
    ),
  ),
});
