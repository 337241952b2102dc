// The bounds order.place enforces (SPEC §7), in a browser-safe module of
// their own: the guest cart keeps to the same numbers without bundling zod
// and the schemas.
export const ORDER_LIMITS = {
  /** Distinct lines in one order. */
  lines: 50,
  /** Of one line. */
  quantity: 50,
  /**
   * Of the whole order, over all lines: a table of twenty ordering a few
   * dishes each fits; a banquet is arranged with staff. Without it the
   * per-line caps allowed 50 lines × 50 of one dish.
   */
  totalQuantity: 100,
  /** A line's note for the kitchen, in characters. */
  note: 200,
  /** The guest's name, in characters. */
  name: 60,
} as const;

/** Dishes in a list of lines, counting quantities. */
export const totalQuantity = (lines: readonly { quantity: number }[]): number =>
  lines.reduce((count, line) => count + line.quantity, 0);
