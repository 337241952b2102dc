// The unpaid-order expiry (SPEC §3) runs with every server instance: a sweep
// every 15 s (so an order goes within 15 s of its 30 minutes), never two at
// once in one instance. Several instances may sweep together: each order is
// cancelled exactly once (server/domain/payments/expiry.ts).
import 'server-only';
import { db } from '../db';
import { expireUnpaidOrders } from '../domain/payments/expiry';
import { logger } from '../log';
import { orderHub } from '../realtime/order-hub';
import { paymentGateway } from './gateway';

export const EXPIRY_SWEEP_MS = 15_000;

const started = globalThis as unknown as { tablesideExpiryJob?: NodeJS.Timeout };

export function startExpiryJob(): void {
  if (started.tablesideExpiryJob) return;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const cancelled = await expireUnpaidOrders(db, paymentGateway(), orderHub, logger);
      if (cancelled > 0) logger.info({ msg: 'unpaid orders expired', cancelled });
    } catch (error) {
      // The database may be away for a moment: the next sweep tries again.
      logger.error({ msg: 'unpaid order sweep failed', err: error });
    } finally {
      running = false;
    }
  };
  started.tablesideExpiryJob = setInterval(() => void sweep(), EXPIRY_SWEEP_MS);
  started.tablesideExpiryJob.unref();
}
