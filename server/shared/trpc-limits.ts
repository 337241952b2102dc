// Bounds of the tRPC wire that the browser's client and the server share.

/** Calls in one HTTP batch; the server answers more with 400 (the client splits before that). */
export const TRPC_MAX_BATCH_SIZE = 10;
