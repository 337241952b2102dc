// Staff mark a product available or not (SPEC §2: staff run catalog availability).
// After the write, the restaurant's cached menus are dropped so guests see the
// change on their next load; that is an after-commit effect, which never turns
// the saved change into an error.
import { z } from 'zod';
import type { Db } from '../../prisma-client';
import { afterCommit, stderrLog, type ErrorLog } from '../after-commit';
import { AppError } from '../errors';
import { recordId } from '../schemas';

export const setAvailabilityInput = z.object({ productId: recordId(), available: z.boolean() });

/** The menu cache, as the catalog sees it (server/cache/menu-cache.ts implements it over Redis). */
export type MenuInvalidation = { invalidate(tenantId: string): Promise<void> };

export async function setProductAvailability(
  db: Db,
  tenantId: string,
  input: z.infer<typeof setAvailabilityInput>,
  /** Without `menus` (tests of the write alone), no cache is invalidated. */
  after: { menus?: MenuInvalidation; log?: ErrorLog } = {},
) {
  const updated = await db.product.updateMany({
    where: { id: input.productId, tenantId },
    data: { available: input.available },
  });
  // Another restaurant's product behaves exactly like a missing one.
  if (updated.count !== 1) throw new AppError('NOT_FOUND', 'Product not found', { field: 'productId' });
  const { menus, log = stderrLog } = after;
  if (menus) {
    await afterCommit('menu.invalidate', () => menus.invalidate(tenantId), {
      log,
      context: { tenantId, productId: input.productId },
    });
  }
  return { productId: input.productId, available: input.available };
}
