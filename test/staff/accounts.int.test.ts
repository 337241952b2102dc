// Staff accounts through the owners' procedures and one's own account,
// against the real database: a restaurant always keeps an active owner (also
// when two owners act at once), a new account's one-time password signs in,
// an email has one account, and a password change needs the current one and
// ends the sessions signed in with the old.
import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateStaff } from '@/server/auth/credentials';
import { db } from '@/server/db';
import { AppError } from '@/server/domain/errors';
import { setStaffActive, setStaffRole } from '@/server/domain/staff/accounts';
import { callerAs, SCRATCH_EMAIL_DOMAIN, scratchRestaurant, type ScratchRestaurant } from '@/test/integration';

const restaurants: ScratchRestaurant[] = [];
async function restaurant() {
  const made = await scratchRestaurant({ label: 'accounts' });
  restaurants.push(made);
  return made;
}
afterAll(async () => {
  for (const r of restaurants) await r.remove();
});

/** The refusal a call ended in: its code, message and the domain's details (the HTTP error data). */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const { code, message, cause } = error as TRPCError;
  return { code, message, details: cause instanceof AppError ? cause.details : null };
}

const accountRow = (id: string) =>
  db.user.findUniqueOrThrow({
    where: { id },
    select: { role: true, active: true, sessionVersion: true, passwordHash: true, updatedAt: true },
  });

const activeOwners = (tenantId: string) => db.user.count({ where: { tenantId, role: 'OWNER', active: true } });

describe('a restaurant keeps an active owner', () => {
  it('the only owner cannot make themselves staff or deactivate themselves; the row is unchanged', async () => {
    const r = await restaurant();
    // An inactive owner does not count.
    await db.user.update({ where: { id: (await r.addMember('OWNER')).id }, data: { active: false } });
    const owner = await callerAs(r.owner.id);
    const before = await accountRow(r.owner.id);

    expect(await refusal(owner.staff.setRole({ userId: r.owner.id, role: 'STAFF' }))).toEqual({
      code: 'CONFLICT',
      message: expect.stringMatching(/last owner cannot be made staff/),
      details: { field: 'userId' },
    });
    expect(await refusal(owner.staff.setActive({ userId: r.owner.id, active: false }))).toMatchObject({
      code: 'CONFLICT',
      details: { field: 'userId' },
    });
    expect(await accountRow(r.owner.id)).toEqual(before);
    expect(await activeOwners(r.tenantId)).toBe(1);
    // Still an owner, still signed in.
    await expect(owner.staff.list()).resolves.toHaveLength(2);
  });

  it('the only active owner cannot be deactivated or made staff by anyone (the rule, whoever asks)', async () => {
    const r = await restaurant();
    const other = await r.addMember('STAFF');
    const before = await accountRow(r.owner.id);
    await expect(
      setStaffActive(db, r.tenantId, { userId: r.owner.id, active: false, actorId: other.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/last owner cannot be deactivated/) });
    await expect(setStaffRole(db, r.tenantId, { userId: r.owner.id, role: 'STAFF' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await accountRow(r.owner.id)).toEqual(before);
  });

  it('with another active owner, an owner may step down', async () => {
    const r = await restaurant();
    await r.addMember('OWNER');
    const owner = await callerAs(r.owner.id);
    await expect(owner.staff.setRole({ userId: r.owner.id, role: 'STAFF' })).resolves.toMatchObject({
      role: 'STAFF',
    });
    expect(await activeOwners(r.tenantId)).toBe(1);
  });

  it.each([
    ['make each other staff', 'role', 'role'],
    ['deactivate each other', 'active', 'active'],
    ['one demotes the other while being deactivated by them', 'role', 'active'],
  ] as const)('two owners who %s at once: exactly one succeeds, one active owner remains', async (_, first, second) => {
    for (let round = 0; round < 4; round++) {
      const r = await restaurant();
      const o1 = r.owner;
      const o2 = await r.addMember('OWNER');
      const [c1, c2] = [await callerAs(o1.id), await callerAs(o2.id)];
      // Both sessions checked and trusted before the race: the race is the domain's to settle.
      await Promise.all([c1.staff.list(), c2.staff.list()]);
      const act = (caller: typeof c1, target: string, what: 'role' | 'active') =>
        what === 'role'
          ? caller.staff.setRole({ userId: target, role: 'STAFF' })
          : caller.staff.setActive({ userId: target, active: false });
      const results = await Promise.allSettled([act(c1, o2.id, first), act(c2, o1.id, second)]);
      expect(
        results.map((r) => r.status),
        `round ${round}`,
      ).toEqual(expect.arrayContaining(['fulfilled', 'rejected']));
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ code: 'CONFLICT' });
      expect(await activeOwners(r.tenantId)).toBe(1);
    }
  });
});

