import { getMenuCached } from '../../cache/menu-cache';
import { getMenuInput } from '../../domain/menu/schemas';
import { env } from '../../env';
import { menuCacheRedis } from '../../cache/node';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, publicProcedure } from '../trpc';

export const menuRouter = createTRPCRouter({
  get: publicProcedure
    .input(getMenuInput)
    .use(rateLimited('menu', 'menu-table'))
    .query(
      async ({ ctx, input }) =>
        (await getMenuCached(ctx.db, env.MENU_CACHE_ENABLED ? menuCacheRedis : null, input.tableToken)).menu,
    ),
});
