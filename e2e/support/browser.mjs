// Debian's chromium driven by playwright-core; never downloads a browser.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function launchBrowser() {
  const executablePath = process.env.CHROME_BIN || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No browser at ${executablePath}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
