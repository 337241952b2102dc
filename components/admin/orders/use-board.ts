'use client';
// The board's data: the open lists (server-rendered first, then kept current
// by board.onChange: `sync` re-reads, changed orders are placed in the
// cache), which orders just arrived, and whether the stream is live. The
// client's retryLink reopens a dropped stream; the server answers every
// (re)connect with `sync`, so nothing published meanwhile is missed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/trpc/react';
import { shareUnchanged, withOrder, type BoardList, type BoardOrder } from './board-state';
import { playChime } from './chime';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** How long a new order stays highlighted unless someone acknowledges it first. */
const FRESH_MS = 60_000;

export function useBoard(tableId: string | undefined, sound: boolean) {
  const utils = api.useUtils();
  const input = { tableId };
  const list = api.board.list.useQuery(input, { refetchOnWindowFocus: true, structuralSharing: shareUnchanged });
  const [hasBeenLive, setHasBeenLive] = useState(false);
  const fresh = useFreshOrders(list.data, sound);

  const place = useCallback(
    (order: BoardOrder) => {
      utils.board.list.setData({ tableId }, (board) => (board ? withOrder(board, order, tableId) : board));
      // A closed order's list changes too; it is read again only if someone is looking at it.
      void utils.board.closed.invalidate();
    },
    [utils, tableId],
  );

  const stream = api.board.onChange.useSubscription(undefined, {
    onStarted: () => setHasBeenLive(true),
    onData: (event) => {
      if (event.type === 'sync') {
        void utils.board.list.invalidate();
        void utils.board.closed.invalidate();
      } else {
        for (const order of event.orders) place(order);
      }
    },
  });

  const live: LiveStatus =
    stream.status === 'pending'
      ? 'live'
      : stream.status === 'connecting'
        ? hasBeenLive
          ? 'reconnecting'
          : 'connecting'
        : stream.status === 'error'
          ? 'stopped'
          : 'connecting';

  return { list, place, live, reconnect: stream.reset, fresh };
}

/**
 * Orders that appeared on the open board after it first loaded: highlighted
 * for a minute (or until acknowledged), announced to screen readers, and
 * chimed when the user switched sound on.
 */
function useFreshOrders(board: BoardList | undefined, sound: boolean) {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Map<string, number>>(new Map());
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (!board) return;
    const orders = [...board.open, ...board.awaitingPayment];
    if (seen.current === null) {
      seen.current = new Set(orders.map((o) => o.id));
      return;
    }
    const arrived = orders.filter((o) => !seen.current!.has(o.id));
    if (arrived.length === 0) return;
    for (const order of arrived) seen.current.add(order.id);
    const now = Date.now();
    setFresh((current) => new Map([...current, ...arrived.map((o) => [o.id, now] as const)]));
    setAnnouncement(
      arrived
        .map(
          (o) =>
            `New order: ${o.table.name}, ${o.customerName}, ${o.items.length} item${o.items.length === 1 ? '' : 's'}`,
        )
        .join('. '),
    );
    if (sound) playChime();
  }, [board, sound]);

  // Highlights fade on their own.
  useEffect(() => {
    if (fresh.size === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setFresh((current) => {
        const kept = new Map([...current].filter(([, since]) => now - since < FRESH_MS));
        return kept.size === current.size ? current : kept;
      });
    }, 5_000);
    return () => clearInterval(timer);
  }, [fresh.size]);

  const acknowledge = useCallback(
    (orderId: string) =>
      setFresh((current) => {
        if (!current.has(orderId)) return current;
        const next = new Map(current);
        next.delete(orderId);
        return next;
      }),
    [],
  );

  return { ids: fresh, acknowledge, announcement };
}
