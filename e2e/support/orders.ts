// End-to-end tests move orders the way staff will: through the domain's
// status change, announced on the same Redis channel the servers listen to.
import { Redis } from '@upstash/redis';
import { moveOrder } from '../../server/domain/orders/change-status';
import type { OrderStatus } from '../../server/generated/prisma/client';
import { createPrismaClient } from '../../server/prisma-client';
import { publishOrderChanged } from '../../server/realtime/channel';

/** Sets the order's status as the system would: judged by the state machine from the status it finds. */
export async function setOrderStatus(orderId: string, to: OrderStatus): Promise<void> {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  const redis = new Redis({
    url: process.env.UPSTASH_REDIS_REST_URL!,
    token: process.env.UPSTASH_REDIS_REST_TOKEN!,
    enableTelemetry: false,
  });
  try {
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { tenantId: true } });
    await moveOrder(
      db,
      { changed: (event) => publishOrderChanged(redis, event).then(() => undefined) },
      {
        tenantId: order.tenantId,
        orderId,
        expected: null,
        move: { kind: 'set', to },
        actor: { userId: null, kind: 'system' },
      },
    );
  } finally {
    await db.$disconnect();
  }
}
