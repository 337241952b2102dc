// What every payment use-case runs with: the database, the payment gateway
// (null when payments are not set up), the order-change port and a log.
import type { Db } from '../../prisma-client';
import type { OrderEvents } from '../orders/events';
import type { WarnLog } from './announce';
import type { PaymentGateway } from './gateway';

export type PaymentDeps = { db: Db; gateway: PaymentGateway | null; events: OrderEvents; log: WarnLog };
