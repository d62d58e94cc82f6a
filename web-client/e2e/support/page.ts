import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshotsDir } from './paths';

/** Opens a tab whose uncaught script errors land in `pageErrors`, for each suite's closing check. */
export async function openPage(context: BrowserContext, pageErrors: string[], timeout = 20_000): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Saves a full-page picture under web-client/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** How wide the document is laid out: more than the viewport means the page scrolls sideways. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}
