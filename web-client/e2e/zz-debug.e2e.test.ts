import { it } from 'vitest';
import { startApi, stopApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser } from './support/browser';

// SHOTS="name|width|path|selector-to-scroll-to,…"
it('debug', async () => {
  const api = await startApi();
  const browser = await launchBrowser({ width: 1280, height: 900 });
  await authorizeApiRequests(browser.context, await signIn(process.env.USER_NAME ?? 'mps.coordinator'));
  const page = await browser.context.newPage();
  for (const shot of (process.env.SHOTS ?? '').split(',')) {
    const [name, width, path, selector] = shot.split('|');
    await page.setViewportSize({ width: Number(width), height: 900 });
    await page.goto(`${api.baseUrl}${path}`);
    await page.waitForTimeout(2000);
    if (selector) await page.locator(selector).first().evaluate((e: { scrollIntoView: () => void }) => e.scrollIntoView());
    await page.screenshot({ path: `/tmp/spa-helper/${name}.png` });
  }
  await browser.close();
  await stopApi();
}, 180000);
