// Runs once when a server instance starts (see server/startup.ts), then
// starts the jobs that run with every instance.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  await import('./server/startup');
  const { startExpiryJob } = await import('./server/payments/expiry-job');
  startExpiryJob();
}
