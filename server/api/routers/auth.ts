import { registerRestaurant } from '../../domain/restaurants/register';
import { registerInput } from '../../domain/restaurants/schemas';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, publicProcedure } from '../trpc';

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(registerInput)
    .use(rateLimited('register'))
    .mutation(({ ctx, input }) => registerRestaurant(ctx.db, input)),
});
