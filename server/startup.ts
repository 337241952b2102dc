// Start-up checks of a Node server instance: validate the environment before
// serving anything, so a bad value stops start-up naming the variable, and a
// production server refuses unsafe settings nobody acknowledged.
import { EnvError, parseEnv, unsafeSettings } from './env-schema';

try {
  const env = parseEnv(process.env);
  const unsafe = unsafeSettings(env);
  if (unsafe.length) {
    console.error(
      'Refusing to start in production with unsafe settings:\n' +
        unsafe
          .map((u) => `  - ${u.message}; fix it, or accept it with TABLESIDE_ACCEPT_UNSAFE=${u.setting}`)
          .join('\n'),
    );
    process.exit(1);
  }
  if (!env.RATE_LIMIT_ENABLED) {
    console.warn('\n!!! RATE_LIMIT_ENABLED=false: every rate limit is OFF. Use this in development only. !!!\n');
  }
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
