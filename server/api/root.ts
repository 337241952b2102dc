import { accountRouter } from './routers/account';
import { authRouter } from './routers/auth';
import { boardRouter } from './routers/board';
import { catalogRouter } from './routers/catalog';
import { menuRouter } from './routers/menu';
import { orderRouter } from './routers/order';
import { paymentRouter } from './routers/payment';
import { restaurantRouter } from './routers/restaurant';
import { staffRouter } from './routers/staff';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  account: accountRouter,
  auth: authRouter,
  board: boardRouter,
  catalog: catalogRouter,
  menu: menuRouter,
  order: orderRouter,
  payment: paymentRouter,
  restaurant: restaurantRouter,
  staff: staffRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(ctx).menu.get({ tableToken })`. */
export const createCaller = createCallerFactory(appRouter);
