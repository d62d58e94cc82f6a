import { mkdirSync, readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir } from './support/paths';
import { assertSpaServed } from './support/spa';

// Runs after the merge: it drives GET/PUT /api/v1/reviews/{id}/minutes and the .docx documents of a review and of the
// five-year summary, which the documents branch adds to the API. On the web branch alone these routes do not exist.

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
let token: string;
let review: { id: number; periodYear: number; regulationId: number };
const pageErrors: string[] = [];

async function get(path: string): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

/** The file name a Content-Disposition gives (RFC 6266: `filename*` first). */
function filenameOf(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) return decodeURIComponent(extended[1].trim());
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

/** Clicks a download button; checks the answer is a .docx, saved under the server's name, and is a zip ('PK'). */
async function downloadsDocx(button: Locator, route: RegExp): Promise<string> {
  const [download, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => route.test(new URL(r.url()).pathname + new URL(r.url()).search)),
    button.click(),
  ]);
  expect(response.status(), response.url()).toBe(200);
  expect(response.headers()['content-type']?.split(';')[0]).toBe(docxType);
  const disposition = response.headers()['content-disposition'];
  expect(disposition).toMatch(/^attachment/);
  const filename = filenameOf(disposition);
  expect(filename).toMatch(/\.docx$/);
  expect(download.suggestedFilename()).toBe(filename);
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(bytes.length).toBeGreaterThan(1000);
  return filename!;
}

