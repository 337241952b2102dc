import { defineConfig, devices } from '@playwright/test';

// Run by `npm test`, which starts the services and sets the environment
// (DATABASE_URL, UPSTASH_*, NEXTAUTH_SECRET, CHROMIUM_PATH, E2E_PORT).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [['list'], ['json']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, browserName: 'chromium' },
      testMatch: /guest\..*spec\.ts/,
    },
    {
      name: 'laptop',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1366, height: 860 } },
      testMatch: /staff\..*spec\.ts/,
    },
  ],
  webServer: {
    command: `node serve.mjs --port ${port} --hostname 127.0.0.1`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // The browser tests all come from 127.0.0.1 within seconds: limits high
    // enough not to interfere (the limits themselves are tested in Vitest).
    env: {
      NODE_ENV: 'production',
      METRICS_TOKEN: 'e2e-metrics-token',
      RATE_LIMIT_GLOBAL_IP_LIMIT: '100000',
      RATE_LIMIT_GUEST_NEW_LIMIT: '10000',
      RATE_LIMIT_GLOBAL_LIMIT: '10000',
      RATE_LIMIT_GLOBAL_BURST_LIMIT: '10000',
      RATE_LIMIT_MENU_LIMIT: '10000',
      RATE_LIMIT_LOGIN_LIMIT: '10000',
      // One owner runs the board in several windows through the staff specs.
      RATE_LIMIT_CATALOG_LIMIT: '10000',
      RATE_LIMIT_ADMIN_LIMIT: '10000',
      RATE_LIMIT_ADMIN_WRITE_LIMIT: '10000',
      RATE_LIMIT_REALTIME_MESSAGES_LIMIT: '10000',
      // A deactivated account's open pages stop within seconds, not the default 30 s.
      STAFF_SESSION_RECHECK_SECONDS: '3',
    },
  },
});
