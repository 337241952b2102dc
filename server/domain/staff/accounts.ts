// Staff accounts of a restaurant (SPEC §2): owners list, create, re-role,
// deactivate and reactivate their staff; everyone changes their own
// password. A restaurant always keeps one active owner: changes that would
// leave none are refused, also when two owners try at once (the restaurant
// row is locked while owners are counted). Every change that must end the
// account's sessions bumps its session version (server/auth/session-check.ts).
import { hashPassword, verifyPassword } from '../../auth/password';
import type { Db } from '../../prisma-client';
import type { StaffRole } from '../../shared/roles';
import { AppError } from '../errors';
import type { ChangePasswordInput, CreateStaffInput } from './schemas';

const memberSelect = { id: true, email: true, name: true, role: true, active: true, createdAt: true } as const;

export function listStaff(db: Db, tenantId: string) {
  return db.user.findMany({
    where: { tenantId },
    orderBy: [{ active: 'desc' }, { role: 'asc' }, { email: 'asc' }],
    select: memberSelect,
  });
}

/**
 * A readable one-time password for a new account: 20 characters from an
 * alphabet without look-alikes (about 100 bits), shown once to the owner.
 */
export function initialPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  // Rejection sampling: only bytes below a multiple of the alphabet's size, so every character is equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < 20) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < limit && out.length < 20) out += alphabet[byte % alphabet.length];
    }
  }
  return out.match(/.{5}/g)!.join('-');
}

export async function createStaff(db: Db, tenantId: string, input: CreateStaffInput) {
  const password = initialPassword();
  const passwordHash = await hashPassword(password);
  try {
    const member = await db.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash, tenantId },
      select: memberSelect,
    });
    return { member, initialPassword: password };
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    throw new AppError('CONFLICT', 'This email already has a Tableside account; use another one', { field: 'email' });
  }
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Locks the restaurant's row: owner counts read after this cannot change until the transaction ends. */
async function lockRestaurant(tx: Tx, tenantId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${tenantId} FOR UPDATE`;
}

async function findMember(tx: Tx, tenantId: string, userId: string) {
  const member = await tx.user.findFirst({ where: { id: userId, tenantId }, select: { role: true, active: true } });
  if (!member) throw new AppError('NOT_FOUND', 'Staff member not found', { field: 'userId' });
  return member;
}

/** Refuses a change that would leave the restaurant without an active owner. */
async function keepAnOwner(tx: Tx, tenantId: string, userId: string, what: string): Promise<void> {
  const others = await tx.user.count({ where: { tenantId, role: 'OWNER', active: true, id: { not: userId } } });
  if (others === 0) {
    throw new AppError('CONFLICT', `The last owner cannot be ${what}: make someone else an owner first`, {
      field: 'userId',
    });
  }
}

export async function setStaffRole(db: Db, tenantId: string, change: { userId: string; role: StaffRole }) {
  return db.$transaction(async (tx) => {
    await lockRestaurant(tx, tenantId);
    const member = await findMember(tx, tenantId, change.userId);
    if (member.role === change.role)
      return tx.user.findUniqueOrThrow({ where: { id: change.userId }, select: memberSelect });
    if (member.role === 'OWNER' && member.active) await keepAnOwner(tx, tenantId, change.userId, 'made staff');
    return tx.user.update({
      where: { id: change.userId },
      data: { role: change.role, sessionVersion: { increment: 1 } },
      select: memberSelect,
    });
  });
}

export async function setStaffActive(
  db: Db,
  tenantId: string,
  change: { userId: string; active: boolean; actorId: string },
) {
  if (!change.active && change.userId === change.actorId) {
    throw new AppError('CONFLICT', 'You cannot deactivate your own account; ask another owner', { field: 'userId' });
  }
  return db.$transaction(async (tx) => {
    await lockRestaurant(tx, tenantId);
    const member = await findMember(tx, tenantId, change.userId);
    if (member.active === change.active) {
      return tx.user.findUniqueOrThrow({ where: { id: change.userId }, select: memberSelect });
    }
    if (!change.active && member.role === 'OWNER') await keepAnOwner(tx, tenantId, change.userId, 'deactivated');
    return tx.user.update({
      where: { id: change.userId },
      data: { active: change.active, sessionVersion: { increment: 1 } },
      select: memberSelect,
    });
  });
}

/**
 * The signed-in user's own password: the current one is required. Every
 * session of the account ends (the version moves), this one included: the
 * user signs in again with the new password.
 */
export async function changeOwnPassword(db: Db, userId: string, input: ChangePasswordInput): Promise<void> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, sessionVersion: true },
  });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('BAD_INPUT', 'Your current password is not correct', { field: 'currentPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  // Written only over the version we read: two changes at once, one wins, the other is told to retry.
  const changed = await db.user.updateMany({
    where: { id: userId, sessionVersion: user.sessionVersion },
    data: { passwordHash, sessionVersion: { increment: 1 } },
  });
  if (changed.count !== 1) throw new AppError('CONFLICT', 'Your account changed meanwhile; sign in again and retry');
}
