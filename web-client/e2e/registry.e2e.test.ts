import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { signInThroughUi } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir, webClientRoot } from './support/paths';
import { assertSpaServed } from './support/spa';

/**
 * Issue 18's third-agency scenario once through the web app: a registry admin adds the Ministry of National Defence
 * with its units and a person and gives it its first admin; that admin signs in, creates a regulation between MOD and
 * MPS on the "new regulation" screen (parties with their standing units, signatories, review policy), writes its
 * text, generates its review schedule from the regulation's page and creates a task of it; MIC's coordinator then
 * finds none of it. Every step goes through the screens; the API is only started and signed in to.
 */

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];
const modPassword = 'Defence-Ministry-1';
const year = new Date().getFullYear();
const regulationCode = `QC-BQP-BCA-${year}`;
const regulationTitle = 'Quy chế phối hợp giữa Bộ Quốc phòng và Bộ Công an trong bảo vệ an ninh mạng';
const taskTitle = 'Diễn tập ứng cứu sự cố an ninh mạng liên ngành';
let regulationId = 0;
let taskId = 0;

const nav = () => page.getByRole('navigation', { name: 'Điều hướng chính' });

/** The page as a phone shows it: nothing wider than the screen, and a picture of it. */
async function fitsPhone(name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await pageWidth(page), name).toBeLessThanOrEqual(390);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function signOutThroughUi() {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL('**/sign-in');
}

async function addUnit(parent: string, code: string, tier: string, nameVi: string, nameEn: string) {
  await page.getByRole('button', { name: `Thêm đơn vị trực thuộc ${parent}`, exact: true }).click();
  const form = page.getByRole('region', { name: `Đơn vị mới trực thuộc ${parent}`, exact: true });
  await form.getByLabel('Mã đơn vị').fill(code);
  await form.getByLabel('Cấp đơn vị').selectOption(tier);
  await form.getByLabel('Tên (tiếng Việt)').fill(nameVi);
  await form.getByLabel('Tên (tiếng Anh)').fill(nameEn);
  await form.getByRole('button', { name: 'Tạo đơn vị' }).click();
  await page.getByRole('status').getByText(`Đã thêm đơn vị ${code}.`).waitFor();
  await page.locator(`.unit-tree__item[data-unit="${code}"]`).waitFor();
}