describe('new accounts', () => {
  it('staff.create returns a one-time password that signs in, shown once and stored only hashed', async () => {
    const r = await restaurant();
    const owner = await callerAs(r.owner.id);
    const email = `sam-${crypto.randomUUID().slice(0, 8)}${SCRATCH_EMAIL_DOMAIN}`;
    const created = await owner.staff.create({ email: email.toUpperCase(), name: 'Sam', role: 'STAFF' });
    expect(created.member).toMatchObject({ email, name: 'Sam', role: 'STAFF', active: true });
    expect(created.initialPassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(created.member).not.toHaveProperty('passwordHash');
    const stored = await db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).not.toContain(created.initialPassword);
    expect(stored.tenantId).toBe(r.tenantId);

    await expect(authenticateStaff(db, { email, password: created.initialPassword })).resolves.toMatchObject({
      id: created.member.id,
      tenantId: r.tenantId,
      role: 'STAFF',
      sessionVersion: 0,
    });
    // Listed for the owner; never the hash.
    const listed = await owner.staff.list();
    expect(listed.map((m) => m.email)).toContain(email);
    expect(JSON.stringify(listed)).not.toContain(stored.passwordHash);
  });

  it('an email that has an account (any case, any restaurant) is a conflict naming the field, and nothing is made', async () => {
    const r = await restaurant();
    const owner = await callerAs(r.owner.id);
    const member = await r.addMember('STAFF');
    const users = await db.user.count();
    for (const email of [member.email, ` ${member.email.toUpperCase()} `, 'owner@sakura.test']) {
      expect(await refusal(owner.staff.create({ email, name: 'Twin', role: 'STAFF' }))).toEqual({
        code: 'CONFLICT',
        message: expect.stringMatching(/already has a Tableside account/),
        details: { field: 'email' },
      });
    }
    expect(await db.user.count()).toBe(users);
  });

  it('a deactivated account cannot sign in; reactivated, it can', async () => {
    const r = await restaurant();
    const owner = await callerAs(r.owner.id);
    const { member, initialPassword } = await owner.staff.create({
      email: `kim-${crypto.randomUUID().slice(0, 8)}${SCRATCH_EMAIL_DOMAIN}`,
      name: 'Kim',
      role: 'STAFF',
    });
    const credentials = { email: member.email, password: initialPassword };
    await owner.staff.setActive({ userId: member.id, active: false });
    await expect(authenticateStaff(db, credentials)).resolves.toBeNull();
    await owner.staff.setActive({ userId: member.id, active: true });
    await expect(authenticateStaff(db, credentials)).resolves.toMatchObject({ id: member.id });
  });
});

describe('changing one’s own password', () => {
  async function memberWithPassword() {
    const r = await restaurant();
    const password = 'the current password';
    const member = await r.addMember('STAFF', password);
    return { r, member, password };
  }

  it('a wrong current password is a bad request naming currentPassword; nothing changes', async () => {
    const { member } = await memberWithPassword();
    const before = await accountRow(member.id);
    const self = await callerAs(member.id);
    expect(
      await refusal(self.account.changePassword({ currentPassword: 'not my password', newPassword: 'a new password' })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/current password/),
      details: { field: 'currentPassword' },
    });
    expect(await accountRow(member.id)).toEqual(before);
    // The session still works.
    await expect(self.board.list({})).resolves.toBeTruthy();
  });

  it('the new password must differ from the current one', async () => {
    const { member, password } = await memberWithPassword();
    const self = await callerAs(member.id);
    const error = await self.account
      .changePassword({ currentPassword: password, newPassword: password })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect(JSON.stringify((error as TRPCError).cause)).toMatch(/newPassword/);
  });

  it('with the right one: the old session is refused at once, the new password signs in, the old no longer', async () => {
    const { member, password } = await memberWithPassword();
    const self = await callerAs(member.id);
    await expect(self.board.list({})).resolves.toBeTruthy();
    await expect(
      self.account.changePassword({ currentPassword: password, newPassword: 'a brand new password' }),
    ).resolves.toEqual({ signInAgain: true });
    await expect(self.board.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(authenticateStaff(db, { email: member.email, password })).resolves.toBeNull();
    const signedIn = await authenticateStaff(db, { email: member.email, password: 'a brand new password' });
    expect(signedIn).toMatchObject({ id: member.id, sessionVersion: 1 });
    // A session from the new sign-in works.
    await expect((await callerAs(member.id)).board.list({})).resolves.toBeTruthy();
  });
});

describe('an account changed on another instance', () => {
  it('can change nothing from then on, even while this instance still trusts the session', async () => {
    const r = await restaurant();
    const member = await r.addMember('STAFF');
    const self = await callerAs(member.id);
    const order = await r.order();
    await expect(self.board.list({})).resolves.toBeTruthy();
    // Deactivated by an owner on another server instance: this one hears nothing of it.
    await db.user.update({ where: { id: member.id }, data: { active: false, sessionVersion: { increment: 1 } } });
    expect(
      await refusal(self.board.setOrderStatus({ orderId: order.id, from: 'PENDING', to: 'PREPARING' })),
    ).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/sign in again/) });
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
  });
});
