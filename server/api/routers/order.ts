import { tracked } from '@trpc/server';
import { getGuestOrder, listGuestOrders } from '../../domain/orders/guest-orders';
import { placeOrder } from '../../domain/orders/place-order';
import { orderIdInput, placeOrderInput, tableOrdersInput } from '../../domain/orders/schemas';
import { logger } from '../../log';
import { orderHub } from '../../realtime/order-hub';
import { holdConnectionSlot, watchOrder } from '../live';
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
    .subscription(async function* ({ ctx, input, signal }) {
      // Listen first, then read: a change in between still wakes the loop.
      const stop = new AbortController();
      const watch = watchOrder(input.orderId, AbortSignal.any([stop.signal, ...(signal ? [signal] : [])]));
      try {
        await watch.listening;
        const first = await getGuestOrder(ctx.db, ctx.guestId, input.orderId);
        const slot = await holdConnectionSlot(ctx, signal);
        slot.lost.addEventListener('abort', () => stop.abort(), { once: true });
        try {
          yield tracked(first.updatedAt.toISOString(), first);
          for await (const _ of watch.changes) {
            const order = await getGuestOrder(ctx.db, ctx.guestId, input.orderId);
            yield tracked(order.updatedAt.toISOString(), order);
          }
          // The slot could not be kept: end the stream with the reason, so the page says so.
          if (slot.lost.aborted) throw slot.lost.reason;
        } finally {
          await slot.release();
        }
      } finally {
        watch.close();
      }
    }),
});
