// What owners send to manage their staff, and what anyone sends to change
// their own password. Browser-safe: the console's forms validate with these.
import { z } from 'zod';
import { STAFF_ROLES } from '../../shared/roles';
import { displayName, emailAddress, newPassword, PASSWORD_MAX, recordId } from '../schemas';

const role = z.enum(STAFF_ROLES, 'must be Owner or Staff');

export const createStaffInput = z.object({
  email: emailAddress(),
  name: displayName({ min: 1, max: 80, tooShort: 'enter a name' }),
  role,
});
export type CreateStaffInput = z.infer<typeof createStaffInput>;

export const setStaffRoleInput = z.object({ userId: recordId(), role });
export const setStaffActiveInput = z.object({ userId: recordId(), active: z.boolean() });

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'enter your current password').max(PASSWORD_MAX),
    newPassword: newPassword(),
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    message: 'must differ from your current password',
    path: ['newPassword'],
  });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
