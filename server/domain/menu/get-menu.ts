// The public menu of the restaurant a table belongs to. An unknown and a
// deactivated table look the same to the guest: NOT_FOUND.
import type { Db } from '../../prisma-client';
import { AppError } from '../errors';

export type MenuProduct = {
  id: string;
  name: string;
  description: string;
  priceMinor: number;
  available: boolean;
  imageUrl: string | null;
};

export type MenuCategory = { id: string; name: string; products: MenuProduct[] };

export type Menu = {
  restaurant: {
    name: string;
    currency: string;
    logoUrl: string | null;
    immediatePaymentRequired: boolean;
  };
  table: { name: string };
  categories: MenuCategory[];
};

export const imageUrl = (imageId: string | null): string | null => (imageId ? `/api/images/${imageId}` : null);

/** The menu and the restaurant it belongs to (the cache indexes menus by restaurant). */
export async function loadMenuForTable(db: Db, tableToken: string): Promise<{ tenantId: string; menu: Menu }> {
  const table = await db.table.findUnique({
    where: { token: tableToken },
    select: {
      name: true,
      active: true,
      tenantId: true,
      tenant: {
        select: {
          name: true,
          currency: true,
          logoImageId: true,
          immediatePaymentRequired: true,
          categories: {
            orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
            select: {
              id: true,
              name: true,
              products: {
                orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
                select: { id: true, name: true, description: true, priceMinor: true, available: true, imageId: true },
              },
            },
          },
        },
      },
    },
  });
  if (!table || !table.active) throw new AppError('NOT_FOUND', 'No table with that token', { field: 'tableToken' });

  const { tenant } = table;
  const menu: Menu = {
    restaurant: {
      name: tenant.name,
      currency: tenant.currency,
      logoUrl: imageUrl(tenant.logoImageId),
      immediatePaymentRequired: tenant.immediatePaymentRequired,
    },
    table: { name: table.name },
    categories: tenant.categories
      .filter((category) => category.products.length > 0)
      .map((category) => ({
        id: category.id,
        name: category.name,
        products: category.products.map(({ imageId, ...product }) => ({ ...product, imageUrl: imageUrl(imageId) })),
      })),
  };
  return { tenantId: table.tenantId, menu };
}
