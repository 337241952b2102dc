// Sign-up: a new restaurant and its owner in one transaction.
//
// The answer never tells whether an email already has an account (no
// account enumeration): a sign-up with a known email changes nothing, creates
// nothing, and gets the same answer, in about the same time (the password is
// hashed either way; the hash dominates), as one that created a restaurant.
// The answer says what each of the two people who could be reading it should
// do next.
import { hashPassword } from '../../auth/password';
import type { Db } from '../../prisma-client';
import { AppError } from '../errors';
import type { RegisterInput } from './schemas';

export const SIGN_UP_ANSWER = {
  message:
    'Thank you. If this email had no Tableside account yet, your restaurant is ready: sign in with this email and password. ' +
    'If it already had one, nothing was changed: sign in with the password you already use.',
  signInPath: '/admin/sign-in',
} as const;
export type SignUpAnswer = typeof SIGN_UP_ANSWER;

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

/** Tries this many slugs when concurrent sign-ups take the same one. */
const SLUG_ATTEMPTS = 3;

export async function registerRestaurant(db: Db, input: RegisterInput): Promise<SignUpAnswer> {
  // Both paths hash the password and read the same rows, so their timing does not tell them apart.
  const passwordHash = await hashPassword(input.password);
  const base = slugOf(input.restaurantName);
  const [existing, taken] = await Promise.all([
    db.user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db.tenant.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } }),
  ]);
  if (existing) return SIGN_UP_ANSWER;

  const takenSlugs = new Set(taken.map((t) => t.slug));
  for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
    let slug = base;
    for (let n = 2; takenSlugs.has(slug); n++) slug = `${base}-${n}`;
    try {
      await db.$transaction(async (tx) => {
        const tenant = await tx.tenant.create({ data: { name: input.restaurantName, slug, currency: input.currency } });
        await tx.user.create({ data: { email: input.email, passwordHash, role: 'OWNER', tenantId: tenant.id } });
      });
      return SIGN_UP_ANSWER;
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2002') throw error;
      // A concurrent sign-up with this email won the unique index: the same answer as for any known email.
      if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) return SIGN_UP_ANSWER;
      // Otherwise another restaurant took this slug meanwhile: try the next one.
      takenSlugs.add(slug);
    }
  }
  throw new AppError('CONFLICT', 'Many restaurants with this name are signing up right now; please try again', {
    field: 'restaurantName',
  });
}
