import { invalidateMenus } from '../../cache/menu-cache';
import { setAvailabilityInput, setProductAvailability } from '../../domain/catalog/set-availability';
import { logger } from '../../log';
import { menuCacheRedis } from '../../cache/node';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, staffProcedure } from '../trpc';

export const catalogRouter = createTRPCRouter({
  setAvailability: staffProcedure
    .input(setAvailabilityInput)
    .use(rateLimited('catalog'))
    .mutation(({ ctx, input }) =>
      setProductAvailability(ctx.db, ctx.tenantId, input, {
        menus: { invalidate: (tenantId) => invalidateMenus(menuCacheRedis, tenantId) },
        log: logger,
      }),
    ),
});
