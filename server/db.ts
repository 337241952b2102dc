// One Prisma client per process (reused across hot reloads in development).
import 'server-only';
import { env } from './env';
import { createPrismaClient, type Db } from './prisma-client';

const globalForPrisma = globalThis as unknown as { tablesidePrisma?: Db };

export const db: Db = globalForPrisma.tablesidePrisma ?? createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
if (env.NODE_ENV !== 'production') globalForPrisma.tablesidePrisma = db;

export type { Db };
