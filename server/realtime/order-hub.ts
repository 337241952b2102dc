// Live order updates across server instances: each instance holds one
// Upstash pub/sub subscription (server-sent events over the REST API) and
// hands each message to the guests and boards connected to it. A change
// written through instance A reaches a subscriber on instance B through
// Redis. Messages only say *which* order changed; listeners re-read it.
// After the subscription is opened again (a dead stream), every listener is
// woken once, so a change published during the gap is not missed.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { OrderChanged, OrderEvents } from '../domain/orders/events';
import { logger } from '../log';
import { redis } from '../redis';
import { ORDER_EVENTS_CHANNEL as CHANNEL, publishOrderChanged, type OrderEventMessage } from './channel';

/** The subscription proves itself alive with a ping through Redis this often… */
const HEARTBEAT_MS = 10_000;
/** …and is opened again when a ping has not come back this long after. */
const HEARTBEAT_DEADLINE_MS = 5_000;
/** How long a new listener waits for the subscription to be confirmed before going on regardless. */
const LISTENING_WAIT_MS = 2_000;

type Message = OrderEventMessage;

const orderKey = (orderId: string) => `order:${orderId}`;
const tenantKey = (tenantId: string) => `restaurant:${tenantId}`;

class OrderHub implements OrderEvents {
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly instance = randomUUID();
  private subscriber: ReturnType<typeof redis.subscribe<Message>> | null = null;
  private pendingPing: { nonce: string; sentAt: number } | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Settles when Redis confirms the current subscription. */
  private confirmed: Promise<void> = Promise.resolve();

  /**
   * Announces a change to every instance (and so to every subscriber). When
   * Redis cannot take it, listeners here still hear of it at once, and the
   * failure goes to the caller: use-cases retry and log it as an effect after
   * their commit (server/domain/after-commit.ts), so it is handled in one place.
   */
  async changed(event: OrderChanged): Promise<void> {
    try {
      await publishOrderChanged(redis, event);
    } catch (error) {
      this.deliver(event);
      throw error;
    }
  }

  /** Calls `listener` whenever the order changes, on any instance; returns the unsubscribe. */
  onOrder(orderId: string, listener: () => void): () => void {
    return this.listen(orderKey(orderId), listener);
  }

  /**
   * Calls `listener` with the order's id whenever an order of the restaurant
   * changes (a new one included), on any instance; with null when changes may
   * have been missed (the subscription was reopened): re-read everything.
   */
  onRestaurant(tenantId: string, listener: (orderId: string | null) => void): () => void {
    return this.listen(tenantKey(tenantId), listener);
  }

  private listen<A extends unknown[]>(key: string, listener: (...args: A) => void): () => void {
    this.ensureSubscribed();
    const handler = listener as (...args: unknown[]) => void;
    this.local.on(key, handler);
    return () => this.local.off(key, handler);
  }

  private deliver(event: OrderChanged): void {
    this.local.emit(orderKey(event.orderId));
    this.local.emit(tenantKey(event.tenantId), event.orderId);
  }

  /**
   * Resolves once Redis has confirmed the subscription (at most a short wait:
   * with Redis away, the heartbeat keeps trying and wakes listeners when back).
   * Read an order's state only after this, and no change can fall in between.
   */
  listening(): Promise<void> {
    this.ensureSubscribed();
    return Promise.race([this.confirmed, new Promise<void>((resolve) => setTimeout(resolve, LISTENING_WAIT_MS))]);
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    this.subscribe();
    this.timer ??= setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref?.();
  }

  private subscribe(reopened = false): void {
    const subscriber = redis.subscribe<Message>([CHANNEL]);
    this.confirmed = new Promise<void>((resolve) =>
      subscriber.on('subscribe', () => {
        resolve();
        // Whatever was published while the old stream was dead: every listener re-reads.
        if (reopened) for (const key of this.local.eventNames()) this.local.emit(key, null);
      }),
    );
    subscriber.on('message', ({ message }) => {
      if (message.type === 'order') this.deliver(message);
      else if (message.type === 'ping' && message.nonce === this.pendingPing?.nonce) this.pendingPing = null;
    });
    subscriber.on('error', (error) => logger.warn({ msg: 'order_events_subscription_error', error: error.message }));
    this.subscriber = subscriber;
  }

  /** A ping through Redis; if the previous one never came back, the stream is dead: subscribe again. */
  private async heartbeat(): Promise<void> {
    if (this.pendingPing && Date.now() - this.pendingPing.sentAt > HEARTBEAT_DEADLINE_MS) {
      logger.warn({ msg: 'order_events_resubscribe' });
      this.pendingPing = null;
      await this.subscriber?.unsubscribe().catch(() => {});
      this.subscribe(true);
    }
    const nonce = randomUUID();
    this.pendingPing ??= { nonce, sentAt: Date.now() };
    await redis
      .publish(CHANNEL, { type: 'ping', instance: this.instance, nonce: this.pendingPing.nonce })
      .catch(() => {});
  }
}

const globalHub = globalThis as unknown as { tablesideOrderHub?: OrderHub };
/** One hub per server instance. */
export const orderHub: OrderHub = (globalHub.tablesideOrderHub ??= new OrderHub());