describe('a third agency joins, through the web app', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    browser = await launchBrowser();
    page = await openPage(browser.context, pageErrors, 45_000);
  });

  // A failed step leaves its page open: keep a picture of it for the reader of the report.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !browser) return;
    const dir = join(webClientRoot, 'test-results', 'e2e-failures');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `registry-${context.task.name.slice(0, 60).replace(/[^\w-]+/g, '-')}.png`), fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('lets the registry admin add the ministry: a bad or taken code is refused by its field', async () => {
    await page.goto(`${api.baseUrl}/`);
    await signInThroughUi(page, api.baseUrl, 'mps.registry_admin');
    await nav().getByRole('link', { name: 'Cơ quan, nhân sự' }).click();
    await page.waitForURL('**/registry');
    await page.getByRole('heading', { level: 1, name: 'Cơ quan và đơn vị' }).waitFor();
    await page.locator('tr[data-agency="MPS"]').waitFor();
    expect(await page.locator('tr[data-agency] td:first-child code').allTextContents()).toEqual(['MIC', 'MPS']);
    await screenshot(page, 'registry-agencies');
    await fitsPhone('registry-agencies-390');

    await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
    const form = page.getByRole('region', { name: 'Cơ quan mới' });
    const code = form.getByLabel('Mã cơ quan');
    await code.fill('mod');
    await form.getByLabel('Tên (tiếng Việt)').fill('Bộ Quốc phòng');
    await form.getByLabel('Tên (tiếng Anh)').fill('Ministry of National Defence');
    await form.getByRole('button', { name: 'Tạo cơ quan' }).click();
    await form.locator('.field--invalid').first().waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'registry-agency-create-field-error');

    // The API's 409 for a taken code names the field: the message lands under it.
    await code.fill('MPS');
    await form.getByRole('button', { name: 'Tạo cơ quan' }).click();
    await form.getByText("Another agency has the code 'MPS'.").waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');

    await code.fill('MOD');
    await form.getByRole('button', { name: 'Tạo cơ quan' }).click();
    await page.getByRole('status').getByText('Đã thêm cơ quan MOD.').waitFor();
    await page.locator('tr[data-agency="MOD"]').waitFor();
  });

  it('builds its unit tree by tier, and retires a unit added by mistake', async () => {
    await page.getByRole('link', { name: 'Xem cây đơn vị của MOD' }).click();
    await page.waitForURL('**/registry/agencies/MOD');
    await page.getByRole('heading', { level: 1, name: /^MOD — Bộ Quốc phòng/ }).waitFor();
    // The ministry unit came with the agency.
    await page.locator('.unit-tree__item[data-unit="MOD"] .tier--ministry').first().waitFor();

    await addUnit('MOD', 'MOD-VP', 'department', 'Văn phòng Bộ Quốc phòng', 'Office of the Ministry of National Defence');
    await addUnit('MOD', 'MOD-TCKG', 'department', 'Bộ Tư lệnh Tác chiến không gian mạng', 'Cyberspace Operations Command');
    await addUnit('MOD-TCKG', 'MOD-TCKG-P1', 'division', 'Phòng Kỹ thuật', 'Technical Division');
    await addUnit('MOD', 'MOD-QK7', 'provincial', 'Quân khu 7', 'Military Region 7');

    // Retire the last one: it stays in the tree, marked, with nothing new allowed under it.
    await page.getByRole('button', { name: 'Sửa đơn vị MOD-QK7', exact: true }).click();
    const edit = page.getByRole('region', { name: 'Sửa đơn vị MOD-QK7', exact: true });
    expect(await edit.getByLabel('Mã đơn vị').getAttribute('readonly')).not.toBeNull();
    await edit.getByLabel('Đang hoạt động').uncheck();
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu đơn vị MOD-QK7.').waitFor();
    const retired = page.locator('.unit-tree__item[data-unit="MOD-QK7"]');
    await retired.locator('.badge--inactive').waitFor();
    expect(await page.getByRole('button', { name: 'Thêm đơn vị trực thuộc MOD-QK7', exact: true }).count()).toBe(0);

    const division = page.locator('.unit-tree__item[data-unit="MOD-TCKG"] .unit-tree__item[data-unit="MOD-TCKG-P1"]');
    expect(await division.locator('.tier--division').count()).toBe(1);
    await screenshot(page, 'registry-agency-units');
  });

  it('gives the ministry its first admin, once', async () => {
    const panel = page.getByRole('region', { name: 'Quản trị viên đầu tiên' });
    await panel.getByLabel('Tên đăng nhập').waitFor();
    expect(await panel.getByLabel('Tên đăng nhập').inputValue()).toBe('mod.admin');
    await panel.getByLabel('Họ và tên').fill('Quản trị Bộ Quốc phòng');
    await panel.getByLabel('Đơn vị').selectOption('MOD-VP');
    await panel.getByLabel('Mức tiếp cận').selectOption('secret');
    await panel.getByLabel('Mật khẩu').fill(modPassword);
    await panel.getByRole('button', { name: 'Tạo quản trị viên đầu tiên' }).click();
    await panel.getByText(/Đã tạo tài khoản mod\.admin/).waitFor();
    await panel.getByText('MOD đã có quản trị viên đầu tiên:').waitFor();
    // The form is gone: a second first admin is not offered (the API would answer 409).
    expect(await panel.getByRole('button', { name: 'Tạo quản trị viên đầu tiên' }).count()).toBe(0);
    await screenshot(page, 'registry-agency-mod');
    await fitsPhone('registry-agency-mod-390');
  });

  it('adds the minister as a person of MOD, then completes his rank', async () => {
    await page.getByRole('link', { name: 'Xem nhân sự của cơ quan' }).click();
    await page.waitForURL('**/registry/persons?agency=MOD');
    await page.getByText('Không có ai phù hợp với bộ lọc.').waitFor();
    await page.getByRole('button', { name: 'Thêm người' }).click();
    const form = page.getByRole('region', { name: 'Người mới' });
    expect(await form.getByLabel('Cơ quan').inputValue()).toBe('MOD');
    await form.getByLabel('Họ và tên').fill('Phan Văn Giang');
    await form.getByLabel('Khóa').fill('phan-van-giang');
    await form.getByLabel('Cấp bậc, chức danh (tiếng Việt)').fill('Đại tướng');
    await form.getByLabel('Chức vụ (tiếng Việt)').fill('Bộ trưởng Bộ Quốc phòng');
    await form.getByLabel('Chức vụ (tiếng Anh)').fill('Minister of National Defence');
    await form.locator('select[name="unitCode"] option[value="MOD"]').waitFor({ state: 'attached' });
    await form.getByLabel('Đơn vị').selectOption('MOD');
    await form.getByRole('button', { name: 'Tạo', exact: true }).click();
    await page.getByRole('status').getByText('Đã thêm Phan Văn Giang.').waitFor();
    const row = page.locator('tr[data-person="phan-van-giang"]');
    await row.waitFor();

    await row.getByRole('button', { name: 'Sửa thông tin Phan Văn Giang' }).click();
    const edit = page.getByRole('region', { name: 'Sửa thông tin Phan Văn Giang' });
    expect(await edit.getByLabel('Khóa').getAttribute('readonly')).not.toBeNull();
    await edit.getByLabel('Cấp bậc, chức danh (tiếng Anh)').fill('General');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').getByText('Đã lưu Phan Văn Giang.').waitFor();
    await screenshot(page, 'registry-persons');
    await fitsPhone('registry-persons-390');

    // The list of every agency, paged by the API's cursor like the other lists.
    await page.getByRole('navigation', { name: 'Danh mục' }).getByRole('link', { name: 'Nhân sự' }).click();
    await page.getByRole('search', { name: 'Bộ lọc' }).getByLabel('Cơ quan').selectOption('');
    await page.getByRole('search', { name: 'Bộ lọc' }).getByRole('button', { name: 'Lọc' }).click();
    await page.locator('tr[data-person="to-lam"]').waitFor();
    await page.locator('tr[data-person="phan-van-giang"]').waitFor();
  });

  it('lets the new ministry’s admin sign in, create a regulation with MPS, write its text and generate its reviews', async () => {
    await signOutThroughUi();
    await signInThroughUi(page, api.baseUrl, 'mod.admin', modPassword);
    await page.getByLabel('Người đang đăng nhập').getByText('MOD', { exact: true }).waitFor();
    // An agency's admin keeps its own units and persons: the menu offers them.
    await nav().getByRole('link', { name: 'Cơ quan, nhân sự' }).waitFor();

    // The regulation, on the "new regulation" screen of the regulation list: MOD is a party already (the caller's agency).
    await nav().getByRole('link', { name: 'Quy chế' }).click();
    await page.getByRole('link', { name: 'Thêm quy chế' }).click();
    await page.waitForURL('**/regulations/new');
    const create = page.getByRole('form', { name: 'Quy chế mới' });
    expect(await create.getByLabel('Cơ quan (bên 1)').inputValue()).toBe('MOD');
    await create.getByLabel('Số hiệu').fill(regulationCode);
    await create.getByLabel('Trạng thái').selectOption('in_force');
    await create.getByLabel('Ngày ký').fill(`${year}-01-15`);
    await create.getByLabel('Nơi ký').fill('Hà Nội');
    await create.getByLabel('Tên quy chế (tiếng Việt)').fill(regulationTitle);
    await create
      .getByLabel('Tên quy chế (tiếng Anh)')
      .fill('Coordination regulation between the Ministry of National Defence and the Ministry of Public Security on cyber security');
    await create.locator('select[name="parties.0.standingUnitCode"] option[value="MOD-VP"]').waitFor({ state: 'attached' });
    await create.getByLabel('Cơ quan thường trực (bên 1)').selectOption('MOD-VP');
    await create.getByLabel('Cơ quan (bên 2)').selectOption('MPS');
    await create.locator('select[name="parties.1.standingUnitCode"] option[value="MPS-VP"]').waitFor({ state: 'attached' });
    await create.getByLabel('Cơ quan thường trực (bên 2)').selectOption('MPS-VP');
    // Signatories: a person of each party, from the persons of the party agencies.
    await create.locator('li[data-person="phan-van-giang"] input').check();
    await create.locator('li[data-person="to-lam"] input').check();
    expect(await create.getByLabel('Hằng năm, các bên luân phiên chủ trì').isChecked()).toBe(true);
    await create.getByLabel('Bên chủ trì lần đầu').selectOption('MOD');
    await create.getByLabel('Tháng tổ chức').fill('12');
    await create.getByLabel('Sơ kết sau (số năm)').fill('5');
    await screenshot(page, 'registry-mod-regulation-create');
    await fitsPhone('registry-mod-regulation-create-390');
    await create.getByRole('button', { name: 'Tạo quy chế' }).click();
    await page.waitForURL(/\/regulations\/\d+$/);
    regulationId = Number(/\/regulations\/(\d+)$/.exec(page.url())![1]);
    await page.getByRole('heading', { level: 1, name: regulationTitle }).waitFor();

    // Its text, in the draft tools of the regulation page: a draft, a chapter, an article, published.
    await page.getByRole('button', { name: 'Bắt đầu sửa đổi, bổ sung' }).click();
    await page.getByRole('button', { name: 'Tạo bản dự thảo' }).click();
    // The regulation page opens the new draft itself, unless the refreshed version list replaced the form first
    // (then its callback never runs, and the page offers the draft by a link instead).
    const openDraft = page.getByRole('link', { name: 'Mở bản dự thảo số 1' });
    await page.getByRole('button', { name: 'Thêm chương' }).or(openDraft).waitFor();
    if (await openDraft.isVisible()) await openDraft.click();
    await page.waitForURL(/version=1/);
    await page.getByRole('button', { name: 'Thêm chương' }).click();
    let form = page.locator('form.draft-form');
    await form.getByLabel('Số').fill('I');
    await form.getByLabel('Tên (tiếng Việt)').fill('Quy định chung');
    await form.getByLabel('Tên (tiếng Anh)').fill('General provisions');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('button', { name: /^Thêm điều: / }).click();
    form = page.locator('form.draft-form');
    await form.getByLabel('Số').fill('1');
    await form.getByLabel('Tên (tiếng Việt)').fill('Phạm vi phối hợp');
    await form.getByLabel('Tên (tiếng Anh)').fill('Scope of coordination');
    await form.getByLabel('Nội dung (tiếng Việt)').fill('Hai Bộ phối hợp bảo vệ an ninh mạng, ứng cứu sự cố và trao đổi thông tin.');
    await form.getByLabel('Nội dung (tiếng Anh)').fill('The two Ministries coordinate in protecting cyber security, responding to incidents and sharing information.');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { level: 4, name: /Phạm vi phối hợp/ }).waitFor();
    await page.getByRole('region', { name: 'Ban hành bản dự thảo' }).getByRole('button', { name: 'Ban hành bản số 1' }).click();
    await page.getByRole('region', { name: 'Ban hành bản dự thảo' }).getByLabel('Ngày có hiệu lực').fill(`${year}-01-15`);
    await page.getByRole('region', { name: 'Ban hành bản dự thảo' }).getByRole('button', { name: 'Ban hành', exact: true }).click();
    await page.getByRole('region', { name: 'Ban hành bản dự thảo' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 4, name: /Phạm vi phối hợp/ }).waitFor();
    await screenshot(page, 'registry-mod-regulation');

    // The review schedule, generated from the policy on the regulation's page: annual reviews in turn from MOD, and
    // the preliminary one after five years.
    const schedule = page.getByRole('region', { name: 'Lịch đánh giá, sơ kết' });
    await schedule.getByRole('button', { name: 'Lập lịch đánh giá' }).click();
    await schedule.getByRole('status').getByText(/^Đã thêm \d+ kỳ/).waitFor();
    const hosts = await schedule.locator('tbody tr', { hasText: 'Đánh giá hằng năm' }).locator('td:nth-child(3)').allTextContents();
    expect(hosts.slice(0, 2)).toEqual(['MOD', 'MPS'].slice(0, hosts.length));
    expect(hosts.length).toBeGreaterThan(0);
    expect(await schedule.locator('tbody tr', { hasText: 'Sơ kết' }).count()).toBe(1);
    await schedule.scrollIntoViewIfNeeded();
    await screenshot(page, 'registry-mod-regulation-schedule');
  });

  it('lets that admin, as coordinator, create a task of the new regulation and see its review schedule', async () => {
    await nav().getByRole('link', { name: 'Tạo nhiệm vụ' }).click();
    await page.waitForURL('**/tasks/new');
    await page.getByLabel('Quy chế', { exact: true }).selectOption(String(regulationId));
    await page.getByLabel('Tên nhiệm vụ (tiếng Việt)').fill(taskTitle);
    await page.getByLabel('Tên nhiệm vụ (tiếng Anh)').fill('Joint cyber incident response exercise');
    await page.getByLabel('Căn cứ 1').selectOption('chp_1__art_1');
    await page.getByLabel('Đơn vị chủ trì', { exact: true }).selectOption('MOD-TCKG');
    await page.getByLabel('Hạn hoàn thành').fill(`${year}-12-31`);
    await page.getByRole('button', { name: 'Tạo nhiệm vụ' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    taskId = Number(/\/tasks\/(\d+)$/.exec(page.url())![1]);
    await page.getByRole('heading', { level: 1, name: taskTitle }).waitFor();
    const moves = page.getByRole('region', { name: 'Chuyển trạng thái' });
    await moves.getByLabel('Ghi chú (không bắt buộc)').fill('Giao Bộ Tư lệnh 86 chủ trì.');
    await moves.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await page.getByText('Chuyển trạng thái: Dự thảo → Đã giao').waitFor();
    await screenshot(page, 'registry-mod-task');

    await nav().getByRole('link', { name: 'Đánh giá, sơ kết' }).click();
    await page.waitForURL('**/reviews');
    const schedule = page.getByRole('region', { name: new RegExp(`^${regulationCode} `) });
    await schedule.locator('.timeline__item').first().waitFor();
    // Annual reviews hosted in turn from MOD, and the preliminary one after five years.
    const hosts = await schedule.locator('.timeline__item:not(.timeline__item--preliminary) .host__code').allTextContents();
    expect(hosts.slice(0, 2)).toEqual(['MOD', 'MPS'].slice(0, hosts.length));
    expect(await schedule.locator('.timeline__item--preliminary').count()).toBe(1);
    await schedule.scrollIntoViewIfNeeded();
    await screenshot(page, 'registry-mod-reviews');
  });

  it('shows MIC none of it', async () => {
    await signOutThroughUi();
    await signInThroughUi(page, api.baseUrl, 'mic.coordinator');
    // The registry is not MIC's coordinator's to keep: no menu entry, and the screen says so.
    expect(await nav().getByRole('link', { name: 'Cơ quan, nhân sự' }).count()).toBe(0);

    await nav().getByRole('link', { name: 'Quy chế' }).click();
    await page.getByRole('list', { name: 'Quy chế phối hợp' }).getByText('QC2021', { exact: true }).waitFor();
    expect(await page.getByText(regulationCode).count()).toBe(0);

    await page.goto(`${api.baseUrl}/regulations/${regulationId}`);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByText(regulationTitle).count()).toBe(0);
    await screenshot(page, 'registry-mic-regulation-not-found');

    await page.goto(`${api.baseUrl}/tasks/${taskId}`);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy nhiệm vụ' }).waitFor();
    expect(await page.getByText(taskTitle).count()).toBe(0);

    await page.goto(`${api.baseUrl}/tasks`);
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.getByText(taskTitle).count()).toBe(0);

    await page.goto(`${api.baseUrl}/reviews`);
    await page.locator('.timeline__item').first().waitFor();
    expect(await page.getByText(regulationCode).count()).toBe(0);
    expect(await page.locator('.host__code', { hasText: 'MOD' }).count()).toBe(0);

    await page.goto(`${api.baseUrl}/registry`);
    await page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }).waitFor();
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
