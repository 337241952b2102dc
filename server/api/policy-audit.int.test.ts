// Every procedure declares exactly the limits SPEC §4 gives it: walks the
// whole router and compares with the map below. A new procedure fails this
// test until it is added here with its policies, on purpose.
import { describe, expect, it } from 'vitest';
import type { PolicyName } from '../ratelimit/policies';
import { declaredPolicies } from './rate-limited';
import { appRouter } from './root';

/** SPEC §4 "where", procedure by procedure. */
const EXPECTED: Record<string, PolicyName[]> = {
  // Guessing the current password is held like a sign-in.
  'account.changePassword': ['login', 'admin-write'],
  'auth.register': ['register'],
  'board.cancelItem': ['catalog'],
  'board.cancelOrder': ['catalog'],
  'board.closed': ['catalog'],
  'board.history': ['catalog'],
  'board.list': ['catalog'],
  'board.markPaidInCash': ['catalog'],
  // Money goes back: fails closed with the payments.
  'board.refund': ['admin-write', 'payment'],
  'board.onChange': ['realtime-messages'],
  'board.reopenOrder': ['catalog'],
  'board.setItemStatus': ['catalog'],
  'board.setOrderStatus': ['catalog'],
  'catalog.setAvailability': ['catalog'],
  'menu.get': ['menu', 'menu-table'],
  'order.get': ['menu'],
  'order.mine': ['menu', 'menu-table'],
  'order.onUpdate': ['realtime-messages'],
  'order.place': ['menu', 'menu-table'],
  'payment.confirm': ['payment'],
  'payment.createCheckout': ['payment', 'payment-order'],
  'restaurant.overview': ['admin'],
  'staff.create': ['admin-write'],
  'staff.list': ['admin'],
  'staff.setActive': ['admin-write'],
  'staff.setRole': ['admin-write'],
};

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { middlewares: unknown[] } }>,
);

describe('rate-limit audit of the router', () => {
  it('every procedure declares exactly its policies from the table', () => {
    const declared = Object.fromEntries(procedures.map(([path, procedure]) => [path, declaredPolicies(procedure)]));
    expect(declared).toEqual(EXPECTED);
  });
});
