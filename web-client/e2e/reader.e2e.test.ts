import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir } from './support/paths';
import { assertSpaServed } from './support/spa';

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
let coordinatorToken: string;
const pageErrors: string[] = [];

/** Whether the element's top is within the viewport: it was scrolled to. */
async function inViewport(selector: string): Promise<boolean> {
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  return page.evaluate<boolean>(
    `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return false; const r = e.getBoundingClientRect(); return r.top >= -2 && r.top < window.innerHeight; })()`,
  );
}

/** Calls the API as the coordinator, as another agency system would; returns the body and the ETag. */
async function call(method: string, path: string, body?: unknown, etag?: string) {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${coordinatorToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(etag ? { 'If-Match': etag } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, etag: response.headers.get('ETag') ?? '' };
}

describe('the regulation reader, search and comparison, in a browser against the real API', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    coordinatorToken = await signIn('mps.coordinator');
    browser = await launchBrowser();
    await authorizeApiRequests(browser.context, await signIn('mps.viewer'));
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('reads QC2021: jumps to Điều 4 from the table of contents', async () => {
    await page.goto(`${api.baseUrl}/regulations`);
    await page.getByRole('listitem').filter({ hasText: 'QC2021' }).getByRole('link').click();
    await page.waitForURL(/\/regulations\/\d+$/);
    const text = page.getByRole('region', { name: 'Nội dung quy chế' });
    await text.getByRole('heading', { level: 4 }).first().waitFor();

    const toc = page.getByRole('navigation', { name: 'Mục lục' });
    expect(await toc.getByRole('link').count()).toBe(13);
    await toc.getByRole('link', { name: /^Điều 4\./ }).click();
    await page.waitForURL(/#chp_2__art_4$/);
    await page.locator('#chp_2__art_4.provision--target').waitFor();
    expect(await inViewport('#chp_2__art_4')).toBe(true);
    expect(await toc.getByRole('link', { name: /^Điều 4\./ }).getAttribute('aria-current')).toBe('location');
    expect((await page.locator('#chp_2__art_4-heading').textContent())?.trim()).toBe('Điều 4. Nội dung phối hợp');
    await screenshot(page, 'reader-toc-article-4');
  });

  it('switches the text between Vietnamese, English and both side by side', async () => {
    const text = page.getByRole('region', { name: 'Nội dung quy chế' });
    const languages = text.getByRole('group', { name: 'Ngôn ngữ văn bản' });
    const heading = page.locator('#chp_2__art_4-heading');

    await languages.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(/show=en/);
    await page.locator('#chp_2__art_4-heading', { hasText: 'Article 4.' }).waitFor();
    expect((await heading.textContent())?.trim()).toBe('Article 4. Content of coordination');
    // The interface stays Vietnamese: only the text changed language.
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');

    await languages.getByRole('button', { name: 'Song ngữ' }).click();
    await page.waitForURL(/show=both/);
    // The address changes a moment before React re-renders: wait for the state itself, not the URL.
    await heading.locator('[lang="en"]').waitFor();
    expect(await heading.locator('[lang="vi"]').textContent()).toBe('Điều 4. Nội dung phối hợp');
    expect(await heading.locator('[lang="en"]').textContent()).toBe('Article 4. Content of coordination');
    const clause = page.locator('#chp_2__art_4__para_1');
    expect(await clause.locator('> .bilingual > .bilingual__col[lang="vi"]').textContent()).toContain('Phối hợp bảo vệ an ninh mạng');
    expect(await clause.locator('> .bilingual > .bilingual__col[lang="en"]').textContent()).toContain('Coordinate in protecting cyber security');
    // Side by side: the English column starts to the right of the Vietnamese one, on the same line.
    const vi = await clause.locator('> .bilingual > .bilingual__col[lang="vi"]').boundingBox();
    const en = await clause.locator('> .bilingual > .bilingual__col[lang="en"]').boundingBox();
    expect(en!.x).toBeGreaterThan(vi!.x + vi!.width - 1);
    expect(Math.abs(en!.y - vi!.y)).toBeLessThan(2);
    await page.evaluate(`document.getElementById('chp_2__art_4').scrollIntoView()`);
    await page.screenshot({ path: join(screenshotsDir, 'reader-both.png') });

    await languages.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.waitForURL(/show=vi/);
    await heading.locator('[lang="en"]').waitFor({ state: 'detached' });
    expect((await heading.textContent())?.trim()).toBe('Điều 4. Nội dung phối hợp');
  });

  it('shows the tasks carrying out an article', async () => {
    const article = page.locator('#chp_2__art_4');
    await article.getByRole('button', { name: 'Nhiệm vụ thực hiện điều này' }).click();
    const task = article.getByRole('link', { name: /QC2021-T02/ });
    await task.waitFor();
    expect(await task.getAttribute('href')).toMatch(/^\/tasks\/\d+$/);
  });

  it('fits a phone: both languages stack, the contents fold away', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${api.baseUrl}/regulations/1?show=both#chp_2__art_4`);
    await page.locator('#chp_2__art_4.provision--target').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshotsDir, 'reader-both-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('searches without diacritics, shows the hits highlighted, and lands on the article of one', async () => {
    await page.goto(`${api.baseUrl}/regulations/1`);
    const text = page.getByRole('region', { name: 'Nội dung quy chế' });
    await text.getByRole('searchbox', { name: 'Tìm trong quy chế' }).fill('bao ve an ninh');
    await text.getByRole('button', { name: 'Tìm' }).click();
    await page.waitForURL(/\/search\?q=bao\+ve\+an\+ninh/);

    const results = page.getByRole('region', { name: 'Kết quả tìm kiếm' });
    const hits = results.getByRole('listitem');
    await hits.first().waitFor();
    expect(await hits.count()).toBeGreaterThan(2);
    const marks = (await results.locator('mark').allTextContents()).map((m) => m.toLowerCase());
    expect(marks).toContain('bảo vệ an ninh');
    await screenshot(page, 'search-results');

    const first = hits.filter({ has: page.locator('a[href^="/regulations/"]') }).first();
    const target = await first.getByRole('link').getAttribute('href');
    expect(target).toMatch(/^\/regulations\/1\?version=1#chp_\d+__art_\d+/);
    await first.getByRole('link').click();
    const aknId = target!.split('#')[1]!;
    await page.waitForURL((url) => url.hash === `#${aknId}`);
    await page.locator(`[id="${aknId}"].provision--target`).waitFor();
    expect(await inViewport(`[id="${aknId}"]`)).toBe(true);
    // The hit is in an article, and its heading says which one.
    const articleId = aknId.split('__').slice(0, 2).join('__');
    expect(await page.locator(`[id="${articleId}-heading"]`).textContent()).toMatch(/^Điều \d+\./);
  });

  it('compares: an amendment made through the API shows as exactly that article changed, word by word', async () => {
    const draft = await call('POST', '/api/v1/regulations/1/versions', { note: 'e2e: Điều 5 khoản 1' });
    const number = draft.body.number as number;
    const path = `/api/v1/regulations/1/versions/${number}/provisions/chp_2__art_5__para_1`;
    const clause = await call('GET', path);
    await call(
      'PUT',
      path,
      {
        textVi: 'Trao đổi thông tin định kỳ hằng tháng bằng văn bản hoặc trực tiếp.',
        textEn: 'Exchanging information monthly, in writing or in person.',
        isSummary: true,
      },
      clause.etag,
    );
    const version = await call('GET', `/api/v1/regulations/1/versions/${number}`);
    await call('POST', `/api/v1/regulations/1/versions/${number}/publish`, { effectiveFrom: '2025-01-01' }, version.etag);

    await page.goto(`${api.baseUrl}/regulations/1/compare?from=1&to=${number}`);
    await page.getByText('1 điều sửa đổi, 0 điều bổ sung, 0 điều bãi bỏ.').waitFor();
    const changes = page.locator('article.change');
    expect(await changes.count()).toBe(1);
    expect((await changes.getByRole('heading', { level: 2 }).textContent())?.trim()).toBe('Sửa đổi Điều 5. Hình thức phối hợp');
    const vi = changes.locator('p.diff[lang="vi"]');
    const en = changes.locator('p.diff[lang="en"]');
    expect(await vi.locator('ins').count()).toBeGreaterThan(0);
    expect(await vi.locator('del').count()).toBeGreaterThan(0);
    expect((await vi.locator('ins').allTextContents()).join(' ')).toContain('hằng tháng');
    expect((await en.locator('ins').allTextContents()).join(' ')).toContain('monthly');
    await screenshot(page, 'compare');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'compare-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
