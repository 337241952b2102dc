'use client';
// What staff do to orders from the board. The server judges every move (the
// state machine) and answers with the order as it is now, placed in the
// cache at once; a conflict (someone changed it meanwhile) is shown as the
// server words it, and the board is read again so it shows the truth.
import { useCallback, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { api } from '@/lib/trpc/react';
import { formatMoney } from '@/server/shared/money';
import { STAFF_STATUS_LABEL } from '@/server/shared/order-lifecycle';
import type { BoardOrder } from './board-state';
import type { StatusChoice } from './status-select';

type Item = BoardOrder['items'][number];

export type CancelTarget = { order: BoardOrder; item?: Item };
export type PaymentTarget = { order: BoardOrder; kind: 'cash' | 'refund'; requestKey: string };

export function useOrderActions(place: (order: BoardOrder) => void) {
  const utils = api.useUtils();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [cancelling, setCancelling] = useState<CancelTarget | null>(null);
  const [paying, setPaying] = useState<PaymentTarget | null>(null);

  // The plain client, not a mutation hook per procedure: its identity never changes, so the
  // callbacks below stay the same and 200 memoised cards do not re-render on every request.
  const board = utils.client.board;

  const run = useCallback(
    async (orderId: string, change: () => Promise<BoardOrder>, done: string) => {
      setPending((current) => new Set(current).add(orderId));
      try {
        place(await change());
        toast.success(done);
        return true;
      } catch (error) {
        const failure = error as { message: string; data?: { code?: string } | null };
        toast.error(failure.message);
        if (failure.data?.code === 'CONFLICT' || failure.data?.code === 'NOT_FOUND') {
          void utils.board.list.invalidate();
          void utils.board.closed.invalidate();
        }
        return false;
      } finally {
        setPending((current) => {
          const next = new Set(current);
          next.delete(orderId);
          return next;
        });
      }
    },
    [place, utils],
  );

  const moveOrder = useCallback(
    (order: BoardOrder, choice: StatusChoice<BoardOrder['status']>) => {
      const who = `${order.customerName} (${order.table.name})`;
      if (choice.kind === 'cancel') return setCancelling({ order });
      if (choice.kind === 'reopen') {
        return void run(order.id, () => board.reopenOrder.mutate({ orderId: order.id }), `${who}: reopened`);
      }
      void run(
        order.id,
        () => board.setOrderStatus.mutate({ orderId: order.id, from: order.status, to: choice.to }),
        `${who}: ${STAFF_STATUS_LABEL[choice.to]}`,
      );
    },
    [run, board],
  );

  const moveItem = useCallback(
    (order: BoardOrder, item: Item, choice: StatusChoice<Item['status']>) => {
      if (choice.kind === 'cancel') return setCancelling({ order, item });
      if (choice.kind !== 'set') return;
      void run(
        order.id,
        () => board.setItemStatus.mutate({ orderId: order.id, itemId: item.id, from: item.status, to: choice.to }),
        `${item.quantity} × ${item.name}: ${STAFF_STATUS_LABEL[choice.to]}`,
      );
    },
    [run, board],
  );

  const confirmCancel = useCallback(
    async (reason: string) => {
      if (!cancelling) return;
      const { order, item } = cancelling;
      const ok = item
        ? await run(
            order.id,
            () => board.cancelItem.mutate({ orderId: order.id, itemId: item.id, from: item.status, reason }),
            `${item.quantity} × ${item.name}: cancelled`,
          )
        : await run(
            order.id,
            () => board.cancelOrder.mutate({ orderId: order.id, from: order.status, reason }),
            `${order.customerName} (${order.table.name}): cancelled`,
          );
      if (ok) setCancelling(null);
    },
    [cancelling, run, board],
  );

  // One key per refund dialog: a retried click is the same refund on the server (and at Stripe).
  const askPayment = useCallback(
    (order: BoardOrder, kind: PaymentTarget['kind']) => setPaying({ order, kind, requestKey: crypto.randomUUID() }),
    [],
  );

  const confirmCash = useCallback(async () => {
    if (paying?.kind !== 'cash') return;
    const { order } = paying;
    const ok = await run(
      order.id,
      () => board.markPaidInCash.mutate({ orderId: order.id }),
      `${order.customerName} (${order.table.name}): paid in cash`,
    );
    if (ok) setPaying(null);
  }, [paying, run, board]);

  const confirmRefund = useCallback(
    async (amountMinor: number, reason: string | undefined) => {
      if (paying?.kind !== 'refund') return;
      const { order, requestKey } = paying;
      const ok = await run(
        order.id,
        async () => (await board.refund.mutate({ orderId: order.id, amountMinor, requestKey, reason })).order,
        `${order.customerName} (${order.table.name}): refunded ${formatMoney(amountMinor, order.currency)}`,
      );
      if (ok) setPaying(null);
    },
    [paying, run, board],
  );

  return useMemo(
    () => ({
      pending,
      moveOrder,
      moveItem,
      cancelling,
      confirmCancel,
      closeCancel: () => setCancelling(null),
      paying,
      askPayment,
      confirmCash,
      confirmRefund,
      closePayment: () => setPaying(null),
    }),
    [pending, moveOrder, moveItem, cancelling, confirmCancel, paying, askPayment, confirmCash, confirmRefund],
  );
}
