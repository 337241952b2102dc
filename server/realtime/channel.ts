// The Redis channel order changes travel on, and the one way to announce one.
// No server-only imports: scripts and end-to-end tests announce through it too.
import type { Redis } from '@upstash/redis';
import type { OrderChanged } from '../domain/orders/events';

export const ORDER_EVENTS_CHANNEL = 'tableside:order-events';

export type OrderEventMessage = (OrderChanged & { type: 'order' }) | { type: 'ping'; instance: string; nonce: string };

export function publishOrderChanged(redis: Redis, event: OrderChanged): Promise<number> {
  return redis.publish(ORDER_EVENTS_CHANNEL, { type: 'order', ...event } satisfies OrderEventMessage);
}
