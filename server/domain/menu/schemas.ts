import { z } from 'zod';
import { urlSafeToken } from '../schemas';

/** Table tokens are URL-safe: seeded ones are readable, real ones random (>= 128 bits). */
export const TABLE_TOKEN_BOUNDS = { min: 3, max: 64 } as const;
export const tableToken = urlSafeToken(TABLE_TOKEN_BOUNDS);

export const getMenuInput = z.object({ tableToken });
export type GetMenuInput = z.infer<typeof getMenuInput>;
