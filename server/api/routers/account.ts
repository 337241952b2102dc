// The signed-in user's own account.
import { sessionCheck } from '../../auth/current-session';
import { changeOwnPassword } from '../../domain/staff/accounts';
import { changePasswordInput } from '../../domain/staff/schemas';
import { rateLimited } from '../rate-limited';
import { authedProcedure, createTRPCRouter } from '../trpc';

export const accountRouter = createTRPCRouter({
  /** Guessing the current password is held like a sign-in (`login`, per address, fails closed). */
  changePassword: authedProcedure
    .input(changePasswordInput)
    .use(rateLimited('login', 'admin-write'))
    .mutation(async ({ ctx, input }) => {
      await changeOwnPassword(ctx.db, ctx.user.id, input);
      sessionCheck.forget(ctx.user.id);
      return { signInAgain: true as const };
    }),
});
