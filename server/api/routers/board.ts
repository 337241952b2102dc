// The staff side of orders (the admin board builds on these).
import { changeItemStatus, changeOrderStatus } from '../../domain/orders/change-status';
import { setItemStatusInput, setOrderStatusInput } from '../../domain/orders/schemas';
import { logger } from '../../log';
import { orderHub } from '../../realtime/order-hub';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, staffProcedure } from '../trpc';

export const boardRouter = createTRPCRouter({
  setOrderStatus: staffProcedure
    .input(setOrderStatusInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      changeOrderStatus(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          to: input.status,
          actor: { userId: ctx.user.id, kind: 'staff' },
        },
        logger,
      ),
    ),

  setItemStatus: staffProcedure
    .input(setItemStatusInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      changeItemStatus(
        ctx.db,
        orderHub,
        {
          tenantId: ctx.tenantId,
          orderId: input.orderId,
          itemId: input.itemId,
          to: input.status,
          actor: { userId: ctx.user.id, kind: 'staff' },
        },
        logger,
      ),
    ),
});
