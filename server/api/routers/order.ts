import { tracked } from '@trpc/server';
import { getGuestOrder, listGuestOrders } from '../../domain/orders/guest-orders';
import { placeOrder } from '../../domain/orders/place-order';
import { orderIdInput, placeOrderInput, tableOrdersInput } from '../../domain/orders/schemas';
import { logger } from '../../log';
import { orderHub } from '../../realtime/order-hub';
import { liveStream, watchOrder } from '../live';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, guestProcedure } from '../trpc';

export const orderRouter = createTRPCRouter({
  place: guestProcedure
    .input(placeOrderInput)
    .use(rateLimited('menu', 'menu-table'))
    .mutation(({ ctx, input }) => placeOrder(ctx.db, orderHub, ctx.guestId, input, logger)),

  get: guestProcedure
    .input(orderIdInput)
    .use(rateLimited('menu'))
    .query(({ ctx, input }) => getGuestOrder(ctx.db, ctx.guestId, input.orderId)),

  /** "Your orders at this table": this device's orders, newest first. */
  mine: guestProcedure
    .input(tableOrdersInput)
    .use(rateLimited('menu', 'menu-table'))
    .query(({ ctx, input }) => listGuestOrders(ctx.db, ctx.guestId, input.tableToken)),

  /** The order now, then again after every change; on reconnect, the order now. */
  onUpdate: guestProcedure
    .input(orderIdInput)
    .use(rateLimited('realtime-messages'))
    .subscription(({ ctx, input, signal }) =>
      liveStream(
        ctx,
        signal,
        (watching) => watchOrder(input.orderId, watching),
        async () => {
          const order = await getGuestOrder(ctx.db, ctx.guestId, input.orderId);
          return tracked(order.updatedAt.toISOString(), order);
        },
      ),
    ),
});
