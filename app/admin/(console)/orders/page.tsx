import type { Metadata } from 'next';
import { Suspense } from 'react';
import { z } from 'zod';
import { BOARD_VIEWS } from '@/components/admin/orders/board-views';
import { OrdersBoard } from '@/components/admin/orders/orders-board';
import { api, HydrateClient } from '@/lib/trpc/server';
import { getStaffSession } from '@/server/auth/session';
import { RECORD_ID } from '@/server/domain/schemas';
import { CLOSED_STATUSES } from '@/server/shared/order-lifecycle';

export const metadata: Metadata = { title: 'Orders' };

// The board's state lives in the URL (shareable, survives a reload); anything unreadable there means "the default".
const boardParams = z.object({
  view: z.enum(BOARD_VIEWS).catch('kitchen'),
  table: z.string().regex(RECORD_ID).optional().catch(undefined),
  status: z.enum(CLOSED_STATUSES).optional().catch(undefined),
});

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const params = boardParams.parse(await searchParams);
  // Rendered with the board's data; a refusal (a table of another restaurant) is shown by the board itself.
  const [session] = await Promise.all([getStaffSession(), api.board.list.prefetch({ tableId: params.table })]);
  return (
    <HydrateClient>
      <h1 className="sr-only">Orders</h1>
      <Suspense>
        <OrdersBoard
          view={params.view}
          tableId={params.table}
          closedStatus={params.status}
          canRefund={session?.user.role === 'OWNER'}
        />
      </Suspense>
    </HydrateClient>
  );
}
