'use client';
// What staff do to orders from the board. The server judges every move (the
// state machine) and answers with the order as it is now, placed in the
// cache at once; a conflict (someone changed it meanwhile) is shown as the
// server words it, and the board is read again so it shows the truth.
import { useCallback, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { api } from '@/lib/trpc/react';
import { STAFF_STATUS_LABEL } from '@/server/shared/order-lifecycle';
import type { BoardOrder } from './board-state';
import type { StatusChoice } from './status-select';

type Item = BoardOrder['items'][number];

export type CancelTarget = { order: BoardOrder; item?: Item };

export function useOrderActions(place: (order: BoardOrder) => void) {
  const utils = api.useUtils();
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [cancelling, setCancelling] = useState<CancelTarget | null>(null);

  const setOrderStatus = api.board.setOrderStatus.useMutation();
  const cancelOrder = api.board.cancelOrder.useMutation();
  const reopenOrder = api.board.reopenOrder.useMutation();
  const setItemStatus = api.board.setItemStatus.useMutation();
  const cancelItem = api.board.cancelItem.useMutation();

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
        return void run(order.id, () => reopenOrder.mutateAsync({ orderId: order.id }), `${who}: reopened`);
      }
      void run(
        order.id,
        () => setOrderStatus.mutateAsync({ orderId: order.id, from: order.status, to: choice.to }),
        `${who}: ${STAFF_STATUS_LABEL[choice.to]}`,
      );
    },
    [run, reopenOrder, setOrderStatus],
  );

  const moveItem = useCallback(
    (order: BoardOrder, item: Item, choice: StatusChoice<Item['status']>) => {
      if (choice.kind === 'cancel') return setCancelling({ order, item });
      if (choice.kind !== 'set') return;
      void run(
        order.id,
        () => setItemStatus.mutateAsync({ orderId: order.id, itemId: item.id, from: item.status, to: choice.to }),
        `${item.quantity} × ${item.name}: ${STAFF_STATUS_LABEL[choice.to]}`,
      );
    },
    [run, setItemStatus],
  );

  const confirmCancel = useCallback(
    async (reason: string) => {
      if (!cancelling) return;
      const { order, item } = cancelling;
      const ok = item
        ? await run(
            order.id,
            () => cancelItem.mutateAsync({ orderId: order.id, itemId: item.id, from: item.status, reason }),
            `${item.quantity} × ${item.name}: cancelled`,
          )
        : await run(
            order.id,
            () => cancelOrder.mutateAsync({ orderId: order.id, from: order.status, reason }),
            `${order.customerName} (${order.table.name}): cancelled`,
          );
      if (ok) setCancelling(null);
    },
    [cancelling, run, cancelItem, cancelOrder],
  );

  return useMemo(
    () => ({ pending, moveOrder, moveItem, cancelling, confirmCancel, closeCancel: () => setCancelling(null) }),
    [pending, moveOrder, moveItem, cancelling, confirmCancel],
  );
}
