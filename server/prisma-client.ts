// Builds a Prisma client over node-postgres through the driver adapter (no
// native engine). Free of env and `server-only` so scripts and tests can use
// it; the app's singleton lives in server/db.ts.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export const STATEMENT_TIMEOUT_MS = 10_000;

export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: poolSize,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}

export type Db = PrismaClient;
