// Start-up checks of a Node server instance: validate the environment before
// serving anything, so a bad value stops start-up naming the variable.
import { EnvError, parseEnv } from './env-schema';

try {
  const env = parseEnv(process.env);
  if (!env.RATE_LIMIT_ENABLED) {
    console.warn('\n!!! RATE_LIMIT_ENABLED=false: every rate limit is OFF. Use this in development only. !!!\n');
  }
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
