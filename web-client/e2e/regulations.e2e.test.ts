import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { assertSpaServed } from './support/spa';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir } from './support/paths';

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

async function texts(selector: ReturnType<Page['locator']>) {
  return (await selector.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

describe('regulations, in a browser against the real API', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    browser = await launchBrowser();
    await authorizeApiRequests(browser.context, await signIn('mps.viewer'));
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('shows the seeded regulation in the regulations list', async () => {
    await page.goto(`${api.baseUrl}/regulations`);
    await page.getByRole('heading', { level: 1, name: 'Quy chế phối hợp' }).waitFor();
    await page.getByText('QC2021', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await screenshot(page, 'regulations-list');
  });

  it('opens the regulation: its facts and its 3 chapters with numbered articles', async () => {
    await page.getByRole('listitem').filter({ hasText: 'QC2021' }).getByRole('link').click();
    await page.waitForURL(/\/regulations\/\d+$/);
    await page.getByRole('heading', { level: 1 }).waitFor();

    for (const section of ['Thông tin chung', 'Các bên tham gia và cơ quan thường trực', 'Người ký', 'Đánh giá, sơ kết']) {
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    }
    const text = page.getByRole('region', { name: 'Nội dung quy chế' });
    // The text arrives after the regulation's facts.
    await text.getByRole('heading', { level: 4 }).first().waitFor();
    const chapters = await texts(text.getByRole('heading', { level: 3 }));
    expect(chapters).toHaveLength(3);
    expect(chapters[0]).toMatch(/^Chương I\b/);

    const articles = await texts(text.getByRole('heading', { level: 4 }));
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.map((a) => a.match(/^Điều (\d+)/)?.[1])).toEqual(articles.map((_, i) => String(i + 1)));
    await screenshot(page, 'regulation-detail-vi');
  });

  it('switches to English, and keeps the choice on reload', async () => {
    const titleVi = await page.getByRole('heading', { level: 1 }).textContent();
    // The interface's language switcher, not the reader's choice of the text's language.
    await page.getByRole('group', { name: 'Ngôn ngữ', exact: true }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Text of the regulation' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe(titleVi);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Regulations' }).waitFor();

    const text = page.getByRole('region', { name: 'Text of the regulation' });
    await text.getByRole('heading', { level: 4, name: /^Article 1\b/ }).waitFor();
    expect((await texts(text.getByRole('heading', { level: 3 })))[0]).toMatch(/^Chapter I\b/);
    expect((await texts(text.getByRole('heading', { level: 4 })))[0]).toMatch(/^Article 1\b/);
    await screenshot(page, 'regulation-detail-en');

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Text of the regulation' }).waitFor();
  });

  it('fits a 390 px wide phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('group', { name: 'Language', exact: true }).getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nội dung quy chế' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'regulation-detail-390');

    await page.getByRole('link', { name: /Về danh sách quy chế/ }).click();
    await page.waitForURL('**/regulations');
    await page.getByRole('heading', { level: 1, name: 'Quy chế phối hợp' }).waitFor();
    await page.getByRole('list', { name: 'Quy chế phối hợp' }).getByText('QC2021', { exact: true }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'regulations-list-390');
  });

  it('shows the API problem for a regulation that does not exist', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${api.baseUrl}/regulations/999999`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/\S/);
    await screenshot(page, 'regulation-not-found');
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
