// What a sign-up sends (SPEC §7 auth.register). Browser-safe: the sign-up
// form validates with this same schema before the server does.
import { z } from 'zod';
import { currencyCode, displayName, emailAddress, newPassword } from '../schemas';

export const registerInput = z.object({
  restaurantName: displayName({ min: 2, max: 80 }),
  email: emailAddress(),
  password: newPassword(),
  currency: currencyCode(),
});
export type RegisterInput = z.infer<typeof registerInput>;
