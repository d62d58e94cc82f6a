import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { demoPassword, signInThroughUi } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir, webClientRoot } from './support/paths';
import { assertSpaServed } from './support/spa';

// Twelve people sign in within a minute here; the API's per-address sign-in limit (10/min) is for the open internet.
const savedLimit = process.env.RateLimits__SignInPerMinute;
process.env.RateLimits__SignInPerMinute = '1000';

let api: RunningApi;
let browser: Browser | undefined;
const pageErrors: string[] = [];
const pageLog: string[] = [];

async function newPage(): Promise<Page> {
  const page = await openPage(browser!.context, pageErrors, 45_000);
  page.on('console', (message) => pageLog.push(`${message.type()}: ${message.text()}`));
  page.on('requestfailed', (request) => pageLog.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) pageLog.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return page;
}

async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

// The menu entries of the access, task, export, audit and admin features, by role (SPEC §4).
const roleEntries: Record<string, { shows: string[]; hides: string[]; role: string }> = {
  admin: { role: 'Quản trị', shows: ['Tổng quan', 'Quy chế', 'Nhiệm vụ', 'Nhật ký kiểm toán', 'Quản trị'], hides: ['Tạo nhiệm vụ', 'Xuất dữ liệu'] },
  coordinator: { role: 'Điều phối', shows: ['Tổng quan', 'Quy chế', 'Nhiệm vụ', 'Tạo nhiệm vụ', 'Xuất dữ liệu'], hides: ['Nhật ký kiểm toán', 'Quản trị'] },
  officer: { role: 'Cán bộ thực hiện', shows: ['Việc của tôi', 'Tổng quan', 'Quy chế', 'Nhiệm vụ', 'Tạo nhiệm vụ'], hides: ['Xuất dữ liệu', 'Nhật ký kiểm toán', 'Quản trị'] },
  viewer: { role: 'Người xem', shows: ['Tổng quan', 'Quy chế', 'Nhiệm vụ'], hides: ['Tạo nhiệm vụ', 'Xuất dữ liệu', 'Nhật ký kiểm toán', 'Quản trị'] },
  auditor: { role: 'Kiểm toán', shows: ['Tổng quan', 'Quy chế', 'Nhiệm vụ', 'Xuất dữ liệu', 'Nhật ký kiểm toán'], hides: ['Tạo nhiệm vụ', 'Quản trị'] },
};

// README: the demo users' clearances.
const clearanceOf: Record<string, string> = {
  'mps.admin': 'Tối mật',
  'mps.coordinator': 'Tuyệt mật',
  'mps.officer': 'Tối mật',
  'mps.viewer': 'Thường',
  'mps.auditor': 'Mật',
  'mic.admin': 'Tối mật',
  'mic.coordinator': 'Tối mật',
  'mic.officer': 'Mật',
  'mic.viewer': 'Thường',
  'mic.auditor': 'Tuyệt mật',
};

