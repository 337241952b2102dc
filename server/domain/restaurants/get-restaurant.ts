import type { Db } from '../../prisma-client';
import { AppError } from '../errors';

export async function getRestaurantOverview(db: Db, tenantId: string) {
  const tenant = await db.tenant.findUnique({
    where: { id: tenantId },
    select: {
      name: true,
      currency: true,
      immediatePaymentRequired: true,
      _count: { select: { tables: true, products: true, categories: true } },
    },
  });
  if (!tenant) throw new AppError('NOT_FOUND', 'Restaurant not found');
  return {
    name: tenant.name,
    currency: tenant.currency,
    immediatePaymentRequired: tenant.immediatePaymentRequired,
    counts: tenant._count,
  };
}
