import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tests (`*.test.ts`) and integration tests (`*.int.test.ts`) run here,
// against the real PostgreSQL and Redis that `npm test` prepares
// (DATABASE_URL, UPSTASH_REDIS_REST_URL/TOKEN, REDIS_URL in the environment).
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      'server-only': fileURLToPath(new URL('./test/server-only.ts', import.meta.url)),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'e2e/**', '.next/**', '.data/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
