// Sessions checked against their account, with an injected clock: a read is
// trusted for less than the interval and never longer, so a deactivated or
// changed account stops working within it; every claim must match; a read
// that failed is not remembered.
import { describe, expect, it } from 'vitest';
import { createSessionCheck, sessionMatches, type AccountState, type SessionClaims } from './session-check';

const TRUST_MS = 30_000;

const claims: SessionClaims = {
  id: 'cluser00000000000000000001',
  tenantId: 'cltenant000000000000000001',
  role: 'STAFF',
  isOperator: false,
  sessionVersion: 3,
};
const accountAsClaimed: AccountState = {
  tenantId: claims.tenantId,
  role: claims.role,
  isOperator: claims.isOperator,
  sessionVersion: claims.sessionVersion,
  active: true,
};

/** A session check over a fake account table and a clock the test moves. */
function harness(initial: AccountState | null = accountAsClaimed) {
  const accounts = new Map<string, AccountState | null>([[claims.id, initial]]);
  const reads: string[] = [];
  let failNext = false;
  let clock = 1_000_000;
  const check = createSessionCheck({
    trustMs: TRUST_MS,
    now: () => clock,
    load: async (userId) => {
      reads.push(userId);
      if (failNext) {
        failNext = false;
        throw new Error('connection terminated');
      }
      return accounts.get(userId) ?? null;
    },
  });
  return {
    check,
    reads,
    update: (change: Partial<AccountState>) => accounts.set(claims.id, { ...accounts.get(claims.id)!, ...change }),
    remove: () => accounts.set(claims.id, null),
    add: (id: string, account: AccountState) => accounts.set(id, account),
    advance: (ms: number) => void (clock += ms),
    failNextRead: () => void (failNext = true),
  };
}

describe('sessionMatches', () => {
  it('accepts an active account that is as the session says', () => {
    expect(sessionMatches(claims, accountAsClaimed)).toBe(true);
  });

  it.each<[string, AccountState | null]>([
    ['the account is gone', null],
    ['the account is inactive', { ...accountAsClaimed, active: false }],
    ['the role changed', { ...accountAsClaimed, role: 'OWNER' }],
    ['the restaurant changed', { ...accountAsClaimed, tenantId: 'cltenant000000000000000002' }],
    ['the account left its restaurant', { ...accountAsClaimed, tenantId: null }],
    ['the operator flag changed', { ...accountAsClaimed, isOperator: true }],
    ['the session version moved (password changed)', { ...accountAsClaimed, sessionVersion: 4 }],
  ])('refuses the session when %s', (_, account) => {
    expect(sessionMatches(claims, account)).toBe(false);
  });

  it('refuses an operator session whose flag was taken away', () => {
    expect(sessionMatches({ ...claims, isOperator: true }, accountAsClaimed)).toBe(false);
  });
});

describe('createSessionCheck', () => {
  it('trusts a read for less than the interval, then reads again at it', async () => {
    const { check, reads, advance } = harness();
    expect(await check.isCurrent(claims)).toBe(true);
    advance(TRUST_MS - 1);
    expect(await check.isCurrent(claims)).toBe(true);
    expect(reads).toHaveLength(1);
    advance(1);
    expect(await check.isCurrent(claims)).toBe(true);
    expect(reads).toHaveLength(2);
  });

  it('refuses a deactivated account within the interval of the deactivation, however recent the last read', async () => {
    const { check, update, advance } = harness();
    expect(await check.isCurrent(claims)).toBe(true);
    advance(1_000);
    update({ active: false });
    // Still trusted while the last read is younger than the interval…
    advance(TRUST_MS - 1_001);
    expect(await check.isCurrent(claims)).toBe(true);
    // …and refused once it is not: less than the interval after the change.
    advance(1);
    expect(await check.isCurrent(claims)).toBe(false);
    // Refused from then on.
    advance(1);
    expect(await check.isCurrent(claims)).toBe(false);
  });

  it.each<[string, Partial<AccountState> | null]>([
    ['inactive', { active: false }],
    ['given another role', { role: 'OWNER' }],
    ['moved to another restaurant', { tenantId: 'cltenant000000000000000002' }],
    ['made an operator', { isOperator: true }],
    ['given a new session version', { sessionVersion: 4 }],
    ['deleted', null],
  ])('refuses the session, at the next read, of an account %s', async (_, change) => {
    const { check, update, remove, advance } = harness();
    expect(await check.isCurrent(claims)).toBe(true);
    if (change) update(change);
    else remove();
    advance(TRUST_MS);
    expect(await check.isCurrent(claims)).toBe(false);
  });

  it('reads the account afresh after forget (a change made on this instance counts at once)', async () => {
    const { check, reads, update } = harness();
    expect(await check.isCurrent(claims)).toBe(true);
    update({ role: 'OWNER' });
    check.forget(claims.id);
    expect(await check.isCurrent(claims)).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('a session signed in after the remembered read (a later version) is judged against a fresh read', async () => {
    const { check, reads, update, advance } = harness();
    // Refused, and the account as it was then remembered: inactive, version 4.
    update({ active: false, sessionVersion: 4 });
    const before = { ...claims, sessionVersion: 3 };
    expect(await check.isCurrent(before)).toBe(false);
    // Reactivated elsewhere (version 5) and signed in again, well within the interval.
    update({ active: true, sessionVersion: 5 });
    advance(1_000);
    const fresh = { ...claims, sessionVersion: 5 };
    expect(await check.isCurrent(fresh)).toBe(true);
    expect(reads).toHaveLength(2);
    // The fresh read is remembered; the old session stays refused without reads of its own.
    expect(await check.isCurrent(fresh)).toBe(true);
    for (let i = 0; i < 5; i++) expect(await check.isCurrent(before)).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('does not remember a failed read: the request fails, the next one reads again', async () => {
    const { check, reads, failNextRead } = harness();
    failNextRead();
    await expect(check.isCurrent(claims)).rejects.toThrow('connection terminated');
    expect(await check.isCurrent(claims)).toBe(true);
    expect(reads).toHaveLength(2);
  });

  it('one read serves concurrent requests of a user; each user has a read of their own', async () => {
    const { check, reads, add } = harness();
    const other = { ...claims, id: 'cluser00000000000000000002' };
    add(other.id, { ...accountAsClaimed, active: false });
    const answers = await Promise.all([check.isCurrent(claims), check.isCurrent(claims), check.isCurrent(other)]);
    expect(answers).toEqual([true, true, false]);
    expect(reads.sort()).toEqual([claims.id, other.id].sort());
  });
});
