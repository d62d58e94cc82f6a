import { mkdirSync } from 'node:fs';
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

/** A call to the API as the MPS coordinator, as an agency system could make it. */
async function call(method: string, path: string, body?: unknown): Promise<{ id: number }> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${coordinatorToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: number };
}

/**
 * The demo's annual reviews of 2022–2025 are held and concluded (its five-year history), so the test holds a review of
 * 2024 of its own: an extraordinary review hosted by MPS, scheduled and held, with a task of 2024 left unfinished for the
 * plan to carry over.
 */
async function holdAReviewOf2024(): Promise<number> {
  const task = await call('POST', '/api/v1/tasks', {
    regulationId: 1,
    titleVi: 'Rà soát phối hợp xử lý tin giả năm 2024',
    titleEn: 'Joint review of fake news handling 2024',
    descriptionVi: 'Nhiệm vụ chưa hoàn thành, để kế hoạch năm sau tiếp nối.',
    descriptionEn: 'Left unfinished, for the next plan to carry over.',
    citations: [{ aknId: 'chp_2__art_4__para_1' }],
    leadUnitCode: 'MPS-A05',
    counterpartUnitCodes: ['MIC-ATTT'],
    contacts: [],
    classification: 'unclassified',
    kind: 'one_off',
    recurrence: null,
    planYear: 2024,
    startDate: '2024-02-01',
    dueDate: '2024-11-30',
    priority: 'normal',
  });
  await call('POST', `/api/v1/tasks/${task.id}/transitions`, { to: 'assigned' });
  const review = await call('POST', '/api/v1/reviews', {
    regulationId: 1, periodYear: 2024, hostAgencyCode: 'MPS', scheduledOn: '2024-12-15', venue: 'Hà Nội', reason: 'Đánh giá bổ sung năm 2024',
  });
  const transitions = `/api/v1/reviews/${review.id}/transitions`;
  await call('POST', transitions, { to: 'scheduled', scheduledOn: '2024-12-15', venue: 'Hà Nội', chairs: 'Văn phòng hai Bộ' });
  await call('POST', transitions, { to: 'held', attendees: 'Văn phòng hai Bộ', minutes: 'Hai Bộ đánh giá bổ sung kết quả năm 2024.' });
  return review.id;
}

/** What a coordinator would record for a task in the state the seed leaves it. */
function resultFor(status: string): string {
  if (status === 'completed') return 'achieved';
  if (status === 'cancelled') return 'not_applicable';
  return 'partly_achieved';
}

