// Debian's Chromium for Playwright: never `npx playwright install` (it
// downloads a browser build this network cannot reach).
import { existsSync } from 'node:fs';
import { log, runOrThrow } from './proc';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export async function ensureChromium(): Promise<string> {
  const found = () => CANDIDATES.find((path) => existsSync(path));
  const existing = process.env.CHROMIUM_PATH ?? found();
  if (existing) return existing;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'Chromium is not installed. On Debian/Ubuntu: sudo apt-get install -y chromium (or set CHROMIUM_PATH).',
    );
  }
  log('Installing Chromium from Debian packages (apt-get install chromium)…');
  await runOrThrow('apt-get', ['update', '-qq']);
  await runOrThrow('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = found();
  if (!installed) throw new Error('apt-get installed chromium but no binary was found');
  return installed;
}
