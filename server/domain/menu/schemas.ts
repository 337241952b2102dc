import { z } from 'zod';

/** Table tokens are URL-safe: seeded ones are readable, real ones random (>= 128 bits). */
export const tableToken = z
  .string()
  .trim()
  .min(3, 'table token is too short')
  .max(64, 'table token is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'table token may only contain letters, digits, "-" and "_"');

export const getMenuInput = z.object({ tableToken });
export type GetMenuInput = z.infer<typeof getMenuInput>;
