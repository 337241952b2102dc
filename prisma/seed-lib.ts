// Idempotent demo seed: every row is looked up by its natural key and only
// created when missing, so a second run changes nothing (not even updatedAt).
import { Redis } from '@upstash/redis';
import { hashPassword } from '../server/auth/password';
import { dropCachedMenus } from '../server/cache/menu-cache';
import type { Db } from '../server/prisma-client';
import { operator, restaurants } from './seed-data';

export type SeedSummary = { created: number; existing: number };

export async function seedDemoData(db: Db, log: (message: string) => void = () => {}): Promise<SeedSummary> {
  const summary: SeedSummary = { created: 0, existing: 0 };
  const count = (created: boolean) => (created ? summary.created++ : summary.existing++);

  async function ensureUser(
    data: { email: string; password: string; name: string },
    extra: { tenantId?: string; role?: 'OWNER'; isOperator?: boolean },
  ) {
    const existing = await db.user.findUnique({ where: { email: data.email } });
    count(!existing);
    if (existing) return existing;
    return db.user.create({
      data: { email: data.email, name: data.name, passwordHash: await hashPassword(data.password), ...extra },
    });
  }

  for (const restaurant of restaurants) {
    let tenant = await db.tenant.findUnique({ where: { slug: restaurant.slug } });
    count(!tenant);
    tenant ??= await db.tenant.create({
      data: {
        name: restaurant.name,
        slug: restaurant.slug,
        currency: restaurant.currency,
        immediatePaymentRequired: restaurant.immediatePaymentRequired,
      },
    });
    const tenantId = tenant.id;

    await ensureUser(restaurant.owner, { tenantId, role: 'OWNER' });

    for (let n = 1; n <= restaurant.tableCount; n++) {
      const token = `${restaurant.tablePrefix}${n}`;
      const existing = await db.table.findUnique({ where: { token } });
      count(!existing);
      if (!existing) await db.table.create({ data: { tenantId, token, name: `Table ${n}` } });
    }

    for (const [categoryIndex, category] of restaurant.categories.entries()) {
      let row = await db.category.findUnique({ where: { tenantId_name: { tenantId, name: category.name } } });
      count(!row);
      row ??= await db.category.create({ data: { tenantId, name: category.name, sortOrder: categoryIndex } });
      const categoryId = row.id;

      for (const [productIndex, product] of category.products.entries()) {
        const key = { tenantId_categoryId_name: { tenantId, categoryId, name: product.name } };
        const existing = await db.product.findUnique({ where: key });
        count(!existing);
        if (!existing) {
          await db.product.create({
            data: {
              tenantId,
              categoryId,
              name: product.name,
              description: product.description,
              priceMinor: product.price,
              available: product.available ?? true,
              sortOrder: productIndex,
            },
          });
        }
      }
    }
    log(
      `seeded ${restaurant.name} (${restaurant.currency}): tables ${restaurant.tablePrefix}1…${restaurant.tablePrefix}${restaurant.tableCount}`,
    );
  }

  await ensureUser(operator, { isOperator: true });
  return summary;
}

/**
 * After seeding: menus cached in Redis for these table tokens may come from
 * another database (a demo reset, a second checkout on one Redis); drop them.
 * Without Upstash variables there is no cache to clear.
 */
export async function dropCachedMenusOfTables(db: Db, env: Record<string, string | undefined>): Promise<number> {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return 0;
  const redis = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    enableTelemetry: false,
  });
  const tables = await db.table.findMany({ select: { token: true } });
  return dropCachedMenus(
    redis,
    tables.map((t) => t.token),
  );
}
