// Staff sessions over HTTP against the production build, with the account
// re-checked every STAFF_SESSION_RECHECK_SECONDS=2: a session whose account
// was deactivated or re-roled elsewhere (this test process acts as another
// instance) stops working within those 2 s; a change made through the same
// instance ends it at once; a reactivated user signs in again with a fresh
// session while the old one stays refused; a new account's one-time password
// and a changed password sign in, the old password and session do not.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ENDED_MESSAGE } from '@/server/api/trpc';
import { startAppServer, type AppServer } from '@/test/app-server';
import { signIn, trpcMutation, trpcQuery, type TrpcErrorBody } from '@/test/http';
import {
  callerAs,
  randomClientIp,
  SCRATCH_EMAIL_DOMAIN,
  scratchRestaurant,
  type Caller,
  type ScratchRestaurant,
} from '@/test/integration';

const RECHECK_SECONDS = 2;
/** Polling, scheduling and a request in flight: generous, and still far below the 30 s default. */
const SLACK_MS = 1_500;

let server: AppServer;
let r: ScratchRestaurant;
let owner: Caller;
beforeAll(async () => {
  [server, r] = await Promise.all([
    startAppServer({
      STAFF_SESSION_RECHECK_SECONDS: String(RECHECK_SECONDS),
      // Each sign-in is two requests and the tests poll: the edge limits are kept out of the way.
      RATE_LIMIT_GLOBAL_LIMIT: '1000',
      RATE_LIMIT_GLOBAL_BURST_LIMIT: '1000',
    }),
    scratchRestaurant({ label: 'sessions' }),
  ]);
  // The owner acts through this process: another instance, which the server hears nothing from.
  owner = await callerAs(r.owner.id);
});
afterAll(async () => {
  await server?.stop();
  await r?.remove();
});

type Browser = { ip: string; cookie: string };

/** Signs in over HTTP as a browser does; the answer must carry a session. */
async function signedIn(email: string, password: string): Promise<Browser> {
  const ip = randomClientIp();
  const answer = await signIn(server.url, { ip, email, password });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.sessionCookie).toMatch(/^next-auth\.session-token=/);
  return { ip, cookie: answer.sessionCookie! };
}

async function signInRefused(email: string, password: string): Promise<void> {
  const answer = await signIn(server.url, { ip: randomClientIp(), email, password });
  expect(answer.status).toBe(401);
  expect(answer.sessionCookie).toBeNull();
}

const headersOf = (browser: Browser) => ({ cookie: browser.cookie, 'x-forwarded-for': browser.ip });
const boardList = (browser: Browser) => trpcQuery(server.url, 'board.list', {}, headersOf(browser));

/** Polls the board until the session is refused; how long that took after `since`. */
async function refusedAfter(browser: Browser, since: number): Promise<number> {
  const deadline = since + RECHECK_SECONDS * 1000 + 5_000;
  for (;;) {
    const response = await boardList(browser);
    if (response.status === 401) {
      const body = (await response.json()) as TrpcErrorBody;
      expect(body.error.json).toMatchObject({ message: SESSION_ENDED_MESSAGE, data: { code: 'UNAUTHORIZED' } });
      return performance.now() - since;
    }
    expect(response.status).toBe(200);
    if (performance.now() > deadline) throw new Error('the session was never refused');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function newStaff(name: string) {
  const { member, initialPassword } = await owner.staff.create({
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}${SCRATCH_EMAIL_DOMAIN}`,
    name,
    role: 'STAFF',
  });
  return { member, password: initialPassword };
}

describe('a session whose account changed elsewhere', () => {
  it('deactivated: refused within the recheck interval; reactivated: a fresh sign-in works, the old session stays refused', async () => {
    const { member, password } = await newStaff('Dana');
    // The one-time password from staff.create signs in.
    const browser = await signedIn(member.email, password);
    expect((await boardList(browser)).status).toBe(200);

    await owner.staff.setActive({ userId: member.id, active: false });
    const elapsed = await refusedAfter(browser, performance.now());
    console.log(`deactivated session refused after ${Math.round(elapsed)} ms (recheck ${RECHECK_SECONDS} s)`);
    expect(elapsed).toBeLessThan(RECHECK_SECONDS * 1000 + SLACK_MS);
    await signInRefused(member.email, password);

    await owner.staff.setActive({ userId: member.id, active: true });
    expect((await boardList(browser)).status).toBe(401);
    const fresh = await signedIn(member.email, password);
    expect((await boardList(fresh)).status).toBe(200);
  });

  it('re-roled: refused within the recheck interval; signed in again, the session has the new role', async () => {
    const { member, password } = await newStaff('Eli');
    const browser = await signedIn(member.email, password);
    expect((await trpcQuery(server.url, 'staff.list', undefined, headersOf(browser))).status).toBe(403);
    expect((await boardList(browser)).status).toBe(200);

    await owner.staff.setRole({ userId: member.id, role: 'OWNER' });
    const elapsed = await refusedAfter(browser, performance.now());
    expect(elapsed).toBeLessThan(RECHECK_SECONDS * 1000 + SLACK_MS);

    const again = await signedIn(member.email, password);
    expect((await trpcQuery(server.url, 'staff.list', undefined, headersOf(again))).status).toBe(200);
  });
});

describe('a change made through the same instance', () => {
  it('ends the session at once', async () => {
    const password = 'owner password for sessions';
    const httpOwner = await r.addMember('OWNER', password);
    const ownerBrowser = await signedIn(httpOwner.email, password);
    const { member, password: staffPassword } = await newStaff('Fay');
    const browser = await signedIn(member.email, staffPassword);
    expect((await boardList(browser)).status).toBe(200);

    const demoted = await trpcMutation(
      server.url,
      'staff.setActive',
      { userId: member.id, active: false },
      headersOf(ownerBrowser),
    );
    expect(demoted.status).toBe(200);
    expect((await boardList(browser)).status).toBe(401);
  });
});

describe('passwords', () => {
  it('a wrong current password is a 400 naming currentPassword; the right one ends this session, and only the new password signs in', async () => {
    const oldPassword = 'my first password';
    const newPassword = 'my second password';
    const member = await r.addMember('STAFF', oldPassword);
    const browser = await signedIn(member.email, oldPassword);

    const wrong = await trpcMutation(
      server.url,
      'account.changePassword',
      { currentPassword: 'not my password', newPassword },
      headersOf(browser),
    );
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as TrpcErrorBody).error.json.data).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'currentPassword',
    });
    expect((await boardList(browser)).status).toBe(200);

    const changed = await trpcMutation(
      server.url,
      'account.changePassword',
      { currentPassword: oldPassword, newPassword },
      headersOf(browser),
    );
    expect(changed.status).toBe(200);
    expect((await boardList(browser)).status).toBe(401);
    await signInRefused(member.email, oldPassword);
    const fresh = await signedIn(member.email, newPassword);
    expect((await boardList(fresh)).status).toBe(200);
  });
});

describe('a move from a status that is no longer the order’s', () => {
  it('is a 409 whose error data names the status now', async () => {
    const { member, password } = await newStaff('Gus');
    const browser = await signedIn(member.email, password);
    const order = await r.order();
    const move = (from: string, to: string) =>
      trpcMutation(server.url, 'board.setOrderStatus', { orderId: order.id, from, to }, headersOf(browser));
    expect((await move('PENDING', 'READY')).status).toBe(200);
    const stale = await move('PENDING', 'PREPARING');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as TrpcErrorBody).error.json.data).toMatchObject({
      code: 'CONFLICT',
      field: 'status',
      currentStatus: 'READY',
    });
  });
});
