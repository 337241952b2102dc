// `npm run db:seed`: the demo data of SPEC §6, safe to run any number of times.
import { createPrismaClient } from '../server/prisma-client';
import { dropCachedMenusOfTables, seedDemoData } from './seed-lib';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it names the database to seed.');
  process.exit(1);
}

const db = createPrismaClient(url, 1);
try {
  const summary = await seedDemoData(db, (message) => console.log(`  ${message}`));
  console.log(`Seed done: ${summary.created} rows created, ${summary.existing} already there.`);
  await dropCachedMenusOfTables(db, process.env);
} finally {
  await db.$disconnect();
}
