// The bounds order.place enforces (SPEC §7), in a module of their own: the
// guest UI checks the same numbers early without bundling zod and the schemas.
export const ORDER_LIMITS = { lines: 50, quantity: 50, note: 200, name: 60 } as const;