describe('the minutes and documents of a review, in a browser against the real API (run after the merge)', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    token = await signIn('mps.coordinator');
    const reviews = (await (await get('/api/v1/reviews?limit=100')).json()) as {
      items: { id: number; periodYear: number; regulationId: number; kind: string; status: string }[];
    };
    // A concluded annual review has all three documents: its report, the plan it adopted, its minutes.
    review = reviews.items.filter((r) => r.kind === 'annual' && r.status === 'concluded').sort((a, b) => b.periodYear - a.periodYear)[0]!;
    expect(review, 'the demo holds a concluded annual review').toBeDefined();
    browser = await launchBrowser();
    await authorizeApiRequests(browser.context, token);
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('records the minutes of the meeting: place, date, chair, attendees added and removed, decisions, notes', async () => {
    await page.goto(`${api.baseUrl}/reviews/${review.id}`);
    const minutes = page.getByRole('region', { name: 'Biên bản hội nghị', exact: true });
    await minutes.getByRole('button', { name: /^(Ghi|Sửa) biên bản$/ }).click();
    const form = minutes.getByRole('form', { name: 'Biên bản hội nghị' });
    // Start from empty lists, whatever the demo recorded.
    while ((await form.getByRole('button', { name: 'Bỏ người tham dự 1' }).count()) > 0) await form.getByRole('button', { name: 'Bỏ người tham dự 1' }).click();
    while ((await form.getByRole('button', { name: 'Bỏ kết luận 1' }).count()) > 0) await form.getByRole('button', { name: 'Bỏ kết luận 1' }).click();

    await form.getByLabel('Ngày họp').fill(`${review.periodYear}-12-15`);
    await form.getByLabel('Địa điểm', { exact: true }).fill('Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội');
    await form.getByLabel('Chủ trì', { exact: true }).fill('Thứ trưởng Bộ Công an');
    const attendees = [
      { name: 'Nguyễn Văn An', title: 'Chánh Văn phòng Bộ Công an', agency: 'MPS', unit: 'MPS-VP' },
      { name: 'Trần Thị Bình', title: 'Chánh Văn phòng Bộ Thông tin và Truyền thông', agency: 'MIC', unit: 'MIC-VP' },
      { name: 'Người bị bỏ', title: '', agency: 'MIC', unit: '' },
    ];
    for (const [i, a] of attendees.entries()) {
      await form.getByRole('button', { name: 'Thêm người tham dự' }).click();
      const row = form.getByRole('group', { name: `Người tham dự ${i + 1}` });
      await row.getByLabel('Họ và tên').fill(a.name);
      await row.getByLabel('Chức vụ').fill(a.title);
      await row.getByLabel('Cơ quan').selectOption(a.agency);
      if (a.unit) {
        await row.getByLabel('Đơn vị').locator(`option[value="${a.unit}"]`).waitFor({ state: 'attached' });
        await row.getByLabel('Đơn vị').selectOption(a.unit);
      }
    }
    await form.getByRole('button', { name: 'Bỏ người tham dự 3' }).click();
    const decisions = [`Thông qua báo cáo kết quả phối hợp năm ${review.periodYear}.`, `Thông qua kế hoạch phối hợp năm ${review.periodYear + 1}.`];
    for (const [i, d] of decisions.entries()) {
      await form.getByRole('button', { name: 'Thêm kết luận' }).click();
      await form.getByLabel(`Kết luận ${i + 1}`).fill(d);
    }
    await form.getByLabel('Ghi chú').fill('Hội nghị kết thúc lúc 11 giờ 30 cùng ngày.');
    await screenshot(page, 'review-minutes-form');
    await form.getByRole('button', { name: 'Lưu biên bản' }).click();
    await minutes.getByText('Đã lưu biên bản.').waitFor();

    await page.reload();
    const reloaded = page.getByRole('region', { name: 'Biên bản hội nghị', exact: true });
    await reloaded.getByText('Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội').waitFor();
    await reloaded.getByText('Thứ trưởng Bộ Công an', { exact: true }).waitFor();
    expect(await reloaded.locator('tbody tr th').allTextContents()).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    expect(await reloaded.locator('.minutes-decisions li').allTextContents()).toEqual(decisions);
    await reloaded.getByText('Hội nghị kết thúc lúc 11 giờ 30 cùng ngày.').waitFor();
    await screenshot(page, 'review-minutes');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'review-minutes-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    const stored = await get(`/api/v1/reviews/${review.id}/minutes`);
    expect(stored.headers.get('ETag')).toBeTruthy();
    expect(await stored.json()).toMatchObject({
      reviewId: review.id,
      heldOn: `${review.periodYear}-12-15`,
      chairedBy: 'Thứ trưởng Bộ Công an',
      attendees: [
        { name: 'Nguyễn Văn An', agencyCode: 'MPS', unitCode: 'MPS-VP' },
        { name: 'Trần Thị Bình', agencyCode: 'MIC', unitCode: 'MIC-VP' },
      ],
      decisions,
    });
  });

  it('downloads the report, the adopted plan and the minutes in Vietnamese and English as .docx files', async () => {
    const documents = page.getByRole('region', { name: 'Văn bản', exact: true });
    const names = new Set<string>();
    for (const [kind, label] of [
      ['report', 'Báo cáo kết quả đánh giá'],
      ['plan', 'Kế hoạch năm tiếp theo đã thông qua'],
      ['minutes', 'Biên bản hội nghị'],
    ] as const) {
      for (const [lang, language] of [
        ['vi', 'Tiếng Việt'],
        ['en', 'Tiếng Anh'],
      ] as const) {
        const button = documents.getByRole('button', { name: `Tải ${label} (${language})` });
        names.add(await downloadsDocx(button, new RegExp(`^/api/v1/reviews/${review.id}/documents/${kind}\\?lang=${lang}$`)));
        await documents.getByText(/^Đã tải .+\.docx/).waitFor();
      }
    }
    expect(names.size, 'each document under its own name').toBe(6);
    await screenshot(page, 'review-documents');
  });

  it('downloads the five-year preliminary summary in both languages from the summary screen', async () => {
    await page.goto(`${api.baseUrl}/reviews/summary?regulationId=${review.regulationId}`);
    await page.getByRole('heading', { level: 2, name: 'Tỷ lệ hoàn thành theo cơ quan' }).waitFor();
    for (const language of ['Tiếng Việt', 'Tiếng Anh']) {
      await downloadsDocx(
        page.getByRole('button', { name: `Tải báo cáo sơ kết (${language})` }),
        new RegExp(`^/api/v1/reviews/summary/document\\?regulationId=${review.regulationId}&fromYear=\\d{4}&toYear=\\d{4}&lang=(vi|en)$`),
      );
    }
    await screenshot(page, 'summary-documents');
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