describe('reviews and recognitions, in a browser against the real API', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    browser = await launchBrowser();
    // MPS hosts the review of 2024 the test holds: its coordinator manages it.
    coordinatorToken = await signIn('mps.coordinator');
    await authorizeApiRequests(browser.context, coordinatorToken);
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('shows the schedule: a review a year, hosts alternating, the 2026 preliminary review marked', async () => {
    await page.goto(`${api.baseUrl}/reviews`);
    await page.getByRole('heading', { level: 1, name: 'Lịch đánh giá, sơ kết' }).waitFor();
    const items = page.locator('.timeline__item');
    await items.first().waitFor();
    const titles = (await items.locator('h3').allTextContents()).map((t) => t.trim());
    expect(titles).toEqual([
      'Đánh giá kết quả phối hợp năm 2022',
      'Đánh giá kết quả phối hợp năm 2023',
      'Đánh giá kết quả phối hợp năm 2024',
      'Đánh giá kết quả phối hợp năm 2025',
      'Đánh giá kết quả phối hợp năm 2026',
      'Sơ kết 5 năm thực hiện quy chế (2026)',
    ]);
    const hosts = await items.locator('.host__code').allTextContents();
    expect(hosts.slice(0, 5)).toEqual(['MPS', 'MIC', 'MPS', 'MIC', 'MPS']);
    expect(await page.locator('.timeline__item--preliminary').count()).toBe(1);
    await page.locator('.timeline__item--preliminary .badge--kind-preliminary').getByText('Sơ kết 5 năm', { exact: true }).waitFor();
    await screenshot(page, 'reviews-timeline');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'reviews-timeline-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('creates a personal calendar feed token', async () => {
    const feed = page.getByRole('region', { name: 'Đưa lịch hội nghị vào ứng dụng lịch' });
    await feed.getByRole('button', { name: 'Tạo mã lịch cá nhân của tôi' }).click();
    const url = await feed.getByLabel('Địa chỉ lịch cá nhân').inputValue();
    expect(url).toMatch(/\/api\/v1\/reviews\.ics\?token=\S+$/);
    const ics = await fetch(url);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
  });

  it('refuses to conclude a review of 2024 while tasks are unevaluated, and names them', async () => {
    const id = await holdAReviewOf2024();
    await page.goto(`${api.baseUrl}/reviews/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Đánh giá đột xuất năm 2024' }).waitFor();
    const conclusion = page.getByRole('region', { name: /^Kết thúc đánh giá, thông qua kế hoạch năm 2025/ });
    // The preview carries the unfinished task over.
    await conclusion.getByText('Chuyển tiếp').first().waitFor();
    await conclusion.getByRole('button', { name: 'Kết thúc đánh giá và thông qua kế hoạch' }).click();
    const alert = conclusion.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Chưa thể kết thúc: còn \d+ nhiệm vụ chưa được đánh giá/);
    expect(await alert.getByRole('link').count()).toBe(await page.locator('table.evaluation-grid tbody tr').count());
    await screenshot(page, 'review-unevaluated');
  });

  it('records an evaluation for every task in the grid, concludes, and shows the adopted plan', async () => {
    const rows = page.locator('table.evaluation-grid tbody tr');
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      const status = (await row.locator('.badge--task').first().getAttribute('class'))!.match(/badge--task-(\w+)/)![1]!;
      await row.getByRole('combobox').selectOption(resultFor(status));
      await row.getByRole('textbox').fill(`Đánh giá năm 2024: ${status === 'completed' ? 'đã hoàn thành' : 'chưa hoàn thành'}.`);
      await row.getByRole('button', { name: /^Lưu đánh giá/ }).click();
      await page.getByText(`Đã đánh giá ${i + 1}/${count} nhiệm vụ`).waitFor();
    }
    await screenshot(page, 'review-evaluated');

    const conclusion = page.getByRole('region', { name: /^Kết thúc đánh giá, thông qua kế hoạch năm 2025/ });
    // A new task for the plan, in the same task form as anywhere else.
    await conclusion.getByRole('button', { name: 'Thêm nhiệm vụ mới' }).click();
    await conclusion.getByLabel('Tên nhiệm vụ (tiếng Việt)').fill('Tập huấn bảo vệ bí mật nhà nước năm 2025');
    await conclusion.getByLabel('Tên nhiệm vụ (tiếng Anh)').fill('State secrets training 2025');
    await conclusion.getByLabel('Căn cứ 1').selectOption({ index: 1 });
    await conclusion.getByLabel('Đơn vị chủ trì', { exact: true }).selectOption('MPS-A05');
    await screenshot(page, 'review-new-task-form');
    await conclusion.getByRole('button', { name: 'Thêm vào danh sách' }).click();
    await conclusion.locator('.plan-item--new').getByText('Tập huấn bảo vệ bí mật nhà nước năm 2025').waitFor();
    await conclusion.getByRole('button', { name: 'Kết thúc đánh giá và thông qua kế hoạch' }).click();
    const plan = page.getByRole('region', { name: 'Kế hoạch năm 2025 đã được thông qua' });
    await plan.waitFor();
    await plan.getByText('Tập huấn bảo vệ bí mật nhà nước năm 2025').waitFor();
    await plan.getByText(/Hội nghị kết thúc ngày .* và thông qua kế hoạch năm 2025/).waitFor();
    const carried = plan.locator('.plan-item--carried_over');
    expect(await carried.count()).toBeGreaterThan(0);
    // Carried over: a task of 2025's scope, or one left open from an earlier year (the review takes those up too).
    expect(await carried.first().textContent()).toMatch(/tiếp nối QC2021-T\d+/);
    expect(await carried.first().getByRole('link').getAttribute('href')).toMatch(/^\/tasks\/\d+$/);
    await page.locator('.review-workspace__status').getByText('Đã kết thúc').waitFor();
    // Concluded: nothing left to edit.
    expect(await page.locator('table.evaluation-grid select').count()).toBe(0);
    await screenshot(page, 'review-concluded');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'review-concluded-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('summarises the five years: results by article and year, completion charts', async () => {
    await page.goto(`${api.baseUrl}/reviews/summary?regulationId=1`);
    await page.getByRole('heading', { level: 1, name: 'Tổng hợp kết quả 5 năm thực hiện' }).waitFor();
    const chart = page.getByRole('img', { name: /Tỷ lệ nhiệm vụ hoàn thành theo năm/ });
    await chart.waitFor();
    expect(await chart.locator('rect').count()).toBe(10);
    const articles = page.getByRole('table', { name: 'Kết quả đánh giá từng năm của các nhiệm vụ, theo điều' });
    // The results just recorded for 2024 appear in the table.
    expect(await articles.locator('.result--achieved').count()).toBeGreaterThan(0);
    await screenshot(page, 'reviews-summary');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'reviews-summary-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('lists the recognitions of the signing, filters them, and opens one', async () => {
    await page.goto(`${api.baseUrl}/recognitions`);
    const table = page.getByRole('table', { name: 'Khen thưởng, tặng kỷ niệm chương' });
    await table.waitFor();
    const all = await table.locator('tbody tr').count();
    expect(all).toBeGreaterThan(10);
    await table.getByRole('row', { name: /Tô Lâm/ }).waitFor();
    await screenshot(page, 'recognitions');

    await page.getByRole('combobox', { name: 'Cơ quan trao tặng' }).selectOption('MIC');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/awardingAgency=MIC/);
    await page.getByRole('status').filter({ hasText: 'lượt khen thưởng' }).waitFor();
    await page.waitForFunction(`document.querySelectorAll('table.recognition-table tbody tr').length < ${all}`);
    const awards = await page.locator('table.recognition-table tbody tr td:nth-child(3)').allTextContents();
    expect(awards.every((a) => a.includes('Vì sự nghiệp Thông tin và Truyền thông'))).toBe(true);

    await page.getByRole('link', { name: 'Chi tiết khen thưởng của Tô Lâm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tô Lâm' }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${api.baseUrl}/recognitions`);
    await page.getByRole('table', { name: 'Khen thưởng, tặng kỷ niệm chương' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'recognitions-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
