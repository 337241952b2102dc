// The staff side of orders (the admin board builds on these).
import { z } from 'zod';
import { changeItemStatus, changeOrderStatus } from '../../domain/orders/change-status';
import { ItemStatus, OrderStatus } from '../../generated/prisma/enums';
import { orderHub } from '../../realtime/order-hub';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, staffProcedure } from '../trpc';

const id = z.string().trim().min(1).max(64);

export const boardRouter = createTRPCRouter({
  setOrderStatus: staffProcedure
    .input(z.object({ orderId: id, status: z.enum(OrderStatus) }))
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      changeOrderStatus(ctx.db, orderHub, {
        tenantId: ctx.tenantId,
        orderId: input.orderId,
        to: input.status,
        actor: { userId: ctx.user.id, kind: 'staff' },
      }),
    ),

  setItemStatus: staffProcedure
    .input(z.object({ orderId: id, itemId: id, status: z.enum(ItemStatus) }))
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      changeItemStatus(ctx.db, orderHub, {
        tenantId: ctx.tenantId,
        orderId: input.orderId,
        itemId: input.itemId,
        to: input.status,
        actor: { userId: ctx.user.id, kind: 'staff' },
      }),
    ),
});
