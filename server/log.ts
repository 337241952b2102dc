// The Node server's structured logger (pino), in the line shape both runtimes
// share (server/log-line.ts). Lines written while a route handler serves a
// request carry its request id (server/http/request-context.ts).
import 'server-only';
import pino from 'pino';
import { env } from './env';
import { LOG_BASE } from './log-line';
import { currentRequestId } from './http/request-context';

export const logger = pino({
  base: { ...LOG_BASE, runtime: 'node' },
  level: env.LOG_LEVEL,
  mixin: () => {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
});
