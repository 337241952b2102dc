import { getRestaurantOverview } from '../../domain/restaurants/get-restaurant';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, staffProcedure } from '../trpc';

export const restaurantRouter = createTRPCRouter({
  overview: staffProcedure.use(rateLimited('admin')).query(({ ctx }) => getRestaurantOverview(ctx.db, ctx.tenantId)),
});