describe('access in a browser: sign-in, the menu of each role, administration, the audit trail and exports', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    browser = await launchBrowser();
  });

  // A failed step leaves its page open: keep a picture of it for the reader of the report.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !browser) return;
    console.error(pageLog.slice(-40).join('\n'));
    const dir = join(webClientRoot, 'test-results', 'e2e-failures');
    mkdirSync(dir, { recursive: true });
    const pages = browser.context.pages();
    for (const [i, open] of pages.entries()) {
      await open.screenshot({ path: join(dir, `${context.task.name.slice(0, 60).replace(/[^\w-]+/g, '-')}-${i}.png`), fullPage: true }).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
    if (savedLimit === undefined) delete process.env.RateLimits__SignInPerMinute;
    else process.env.RateLimits__SignInPerMinute = savedLimit;
  });

  it('sends a visitor to the sign-in page, shows a failed sign-in’s problem, and comes back after', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/tasks?status=overdue`);
    await page.waitForURL('**/sign-in?next=*');
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();

    await page.getByLabel('Tên đăng nhập').fill('mps.viewer');
    await page.getByLabel('Mật khẩu').fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The username or password is wrong.');
    await screenshot(page, 'sign-in-failed');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'sign-in-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await signInThroughUi(page, api.baseUrl, 'mps.viewer');
    await page.waitForURL('**/tasks?status=overdue');
    await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ phối hợp' }).waitFor();

    // A reload keeps the tab's session; signing out ends it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ phối hợp' }).waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/sign-in');
    expect(await page.evaluate<string | null>("sessionStorage.getItem('coordination.token')")).toBeNull();
    await page.goto(`${api.baseUrl}/dashboard`);
    await page.waitForURL('**/sign-in?next=%2Fdashboard');
    await page.close();
  });

  it('signs in each of the 10 demo users: the header says who, and the menu shows what the role may do', async () => {
    const menus = new Map<string, string>();
    for (const agency of ['mps', 'mic']) {
      for (const [role, expected] of Object.entries(roleEntries)) {
        const username = `${agency}.${role}`;
        const page = await newPage();
        await page.goto(`${api.baseUrl}/`);
        await page.waitForURL('**/sign-in');
        await signInThroughUi(page, api.baseUrl, username, demoPassword);
        if (role === 'officer') {
          // An officer's first screen is their own work (issue 19).
          await page.waitForURL('**/my-work');
          await page.getByRole('heading', { level: 1, name: 'Việc của tôi' }).waitFor();
        } else {
          await page.waitForURL('**/dashboard');
          await page.getByRole('heading', { level: 1, name: 'Tổng quan thực hiện quy chế' }).waitFor();
          await page.locator('.kpis').waitFor();
        }

        const who = page.getByLabel('Người đang đăng nhập');
        const header = (await who.textContent()) ?? '';
        expect(header, username).toContain(agency.toUpperCase());
        expect(header, username).toContain(expected.role);
        expect(header, username).toContain(clearanceOf[username]);

        const labels = await navLabels(page);
        for (const label of expected.shows) expect(labels, `${username} sees ${label}`).toContain(label);
        for (const label of expected.hides) expect(labels, `${username} does not see ${label}`).not.toContain(label);
        menus.set(username, labels.join(' | '));
        await screenshot(page, `nav-${agency}-${role}`);

        await page.getByRole('button', { name: 'Đăng xuất' }).click();
        await page.waitForURL('**/sign-in');
        await page.close();
      }
    }
    // Within an agency, no two roles share a menu.
    for (const agency of ['mps', 'mic']) {
      const agencyMenus = Object.keys(roleEntries).map((role) => menus.get(`${agency}.${role}`));
      expect(new Set(agencyMenus).size).toBe(agencyMenus.length);
    }
  }, 300_000);

  it('refuses a screen the role may not use, even by its address', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/admin`);
    await signInThroughUi(page, api.baseUrl, 'mic.viewer');
    await page.waitForURL('**/admin');
    await page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }).waitFor();
    await page.close();
  });

  it('lets an admin create a user (field errors from the API first) and an API client whose key is shown once', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/admin`);
    await signInThroughUi(page, api.baseUrl, 'mps.admin');
    await page.getByRole('heading', { level: 1, name: 'Quản trị người dùng và hệ thống kết nối' }).waitFor();
    await page.locator('tr[data-username="mps.viewer"]').waitFor();

    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const form = page.getByRole('form', { name: 'Người dùng mới' });
    await form.getByLabel('Tên đăng nhập').fill('Nguyen Van A');
    await form.getByLabel('Họ và tên').fill('Nguyễn Văn Ân');
    await form.getByLabel('Đơn vị').selectOption('MPS-VP');
    await form.getByLabel('Mật khẩu').fill('short');
    // An admin grants only what their own roles reach: a pure admin adds viewers (and admins).
    await form.getByRole('checkbox', { name: 'Người xem' }).check();
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    // The form's schema (the API's bounds) refuses both before sending, each message next to its field.
    const username = form.getByLabel('Tên đăng nhập');
    await form.locator('.field--invalid').first().waitFor();
    expect(await username.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Mật khẩu').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-user-field-errors');

    await username.fill('mps.nguyenvanan');
    await form.getByLabel('Mật khẩu').fill('Mật-khẩu-đủ-dài-2024');
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng mps.nguyenvanan.').waitFor();
    const row = page.locator('tr[data-username="mps.nguyenvanan"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Nguyễn Văn Ân');
    await screenshot(page, 'admin-users');

    await page.getByRole('tab', { name: 'Hệ thống kết nối (API)' }).click();
    await page.getByRole('heading', { level: 2, name: 'Hệ thống kết nối (khóa API)' }).waitFor();
    await page.getByRole('button', { name: 'Tạo khóa API' }).click();
    await page.getByLabel('Tên hệ thống').fill('Hệ thống thử nghiệm E2E');
    await page.getByRole('checkbox', { name: 'tasks:read' }).check();
    await page.getByRole('button', { name: 'Tạo khóa' }).click();
    const keyBox = page.locator('.key-once');
    await keyBox.waitFor();
    const key = await keyBox.getByLabel('Khóa API').inputValue();
    expect(key).toMatch(/^cak_/);
    expect(await keyBox.textContent()).toContain('sẽ không bao giờ được hiển thị lại');
    await screenshot(page, 'admin-api-key-once');

    // The key works for the agency system it was made for.
    const me = await fetch(`${api.baseUrl}/api/v1/auth/me`, { headers: { 'X-Api-Key': key } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { displayName?: string; username?: string }).username ?? '').toBeTruthy();

    await keyBox.getByRole('button', { name: 'Tôi đã cất giữ khóa' }).click();
    await keyBox.waitFor({ state: 'detached' });
    const clientRow = page.locator('tr[data-client="Hệ thống thử nghiệm E2E"]');
    await clientRow.waitFor();
    expect(await clientRow.textContent()).not.toContain(key);
    expect(await page.content()).not.toContain(key);
    await screenshot(page, 'admin-api-clients');

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-api-clients-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.close();
  });

  it('lets an auditor verify the audit chain and download a CSV export (UTF-8 BOM and header)', async () => {
    const page = await newPage();
    await page.goto(`${api.baseUrl}/audit`);
    await signInThroughUi(page, api.baseUrl, 'mps.auditor');
    await page.getByRole('heading', { level: 1, name: 'Nhật ký kiểm toán' }).waitFor();
    await page.getByRole('button', { name: 'Kiểm tra chuỗi' }).click();
    const verdict = page.locator('.verify__result--ok');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain('Chuỗi nhật ký toàn vẹn.');

    // The admin's new user is in the trail, with its record after the change.
    await page.getByLabel('Hành động').fill('user.create');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL('**/audit?action=user.create');
    await page.locator('tr[data-entry] .disclosure').first().click();
    await page.locator('.row--details pre').last().waitFor();
    expect(await page.locator('.row--details').textContent()).toContain('mps.nguyenvanan');
    await screenshot(page, 'audit-verified');

    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Xuất dữ liệu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Xuất dữ liệu' }).waitFor();
    await page.getByLabel('Tập dữ liệu').selectOption('tasks');
    await page.getByRole('radio', { name: 'CSV' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^tasks-\d{8}T\d{6}Z\.csv$/);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const header = text.split(/\r?\n/)[0]!;
    expect(header.split(',')).toEqual(expect.arrayContaining(['code', 'titleVi', 'status']));
    expect(text.split(/\r?\n/).filter(Boolean).length).toBeGreaterThan(10);
    await page.getByText(/^Đã tải về tasks-/).waitFor();
    await screenshot(page, 'exports-downloaded');
    await page.close();
  });

  it('raised no script errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
