import { registerInput, registerRestaurant } from '../../domain/restaurants/register';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, publicProcedure } from '../trpc';

export const authRouter = createTRPCRouter({
  register: publicProcedure
    .input(registerInput)
    .use(rateLimited('register'))
    .mutation(({ ctx, input }) => registerRestaurant(ctx.db, input)),
});
