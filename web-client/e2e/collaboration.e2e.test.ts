import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { signIn, signInThroughUi } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir, webClientRoot } from './support/paths';
import { assertSpaServed } from './support/spa';

/**
 * Working together (issue 19) walked in Chromium as an MIC officer and an MPS coordinator: "My work" as each one's first
 * screen, the bell in the header, and the comment and evidence panels: the officer sees the assignment in the bell,
 * comments mentioning the coordinator, who is notified; evidence is attached and downloaded with its SHA-256.
 */

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const marker = `W${Date.now().toString(36)}`;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
const year = Number(today.slice(0, 4));

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

interface Created {
  id: number;
  code?: string;
}

async function call(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function ok<T = Created>(response: Promise<Response>): Promise<T> {
  const answered = await response;
  if (!answered.ok) throw new Error(`${answered.url}: HTTP ${answered.status} ${await answered.text()}`);
  return (await answered.json()) as T;
}

/** Whether the server has a route: a bare 404 (no detail) is the framework's answer for a path no endpoint has. */
async function routeExists(token: string, path: string): Promise<boolean> {
  const response = await call(token, 'GET', path);
  if (response.status !== 404) return true;
  const problem = (await response.json().catch(() => ({}))) as { detail?: string };
  return Boolean(problem.detail);
}

function newTask(title: string, lead: string, counterparts: string[], due: string) {
  return {
    regulationId: 1,
    titleVi: `${title} ${marker}`,
    titleEn: `${title} ${marker} (en)`,
    citations: [{ aknId: 'chp_2__art_4' }],
    leadUnitCode: lead,
    counterpartUnitCodes: counterparts,
    classification: 'unclassified',
    kind: 'one_off',
    planYear: year,
    startDate: addDays(today, -30),
    dueDate: due,
    priority: 'high',
  };
}

/** A task given (assigned) by a coordinator of the lead unit's agency. */
async function assign(coordinator: string, body: ReturnType<typeof newTask>): Promise<Created> {
  const task = await ok(call(coordinator, 'POST', '/api/v1/tasks', body));
  await ok(call(coordinator, 'POST', `/api/v1/tasks/${task.id}/transitions`, { to: 'assigned', comment: 'Giao thực hiện.' }));
  return task;
}

const tasks: { sharedId: number; sharedCode: string; micLedCode: string } = { sharedId: 0, sharedCode: '', micLedCode: '' };
let reviewId = 0;

/** The header's bell once it counts something unread: the consumer fans out in the background, and the bell asks again on
 * focus and every 30 s, so the page is reloaded until it counts. */
async function bellWithUnread() {
  const bell = page.locator('.bell__button');
  await expect
    .poll(async () => {
      await page.reload();
      await bell.waitFor();
      return Number(await bell.getAttribute('data-unread'));
    }, { timeout: 60_000, interval: 2_000 })
    .toBeGreaterThan(0);
  return bell;
}

async function signOutInUi() {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/sign-in');
}

describe('working together in a browser: my work, the bell, comments and evidence', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);

    const mps = await signIn('mps.coordinator');
    const mic = await signIn('mic.coordinator');
    // MPS gives its Cyber Security department a task with MIC's Authority of Information Security as counterpart ...
    const shared = await assign(mps, newTask('Phối hợp rà soát an ninh mạng', 'MPS-A05', ['MIC-ATTT'], addDays(today, 40)));
    tasks.sharedId = shared.id;
    tasks.sharedCode = shared.code!;
    // ... MIC gives its authority one due in five days ...
    tasks.micLedCode = (await assign(mic, newTask('Báo cáo số liệu sự cố', 'MIC-ATTT', ['MPS-A05'], addDays(today, 5)))).code!;
    // ... and the two Offices share one, so the MPS coordinator's own unit has work too.
    await assign(mic, newTask('Chuẩn bị hội nghị sơ kết', 'MIC-VP', ['MPS-VP'], addDays(today, 20)));
    // A review of this year, scheduled: MPS's tasks of the year await the MPS coordinator's evaluation.
    const on = addDays(today, 10);
    reviewId = (await ok(call(mps, 'POST', '/api/v1/reviews', { regulationId: 1, periodYear: year, hostAgencyCode: 'MPS', scheduledOn: on, venue: 'Hà Nội', reason: marker }))).id;
    await ok(call(mps, 'POST', `/api/v1/reviews/${reviewId}/transitions`, { to: 'scheduled', scheduledOn: on, venue: 'Hà Nội', chairs: 'Văn phòng hai Bộ' }));

    browser = await launchBrowser();
    page = await openPage(browser.context, pageErrors, 45_000);
  });

  // A failed step leaves its page open: keep a picture of it for the reader of the report.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !browser) return;
    const dir = join(webClientRoot, 'test-results', 'e2e-failures');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${context.task.name.slice(0, 60).replace(/[^\w-]+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('opens "My work" first for the MIC officer: the unit’s tasks, its role in each, what is due soon', async () => {
    await page.goto(`${api.baseUrl}/`);
    await signInThroughUi(page, api.baseUrl, 'mic.officer');
    await page.waitForURL('**/my-work');
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();

    const shared = page.locator('tr', { has: page.getByRole('link', { name: tasks.sharedCode, exact: true }) });
    const micLed = page.locator('tr', { has: page.getByRole('link', { name: tasks.micLedCode, exact: true }) });
    await shared.waitFor();
    expect(await shared.locator('td[data-label="Vai trò"]').textContent()).toBe('Phối hợp');
    expect(await micLed.locator('td[data-label="Vai trò"]').textContent()).toBe('Chủ trì');
    expect(await micLed.locator('.due-state').textContent()).toBe('Sắp đến hạn');
    // The figures count what the rows show.
    const dueSoonRows = await page.locator('.due-state--due_soon').count();
    const dueSoonFigure = page.locator('.work-figure--due_soon .work-figure__value');
    expect(Number(await dueSoonFigure.textContent())).toBe(dueSoonRows);
    await screenshot(page, 'my-work-mic-officer');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'my-work-mic-officer-390');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the bell only where the server has notifications, and with no badge at 0 unread', async () => {
    const token = await signIn('mic.officer');
    const served = await routeExists(token, '/api/v1/notifications/unread-count');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    // The bell asks once the shell is up: give it the time of one answer.
    await expect.poll(() => page.locator('.bell').count(), { timeout: 10_000 }).toBe(served ? 1 : 0);

    // The bell with nothing unread, whatever the server holds: this browser is answered 0 by the test.
    await page.route('**/api/v1/notifications/unread-count', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"unread":0}' }));
    await page.reload();
    const bell = page.getByRole('button', { name: 'Thông báo, 0 chưa đọc' });
    await bell.waitFor();
    expect(await bell.locator('.bell__badge').count()).toBe(0);
    await screenshot(page, 'bell-zero');
    await page.unroute('**/api/v1/notifications/unread-count');
  });

  it('hides the comments and evidence panels on the task page where the server has no such routes', async () => {
    const token = await signIn('mic.officer');
    const comments = await routeExists(token, `/api/v1/tasks/${tasks.sharedId}/comments`);
    await page.goto(`${api.baseUrl}/tasks/${tasks.sharedId}`);
    await page.getByRole('heading', { level: 2, name: 'Báo cáo tiến độ' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Ý kiến trao đổi' }).count(), { timeout: 10_000 }).toBe(comments ? 1 : 0);
    await screenshot(page, 'task-page-collaboration');
    await signOutInUi();
  });

  it('opens the dashboard first for the MPS coordinator, and "My work" shows the tasks awaiting evaluation', async () => {
    await signInThroughUi(page, api.baseUrl, 'mps.coordinator');
    await page.waitForURL('**/dashboard');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Việc của tôi' }).click();
    await page.waitForURL('**/my-work');
    await page.getByRole('heading', { level: 2, name: 'Chờ đánh giá tại sơ kết, tổng kết' }).waitFor();
    const review = page.locator('.work-review', { has: page.locator(`a[href="/reviews/${reviewId}"]`) });
    await review.waitFor();
    // The task MPS leads in the review's year is among them; the MIC-led one is MIC's to evaluate.
    await review.getByRole('link', { name: tasks.sharedCode, exact: true }).waitFor();
    expect(await review.getByRole('link', { name: tasks.micLedCode, exact: true }).count()).toBe(0);
    // The Offices' shared task is the coordinator's unit's own work.
    await page.getByRole('cell', { name: new RegExp(`Chuẩn bị hội nghị sơ kết ${marker}`) }).waitFor();
    await screenshot(page, 'my-work-mps-coordinator');
    await signOutInUi();
  });

  // Needs GET /api/v1/notifications and GET /api/v1/notifications/unread-count (the notifications consumer, part 2) and the
  // task.assigned event (part 1).
  it('shows the MIC officer the assignment in the bell, and opens the task from it', async () => {
    await signInThroughUi(page, api.baseUrl, 'mic.officer');
    await page.waitForURL('**/my-work');
    const bell = await bellWithUnread();
    await bell.click();
    const panel = page.getByRole('region', { name: 'Thông báo' });
    const assignment = panel.getByRole('link', { name: new RegExp(tasks.sharedCode) }).first();
    await assignment.waitFor();
    await screenshot(page, 'bell-assignment');
    await assignment.click();
    await page.waitForURL(`**/tasks/${tasks.sharedId}`);
  });

  // Needs POST /api/v1/tasks/{id}/comments and GET /api/v1/tasks/{id}/comments (comments, part 5).
  it('lets the MIC officer comment on the task, mentioning the MPS coordinator', async () => {
    await page.goto(`${api.baseUrl}/tasks/${tasks.sharedId}`);
    const panel = page.locator('section.comments');
    await panel.getByRole('heading', { level: 2, name: 'Ý kiến trao đổi' }).waitFor();
    await panel.getByRole('combobox', { name: 'Ý kiến mới' }).fill(`Đề nghị @mps.coordinator cho ý kiến về số liệu ${marker}.`);
    await panel.getByRole('button', { name: 'Gửi ý kiến' }).click();
    const posted = panel.locator('.comment', { hasText: marker });
    await posted.waitFor();
    expect(await posted.locator('.comment__mention').textContent()).toBe('@mps.coordinator');

    // Edit one's own comment (If-Match).
    await posted.getByRole('button', { name: 'Sửa' }).click();
    const editor = posted.getByRole('combobox', { name: 'Sửa ý kiến' });
    await editor.fill(`Đề nghị @mps.coordinator cho ý kiến về số liệu ${marker} (đã bổ sung).`);
    await posted.getByRole('button', { name: 'Lưu' }).click();
    await panel.locator('.comment', { hasText: 'đã bổ sung' }).waitFor();
    await screenshot(page, 'task-comments');
    await signOutInUi();
  });

  // Needs GET /api/v1/notifications (part 2), the comment.mentioned event (part 5) and the comments routes (part 5).
  it('notifies the MPS coordinator of the mention, who opens the task and finds the comment', async () => {
    await signInThroughUi(page, api.baseUrl, 'mps.coordinator');
    const bell = await bellWithUnread();
    await bell.click();
    const panel = page.getByRole('region', { name: 'Thông báo' });
    const mention = panel.locator('.bell__item--unread').getByRole('link', { name: new RegExp(tasks.sharedCode) }).first();
    await mention.waitFor();
    await screenshot(page, 'bell-mention');
    await mention.click();
    await page.waitForURL(`**/tasks/${tasks.sharedId}`);
    await page.locator('section.comments .comment', { hasText: marker }).waitFor();

    // Mark all read: the badge goes.
    await bell.click();
    await panel.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
    await page.getByRole('button', { name: 'Thông báo, 0 chưa đọc' }).waitFor();
    await signOutInUi();
  });

  // Needs POST/GET /api/v1/tasks/{id}/reports/{reportId}/evidence and GET /api/v1/evidence/{evidenceId}/content (evidence, part 6).
  it('lets the MPS officer attach evidence to a progress report and download it, with its size and SHA-256', async () => {
    const officer = await signIn('mps.officer');
    await ok(call(officer, 'POST', `/api/v1/tasks/${tasks.sharedId}/transitions`, { to: 'in_progress' }));
    await ok(call(officer, 'POST', `/api/v1/tasks/${tasks.sharedId}/reports`, { reportDate: today, percent: 20, narrative: `Báo cáo ${marker}` }));
    const file = join(webClientRoot, 'test-results', `evidence-${marker}.txt`);
    mkdirSync(join(webClientRoot, 'test-results'), { recursive: true });
    writeFileSync(file, `Minh chứng ${marker}\n`);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');

    await signInThroughUi(page, api.baseUrl, 'mps.officer');
    await page.goto(`${api.baseUrl}/tasks/${tasks.sharedId}`);
    const evidence = page.locator('.evidence').first();
    await evidence.getByLabel('Tệp').setInputFiles(file);
    await evidence.getByRole('button', { name: 'Tải lên' }).click();
    const item = evidence.locator('.evidence__item', { hasText: `evidence-${marker}.txt` });
    await item.waitFor();
    expect(await item.locator('.evidence__hash').textContent()).toBe(sha256);
    const download = page.waitForEvent('download');
    await item.getByRole('button', { name: `evidence-${marker}.txt` }).click();
    expect((await download).suggestedFilename()).toBe(`evidence-${marker}.txt`);
    await screenshot(page, 'task-evidence');
    await signOutInUi();
  });

  it('raised no script error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
