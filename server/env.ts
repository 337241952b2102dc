// The only reader of process.env. Everything else imports `env` from here,
// so a missing or malformed variable stops the server at start with a message
// naming it (instrumentation.ts imports this module first).
import { parseEnv } from './env-schema';

export const env = parseEnv(process.env);
export type { Env } from './env-schema';
