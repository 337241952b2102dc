import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv } from '@/test/integration';
import { authenticateStaff } from './credentials';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
afterAll(() => db.$disconnect());

describe('staff credentials', () => {
  it('signs in each demo owner with their identity and tenant', async () => {
    const identity = await authenticateStaff(db, { email: 'Owner@Demo-Bistro.test ', password: 'demo-bistro-pass' });
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo-bistro' } });
    expect(identity).toMatchObject({
      email: 'owner@demo-bistro.test',
      role: 'OWNER',
      tenantId: tenant.id,
      isOperator: false,
    });
  });

  it('signs in the operator, who belongs to no restaurant', async () => {
    const identity = await authenticateStaff(db, { email: 'ops@tableside.test', password: 'ops-pass-1234' });
    expect(identity).toMatchObject({ isOperator: true, tenantId: null });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    expect(await authenticateStaff(db, { email: 'owner@demo-bistro.test', password: 'wrong' })).toBeNull();
    expect(await authenticateStaff(db, { email: 'nobody@demo-bistro.test', password: 'demo-bistro-pass' })).toBeNull();
    expect(await authenticateStaff(db, { email: 'not-an-email', password: 'x' })).toBeNull();
    expect(await authenticateStaff(db, undefined)).toBeNull();
  });
});
