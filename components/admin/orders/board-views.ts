// The board's views, named in its URL (?view=). A plain module, not the
// board's 'use client' one: the page reads the list on the server, where a
// client module's exports are references, not values (a z.enum over one
// matched nothing, and every ?view= fell back to the kitchen).
export const BOARD_VIEWS = ['kitchen', 'payment', 'closed'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];
