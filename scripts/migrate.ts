// `npm run db:migrate` (deploy), `npm run db:migration -- <name>` (create),
// `tsx scripts/migrate.ts status` (pending + drift). Uses DATABASE_URL.
import { applyMigrations, createMigration, detectDrift, pendingMigrations } from './lib/migrations';

const [command, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it names the database to migrate.');
  process.exit(1);
}

try {
  if (command === 'deploy') {
    const { applied } = await applyMigrations(url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  } else if (command === 'create') {
    if (!name) throw new Error('Usage: npm run db:migration -- <name>');
    const { path } = await createMigration(url, name);
    console.log(path ? `Created and applied ${path}` : 'The schema matches the migrations: nothing to create.');
  } else if (command === 'status') {
    const pending = await pendingMigrations(url);
    console.log(pending.length ? `Pending: ${pending.join(', ')}` : 'No pending migrations.');
    const drift = await detectDrift(url);
    console.log(drift.drifted ? `Drift detected:\n${drift.summary}` : drift.summary);
    if (pending.length || drift.drifted) process.exitCode = 1;
  } else {
    throw new Error('Usage: tsx scripts/migrate.ts deploy | create <name> | status');
  }
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
