// Runs once when a server instance starts (see server/startup.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./server/startup');
}
