// A staff session is a JWT that lives for hours; the account behind it can
// change sooner (deactivated, role or password changed, restaurant removed).
// Every staff request checks the account's state in the database, trusting
// a read for a short while (STAFF_SESSION_RECHECK_SECONDS, ≤ 60 s), so a
// session that is no longer valid stops working within that time on every
// instance, at one small read per user per instance per interval.
import { BoundedMap } from '../ratelimit/bounded-map';

/** What a session claims about its account (next-auth's JWT, via the session). */
export type SessionClaims = {
  id: string;
  tenantId: string | null;
  role: 'OWNER' | 'STAFF';
  isOperator: boolean;
  sessionVersion: number;
};

/** The account as the database has it now; null when it no longer exists. */
export type AccountState = Omit<SessionClaims, 'id'> & { active: boolean };

/** A session stands while its account exists, is active, and is still what the session says it is. */
export function sessionMatches(claims: SessionClaims, account: AccountState | null): boolean {
  return (
    account !== null &&
    account.active &&
    account.tenantId === claims.tenantId &&
    account.role === claims.role &&
    account.isOperator === claims.isOperator &&
    account.sessionVersion === claims.sessionVersion
  );
}

export type SessionCheck = {
  isCurrent(claims: SessionClaims): Promise<boolean>;
  /** Drops what this instance remembers of an account (after changing it here). */
  forget(userId: string): void;
};

export function createSessionCheck(deps: {
  load(userId: string): Promise<AccountState | null>;
  trustMs: number;
  now?: () => number;
}): SessionCheck {
  const now = deps.now ?? Date.now;
  type Entry = { account: Promise<AccountState | null>; readAt: number };
  const remembered = new BoundedMap<string, Entry>(10_000);
  const read = (userId: string): Entry => {
    const entry: Entry = { account: deps.load(userId), readAt: now() };
    remembered.set(userId, entry);
    // A failed read is not remembered: the next request reads again.
    entry.account.catch(() => {
      if (remembered.get(userId) === entry) remembered.delete(userId);
    });
    return entry;
  };
  return {
    async isCurrent(claims) {
      let entry = remembered.get(claims.id);
      if (!entry || now() - entry.readAt >= deps.trustMs) entry = read(claims.id);
      let account = await entry.account;
      // A session of a later version than the read was signed in after it (the version only grows):
      // the read is out of date, or a user reactivated or re-roled elsewhere would be refused on their
      // fresh sign-in until the read expires. Older sessions never cause a read of their own.
      if (account !== null && claims.sessionVersion > account.sessionVersion) {
        const latest = remembered.get(claims.id);
        entry = latest && latest !== entry ? latest : read(claims.id);
        account = await entry.account;
      }
      return sessionMatches(claims, account);
    },
    forget(userId) {
      remembered.delete(userId);
    },
  };
}
