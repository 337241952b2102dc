// Who made a change of an order and when, as every OrderStatusChange row
// records it: the staff moves (./change-status.ts) and the payment changes
// (../payments/settle.ts) write their history rows through this one shape.

export type Actor = { userId: string | null; kind: 'staff' | 'system' };

export function changeRecord(change: { tenantId: string; orderId: string; actor: Actor }) {
  return {
    tenantId: change.tenantId,
    orderId: change.orderId,
    actorUserId: change.actor.userId,
    actorKind: change.actor.kind,
    // Stamped inside the transaction, after the order's row is read.
    createdAt: new Date(),
  };
}
