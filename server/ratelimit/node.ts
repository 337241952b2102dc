// The Node runtime's rate limiter (tRPC procedures, route handlers), built
// once per server instance from the validated env.
import 'server-only';
import { env } from '../env';
import { logger } from '../log';
import { createRateLimiter } from './create';

export const rateLimiter = createRateLimiter(env, 'node', (entry) => logger.warn(entry));
