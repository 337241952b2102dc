// Sign-up answers alike whether or not the email has an account, and a
// sign-up with a known email changes nothing.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { callerFor, requireEnv } from '@/test/integration';
import type { z } from 'zod';
import { registerRestaurant, SIGN_UP_ANSWER } from './register';
import { registerInput } from './schemas';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
const emails: string[] = [];
afterAll(async () => {
  await db.tenant.deleteMany({ where: { users: { some: { email: { in: emails } } } } });
  await db.$disconnect();
});

const newEmail = () => {
  const email = `owner-${randomUUID()}@signup.test`;
  emails.push(email);
  return email;
};
type SignUp = z.input<typeof registerInput>;
const signUp = (email: string, over: Partial<SignUp> = {}): SignUp => ({
  restaurantName: 'Chez Nous',
  email,
  password: 'long-enough-password',
  currency: 'EUR',
  ...over,
});
/** The use-case behind auth.register, given input as the procedure parses it. */
const register = (raw: SignUp) => registerRestaurant(db, registerInput.parse(raw));

const snapshot = async (email: string) => ({
  user: await db.user.findUniqueOrThrow({ where: { email }, include: { tenant: true } }),
  tenants: await db.tenant.count(),
  users: await db.user.count(),
});

describe('auth.register does not tell which emails have accounts', () => {
  it('answers a new and a known email with the same answer, through tRPC', async () => {
    const email = newEmail();
    const first = await (await callerFor()).auth.register(signUp(email));
    const again = await (await callerFor()).auth.register(signUp(email, { restaurantName: 'Other Place' }));
    const seeded = await (await callerFor()).auth.register(signUp('owner@demo-bistro.test'));
    expect(first).toEqual(SIGN_UP_ANSWER);
    expect(again).toEqual(first);
    expect(seeded).toEqual(first);
    expect(first.message).toMatch(/sign in/);
  });

  it('creates the restaurant and its owner for a new email', async () => {
    const email = newEmail();
    await register(signUp(email, { restaurantName: 'Zoë’s Café', currency: 'HUF' }));
    const { user } = await snapshot(email);
    expect(user).toMatchObject({ role: 'OWNER', tenant: { name: 'Zoë’s Café', currency: 'HUF', slug: 'zoe-s-cafe' } });
  });

  it('a second sign-up with a known email changes nothing and creates nothing', async () => {
    const email = newEmail();
    await register(signUp(email));
    const before = await snapshot(email);
    await register(
      signUp(`  ${email.toUpperCase()} `, {
        restaurantName: 'Takeover',
        password: 'another-password',
        currency: 'USD',
      }),
    );
    expect(await snapshot(email)).toEqual(before);
    expect(await db.tenant.count({ where: { name: 'Takeover' } })).toBe(0);
  });

  it('takes about as long for a known email as for a new one (the password is hashed either way)', async () => {
    const known = newEmail();
    await register(signUp(known));
    const timed = async (email: string) => {
      const started = performance.now();
      await register(signUp(email));
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const fresh: number[] = [];
    const repeat: number[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push(await timed(newEmail()));
      repeat.push(await timed(known));
    }
    // Without hashing, a known email answered in a few ms against ~50 ms: a ratio near 0.1.
    expect(median(repeat) / median(fresh)).toBeGreaterThan(0.5);
  });

  it('still names a bad field', async () => {
    const error = await (
      await callerFor()
    ).auth
      .register(signUp('not-an-email', { password: 'short' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toMatch(/email/);
    expect((error as TRPCError).message).toMatch(/password/);
  });
});
