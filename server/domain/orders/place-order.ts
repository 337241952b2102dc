// order.place as a use-case: a guest's cart becomes one order at their table.
// Names, prices and currency come from the database, never from the client;
// the idempotency key makes retries and concurrent duplicates one order, and
// a replay that asks for something else is refused, naming the earlier order.
import { createHash } from 'node:crypto';
import type { Db } from '../../prisma-client';
import { afterCommit, stderrLog, type ErrorLog } from '../after-commit';
import { AppError } from '../errors';
import { sumLines } from '../../shared/money';
import { UNPAID_ORDER_TTL_MINUTES } from '../../shared/order-lifecycle';
import type { PlaceOrderInput } from './schemas';
import type { OrderEvents } from './events';
import { findOrderView, orderViewSelect, type OrderView } from './views';

/** Orders that must be paid first are cancelled when still unpaid after this. */
export const UNPAID_ORDER_TTL_MS = UNPAID_ORDER_TTL_MINUTES * 60 * 1000;

/** The largest total a row holds (PostgreSQL integer); and far beyond any table's bill. */
const MAX_TOTAL_MINOR = 2_147_483_647;

/** What a call asks for, so a replay of its key can be told apart from a different order. */
function requestHashOf(input: PlaceOrderInput): string {
  const asked = [
    input.tableToken,
    input.customerName,
    input.items.map((i) => [i.productId, i.quantity, i.note ?? null]),
  ];
  return createHash('sha256').update(JSON.stringify(asked)).digest('hex');
}

export async function placeOrder(
  db: Db,
  events: OrderEvents,
  guestId: string,
  input: PlaceOrderInput,
  log: ErrorLog = stderrLog,
): Promise<OrderView> {
  const table = await db.table.findUnique({
    where: { token: input.tableToken },
    select: {
      id: true,
      active: true,
      tenantId: true,
      tenant: { select: { currency: true, immediatePaymentRequired: true } },
    },
  });
  if (!table || !table.active)
    throw new AppError('NOT_FOUND', 'This table is not taking orders', { field: 'tableToken' });

  const requestHash = requestHashOf(input);
  const orderOfKey = () =>
    db.order.findUnique({
      where: { tenantId_idempotencyKey: { tenantId: table.tenantId, idempotencyKey: input.idempotencyKey } },
      select: { id: true, guestId: true, requestHash: true },
    });
  const previous = await orderOfKey();
  if (previous) return replayed(db, previous, guestId, requestHash);

  const productIds = [...new Set(input.items.map((line) => line.productId))];
  const products = new Map(
    (
      await db.product.findMany({
        where: { id: { in: productIds }, tenantId: table.tenantId },
        select: { id: true, name: true, priceMinor: true, available: true },
      })
    ).map((p) => [p.id, p]),
  );
  const lines = input.items.map((line, index) => {
    const product = products.get(line.productId);
    // A product of another restaurant is, to this guest, a product that does not exist.
    if (!product) {
      throw new AppError('BAD_INPUT', `items.${index}.productId: no such product on this menu`, {
        field: `items.${index}.productId`,
      });
    }
    if (!product.available) {
      throw new AppError('BAD_INPUT', `${product.name} is not available right now`, {
        field: `items.${index}.productId`,
        product: product.name,
      });
    }
    return {
      productId: product.id,
      name: product.name,
      unitPriceMinor: product.priceMinor,
      quantity: line.quantity,
      note: line.note ?? null,
    };
  });

  const totalMinor = sumLines(lines);
  if (totalMinor > MAX_TOTAL_MINOR) {
    throw new AppError('BAD_INPUT', 'items: this order is too large to take at once; please split it', {
      field: 'items',
    });
  }

  const payFirst = table.tenant.immediatePaymentRequired;
  let order: OrderView;
  try {
    order = await db.order.create({
      data: {
        tenantId: table.tenantId,
        tableId: table.id,
        guestId,
        customerName: input.customerName,
        status: payFirst ? 'AWAITING_PAYMENT' : 'PENDING',
        expiresAt: payFirst ? new Date(Date.now() + UNPAID_ORDER_TTL_MS) : null,
        totalMinor,
        currency: table.tenant.currency,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        items: { create: lines },
      },
      select: orderViewSelect,
    });
  } catch (error) {
    // A concurrent duplicate won the unique index: answer with its order.
    if ((error as { code?: string }).code === 'P2002') {
      const winner = await orderOfKey();
      if (winner) return replayed(db, winner, guestId, requestHash);
    }
    throw error;
  }
  // The order is saved: the guest gets it even if the live push fails.
  const context = { orderId: order.id, tenantId: table.tenantId };
  await afterCommit('order.changed', () => events.changed(context), { log, context });
  return order;
}

/** The order an idempotency key already made, when the replay is the same guest asking the same. */
async function replayed(
  db: Db,
  order: { id: string; guestId: string; requestHash: string | null },
  guestId: string,
  requestHash: string,
): Promise<OrderView> {
  // Another guest's key is not theirs to replay.
  if (order.guestId !== guestId)
    throw new AppError('CONFLICT', 'This order key was already used', { field: 'idempotencyKey' });
  // The same guest, asking for something else (the cart changed after an answer was lost): the
  // earlier order stands, and they are told which one it is.
  if (order.requestHash !== null && order.requestHash !== requestHash) {
    throw new AppError('CONFLICT', 'An earlier order with this key already went through', {
      field: 'idempotencyKey',
      orderId: order.id,
    });
  }
  const view = await findOrderView(db, { id: order.id });
  if (!view) throw new AppError('NOT_FOUND', 'Order not found');
  return view;
}
