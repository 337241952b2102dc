import { invalidateMenus } from '../../cache/menu-cache';
import { setAvailabilityInput, setProductAvailability } from '../../domain/catalog/set-availability';
import { redis } from '../../redis';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, staffProcedure } from '../trpc';

export const catalogRouter = createTRPCRouter({
  setAvailability: staffProcedure
    .input(setAvailabilityInput)
    .use(rateLimited('catalog'))
    .mutation(async ({ ctx, input }) => {
      const result = await setProductAvailability(ctx.db, ctx.tenantId, input);
      await invalidateMenus(redis, ctx.tenantId);
      return result;
    }),
});
