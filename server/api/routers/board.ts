// The staff orders board (/admin/orders): reads, moves judged by the order
// state machine, and a live stream of the restaurant's changes.
import { findBoardOrder, listBoard, listClosedOrders, orderHistory, type BoardOrder } from '../../domain/orders/board';
import { moveItem, moveOrder } from '../../domain/orders/change-status';
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
import { logger } from '../../log';
import { orderHub } from '../../realtime/order-hub';
import { liveStream, watchRestaurant } from '../live';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, requireCurrentSession, staffProcedure, type Context } from '../trpc';

/** What the board's stream says: re-read everything (first, and after a gap), or these orders changed. */
export type BoardEvent = { type: 'sync' } | { type: 'orders'; orders: BoardOrder[] };

type StaffCtx = Context & { tenantId: string; user: { id: string } };
const actorOf = (ctx: StaffCtx) => ({ userId: ctx.user.id, kind: 'staff' as const });

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
      moveOrder(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          expected: input.from,
          move: { kind: 'set', to: input.to },
          actor: actorOf(ctx),
        },
        logger,
      ),
    ),

  cancelOrder: staffProcedure
    .input(cancelOrderInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveOrder(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          expected: input.from,
          move: { kind: 'cancel' },
          reason: input.reason,
          actor: actorOf(ctx),
        },
        logger,
      ),
    ),

  reopenOrder: staffProcedure
    .input(reopenOrderInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveOrder(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          expected: 'CANCELLED',
          move: { kind: 'reopen' },
          actor: actorOf(ctx),
        },
        logger,
      ),
    ),

  setItemStatus: staffProcedure
    .input(setItemStatusInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveItem(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          itemId: input.itemId,
          expected: input.from,
          move: { kind: 'set', to: input.to },
          actor: actorOf(ctx),
        },
        logger,
      ),
    ),

  cancelItem: staffProcedure
    .input(cancelItemInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      moveItem(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          itemId: input.itemId,
          expected: input.from,
          move: { kind: 'cancel' },
          reason: input.reason,
          actor: actorOf(ctx),
        },
        logger,
      ),
    ),

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
        const orders = await Promise.all([...changes.orderIds].map((id) => findBoardOrder(ctx.db, ctx.tenantId, id)));
        return { type: 'orders', orders: orders.filter((order) => order !== null) };
      },
    ),
  ),
});
