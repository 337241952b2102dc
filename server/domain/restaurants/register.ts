// Sign-up: a new restaurant and its owner in one transaction.
import { z } from 'zod';
import { hashPassword } from '../../auth/password';
import type { Db } from '../../prisma-client';
import { AppError } from '../errors';
import { isSupportedCurrency } from '../../shared/money';

export const registerInput = z.object({
  restaurantName: z.string().trim().min(2, 'at least 2 characters').max(80, 'at most 80 characters'),
  email: z.string().trim().toLowerCase().pipe(z.email('must be an email address')),
  password: z.string().min(10, 'at least 10 characters').max(200, 'at most 200 characters'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isSupportedCurrency, 'must be an ISO 4217 currency code such as EUR'),
});
export type RegisterInput = z.infer<typeof registerInput>;

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return slug || 'restaurant';
}

export async function registerRestaurant(db: Db, input: RegisterInput) {
  const passwordHash = await hashPassword(input.password);
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new AppError('CONFLICT', 'An account with this email already exists', { field: 'email' });
  }
  const base = slugOf(input.restaurantName);
  const taken = new Set(
    (await db.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((t) => t.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  try {
    return await db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data: { name: input.restaurantName, slug, currency: input.currency } });
      const user = await tx.user.create({
        data: { email: input.email, passwordHash, role: 'OWNER', tenantId: tenant.id },
      });
      return { tenantId: tenant.id, slug, userId: user.id };
    });
  } catch (error) {
    // Two sign-ups racing for the same email or slug: the unique index decides.
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError('CONFLICT', 'An account with this email or restaurant name was just created; try again', {
        field: 'email',
      });
    }
    throw error;
  }
}
