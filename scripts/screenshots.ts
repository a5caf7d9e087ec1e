// Signs in to a running console with Debian's Chromium and saves screenshots of the main pages.
// Usage: npx tsx scripts/screenshots.ts <baseURL> <username> <password> <outdir>
// (The README's pictures come from this, run against `npm run demo`.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { submitSignInForm } from '../e2e/support/sign-in';

async function main() {
  const [baseURL = 'http://localhost:3000', username = 'admin', password = '', outdir = 'docs/screenshots'] = process.argv.slice(2);
  mkdirSync(outdir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ baseURL, viewport: { width: 1360, height: 900 } });
  await page.goto('/signin');
  await page.screenshot({ path: join(outdir, 'signin.png') });
  await submitSignInForm(page, { username, password });
  await page.getByTestId('signed-in-user').waitFor();
  const health: unknown = await (await page.request.get('/api/health')).json();
  console.log('health:', JSON.stringify(health));
  for (const [name, path] of [
    ['tokens', '/tokens'],
    ['builder', '/tokens/new?v=1&d=telegraf+on+edge-01&p=write:buckets/telemetry&p=read:dashboards'],
    ['templates', '/templates'],
    ['audit', '/audit'],
    ['settings', '/settings'],
    ['requests', '/requests'],
    ['v1-credentials', '/v1-credentials'],
  ] as const) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(outdir, `${name}.png`), fullPage: name === 'builder' });
    console.log('saved', join(outdir, `${name}.png`));
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
