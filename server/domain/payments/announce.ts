// Payment changes reach the guest's page and the board after the commit,
// like every order change (a failed push never fails the payment).
import { afterCommit, type ErrorLog } from '../after-commit';
import type { OrderEvents } from '../orders/events';
import type { Changed } from './settle';

export type WarnLog = ErrorLog & { warn(entry: Record<string, unknown>): void };

export async function announce(events: OrderEvents, changed: Changed, log: ErrorLog): Promise<void> {
  await afterCommit('order.changed', () => events.changed(changed), { log, context: changed });
}
