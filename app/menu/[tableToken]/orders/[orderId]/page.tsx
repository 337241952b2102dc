// A guest's order at their table: server-rendered from order.get (only the
// guest's own; anything else is the friendly not-found), then kept live.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LiveOrder } from '@/components/guest/live-order';
import { orderPath } from '@/server/shared/guest-paths';
import { api } from '@/lib/trpc/server';
import { paymentMode } from '@/server/payments/mode';
import { guestLoad } from '../../guest-load';
import { LimitedPage } from '../../limited-page';

type Props = { params: Promise<{ tableToken: string; orderId: string }> };

export const metadata: Metadata = { title: 'Your order' };

export default async function OrderPage({ params }: Props) {
  const { tableToken, orderId } = await params;
  const loaded = await guestLoad(() => api.order.get({ orderId }));
  if ('limited' in loaded)
    return <LimitedPage limited={loaded.limited} refusedAt={loaded.refusedAt} what="Your order" />;

  const order = loaded.value;
  // Their own order, reached through another table's address: show it where it belongs.
  if (order.table.token !== tableToken) redirect(orderPath(order.table.token, order.id));
  return <LiveOrder initialOrder={order} tableToken={tableToken} payments={paymentMode()} />;
}
