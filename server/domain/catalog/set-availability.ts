// Staff mark a product available or not (SPEC §2: staff run catalog availability).
import { z } from 'zod';
import type { Db } from '../../prisma-client';
import { AppError } from '../errors';
import { recordId } from '../schemas';

export const setAvailabilityInput = z.object({ productId: recordId(), available: z.boolean() });

export async function setProductAvailability(db: Db, tenantId: string, input: z.infer<typeof setAvailabilityInput>) {
  const updated = await db.product.updateMany({
    where: { id: input.productId, tenantId },
    data: { available: input.available },
  });
  // Another restaurant's product behaves exactly like a missing one.
  if (updated.count !== 1) throw new AppError('NOT_FOUND', 'Product not found', { field: 'productId' });
  return { productId: input.productId, available: input.available };
}
