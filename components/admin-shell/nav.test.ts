import { describe, expect, it } from 'vitest';
import { CONSOLE_NAV, consoleRolesOf, isCurrent, navFor, roleLabelOf } from './nav';

const owner = { tenantId: 't1', role: 'OWNER', isOperator: false } as const;
const staff = { tenantId: 't1', role: 'STAFF', isOperator: false } as const;
const operator = { tenantId: null, role: 'STAFF', isOperator: true } as const;

describe('console navigation', () => {
  it('gives each person the roles they hold: their restaurant role, operator besides', () => {
    expect(consoleRolesOf(owner)).toEqual(['OWNER']);
    expect(consoleRolesOf(staff)).toEqual(['STAFF']);
    // An operator without a restaurant holds no restaurant role, whatever the role column says.
    expect(consoleRolesOf(operator)).toEqual(['OPERATOR']);
    expect(consoleRolesOf({ ...owner, isOperator: true })).toEqual(['OWNER', 'OPERATOR']);
  });

  it('names the role the shell shows: Operator first, then Owner or Staff', () => {
    expect([owner, staff, operator].map(roleLabelOf)).toEqual(['Owner', 'Staff', 'Operator']);
  });

  it('lists an entry only for the roles it names', () => {
    expect(navFor([]).map((entry) => entry.href)).toEqual([]);
    for (const roles of [['OWNER'], ['STAFF'], ['OPERATOR']] as const) {
      expect(navFor(roles).map((entry) => entry.href)).toContain('/admin');
    }
  });

  it('has one entry per page, each a console path', () => {
    const hrefs = CONSOLE_NAV.map((entry) => entry.href);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    expect(hrefs.every((href) => href === '/admin' || href.startsWith('/admin/'))).toBe(true);
  });

  it('marks the overview current on itself only, and other entries on their pages and below', () => {
    expect(isCurrent('/admin', '/admin')).toBe(true);
    expect(isCurrent('/admin', '/admin/orders')).toBe(false);
    expect(isCurrent('/admin/orders', '/admin/orders')).toBe(true);
    expect(isCurrent('/admin/orders', '/admin/orders/abc')).toBe(true);
    expect(isCurrent('/admin/orders', '/admin/orders-archive')).toBe(false);
  });
});
