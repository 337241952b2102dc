// A verified Stripe event, applied exactly once: its id is inserted into
// ProcessedStripeEvent in the same transaction as its effect. A redelivery
// (Stripe retries, replays, concurrent duplicates) finds the id taken and
// changes nothing; an effect that fails rolls the id back with it, so
// Stripe's retry applies it later. Live updates go out after the commit.
import type { Db } from '../../prisma-client';
import type { OrderEvents } from '../orders/events';
import { announce, type WarnLog } from './announce';
import { cancelExpiredOrder } from './expiry';
import type { PaymentEvent } from './gateway';
import { applyChargeRefunds, applySessionNews, newsOf } from './settle';

export type EventOutcome = 'applied' | 'duplicate' | 'ignored';

export async function handlePaymentEvent(
  db: Db,
  events: OrderEvents,
  event: PaymentEvent,
  log: WarnLog,
  now: () => Date = () => new Date(),
): Promise<EventOutcome> {
  if (event.type === 'ignored') return 'ignored';
  const changed = await db.$transaction(async (tx) => {
    // Waits for a concurrent delivery of the same event to commit, then finds its row.
    const inserted = await tx.processedStripeEvent.createMany({
      data: [{ id: event.id, type: event.type }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return 'duplicate' as const;
    if (event.type === 'charge.refunded') return applyChargeRefunds(tx, event.charge, log);
    const news = newsOf(event.session, event.type);
    if (!news) return null;
    const applied = await applySessionNews(tx, event.session, news, now(), log);
    // A pay-first order whose time is up goes when its session does (the expiry job does the same on its own).
    if (news === 'expired' && event.session.metadata.orderId) {
      const expired = await cancelExpiredOrder(tx, event.session.metadata.orderId, now());
      return expired ?? applied;
    }
    return applied;
  });
  if (changed === 'duplicate') return 'duplicate';
  if (changed) await announce(events, changed, log);
  return 'applied';
}
