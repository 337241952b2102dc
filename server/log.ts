// The Node server's structured logger: one JSON line per event (pino).
import 'server-only';
import pino from 'pino';

export const logger = pino({
  base: { service: 'tableside', runtime: 'node' },
  level: process.env.LOG_LEVEL ?? 'info',
});
