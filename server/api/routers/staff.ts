// Staff management (owners only): the restaurant's accounts. A changed
// account's sessions end on every instance within the recheck interval; on
// this one at once.
import { sessionCheck } from '../../auth/current-session';
import { createStaff, listStaff, setStaffActive, setStaffRole } from '../../domain/staff/accounts';
import { createStaffInput, setStaffActiveInput, setStaffRoleInput } from '../../domain/staff/schemas';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, ownerProcedure } from '../trpc';

export const staffRouter = createTRPCRouter({
  list: ownerProcedure.use(rateLimited('admin')).query(({ ctx }) => listStaff(ctx.db, ctx.tenantId)),

  /** The new account and its initial password, shown once. */
  create: ownerProcedure
    .input(createStaffInput)
    .use(rateLimited('admin-write'))
    .mutation(({ ctx, input }) => createStaff(ctx.db, ctx.tenantId, input)),

  setRole: ownerProcedure
    .input(setStaffRoleInput)
    .use(rateLimited('admin-write'))
    .mutation(async ({ ctx, input }) => {
      const member = await setStaffRole(ctx.db, ctx.tenantId, input);
      sessionCheck.forget(input.userId);
      return member;
    }),

  setActive: ownerProcedure
    .input(setStaffActiveInput)
    .use(rateLimited('admin-write'))
    .mutation(async ({ ctx, input }) => {
      const member = await setStaffActive(ctx.db, ctx.tenantId, { ...input, actorId: ctx.user.id });
      sessionCheck.forget(input.userId);
      return member;
    }),
});
