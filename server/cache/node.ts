// The Node runtime's way to the menu cache: through the rate limiter's
// batcher, so a menu read rides the same Redis pipeline as the limits of its
// request (and of the requests beside it), whether limits are on or off.
import 'server-only';
import { rateLimiter } from '../ratelimit/node';
import type { MenuCacheRedis } from './menu-cache';

export const menuCacheRedis: MenuCacheRedis = rateLimiter.batcher.asRedis();
