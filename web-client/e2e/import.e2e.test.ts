import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { standardParagraphs, wordDocument, type TextProvision } from './support/docx';
import { openPage, pageWidth, screenshot } from './support/page';
import { screenshotsDir } from './support/paths';
import { assertSpaServed } from './support/spa';

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
let token: string;
let regulationId: number;
let seeded: TextProvision[];
let versionsBefore: number;
const pageErrors: string[] = [];
const files = mkdtempSync(join(tmpdir(), 'coordination-import-'));

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${api.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function counts(nodes: readonly TextProvision[], into = { chapter: 0, article: 0, clause: 0, point: 0 }) {
  for (const node of nodes) {
    into[node.kind] += 1;
    counts(node.children, into);
  }
  return into;
}

/** The outline's lines, in order: "Chương I Những quy định chung", "Điều 1. …", "1. …". */
function outline(nodes: readonly TextProvision[]): string[] {
  return nodes.flatMap((p) => {
    const label = p.kind === 'chapter' ? `Chương ${p.num}` : p.kind === 'article' ? `Điều ${p.num}.` : p.kind === 'clause' ? `${p.num}.` : `${p.num})`;
    const text = (p.kind === 'chapter' || p.kind === 'article' ? p.headingVi : p.textVi) ?? '';
    return [`${label} ${text}`.replace(/\s+/g, ' ').trim(), ...outline(p.children)];
  });
}

async function openImportForm() {
  const reader = page.getByRole('region', { name: 'Nội dung quy chế' });
  await reader.getByRole('button', { name: 'Nhập nội dung từ văn bản' }).click();
  return page.getByRole('form', { name: 'Nhập nội dung quy chế từ văn bản đã ký' });
}

async function atPhoneWidth(name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await pageWidth(page), name).toBeLessThanOrEqual(390);
  await screenshot(page, name);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('importing a regulation’s text from a .docx, in a browser against the real API', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    token = await signIn('mps.coordinator');
    const list = await get<{ items: { id: number; code: string }[] }>('/api/v1/regulations?limit=100');
    regulationId = list.items.find((r) => r.code === 'QC2021')!.id;
    seeded = (await get<{ chapters: TextProvision[] }>(`/api/v1/regulations/${regulationId}/text?lang=vi`)).chapters;
    const versions = await get<{ items: { number: number; status: string }[] }>(`/api/v1/regulations/${regulationId}/versions?limit=100`);
    versionsBefore = versions.items.length;
    expect(versions.items.some((v) => v.status === 'draft'), 'the demo starts without a draft').toBe(false);
    browser = await launchBrowser();
    await authorizeApiRequests(browser.context, token);
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
    rmSync(files, { recursive: true, force: true });
  });

  it('names the paragraph that cannot be placed, and creates nothing', async () => {
    const broken = join(files, 'quy-che-loi.docx');
    writeFileSync(broken, wordDocument(['QUY CHẾ', 'Chương I', 'Những quy định chung', 'Điều 1. Phạm vi điều chỉnh', 'a) Trao đổi thông tin về nguy cơ']));
    await page.goto(`${api.baseUrl}/regulations/${regulationId}`);
    const form = await openImportForm();
    await form.getByLabel('Tệp văn bản').setInputFiles(broken);
    await form.getByRole('button', { name: 'Xem trước' }).click();
    const problem = form.locator('.field-summary li');
    await problem.first().waitFor();
    expect(await problem.first().textContent()).toMatch(/^paragraphs\[5\]: .*Paragraph 5 \('a\) Trao đổi thông tin về nguy cơ'\)/);
    expect(await form.getByRole('button', { name: 'Tạo bản dự thảo' }).count()).toBe(0);
    await screenshot(page, 'import-problem');
    const versions = await get<{ items: unknown[] }>(`/api/v1/regulations/${regulationId}/versions?limit=100`);
    expect(versions.items).toHaveLength(versionsBefore);
  });

  it('previews the demo regulation written out as a .docx: the same tree, its counts, the skipped header', async () => {
    const docx = join(files, 'quy-che-2021.docx');
    writeFileSync(docx, wordDocument(standardParagraphs(seeded)));
    await page.goto(`${api.baseUrl}/regulations/${regulationId}`);
    const form = await openImportForm();
    await form.getByLabel('Tệp văn bản').setInputFiles(docx);
    await form.getByLabel('Ghi chú của bản dự thảo (không bắt buộc)').fill('Nhập từ văn bản đã ký (.docx)');
    await form.getByRole('button', { name: 'Xem trước' }).click();
    const preview = form.getByRole('region', { name: 'Cây nội dung đọc được' });
    await preview.waitFor();

    const expected = counts(seeded);
    const shown = async (kind: string) => Number(await preview.locator(`dd[data-kind="${kind}"]`).textContent());
    expect({ chapter: await shown('chapter'), article: await shown('article'), clause: await shown('clause'), point: await shown('point') }).toEqual(expected);
    expect(await shown('total')).toBe(expected.chapter + expected.article + expected.clause + expected.point);
    expect(await preview.locator('code').textContent()).toBe('docx');
    expect(await preview.getByText('4 đoạn trước chương, điều đầu tiên được bỏ qua').count()).toBe(1);
    const lines = (await preview.locator('.import-tree__line').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual(outline(seeded));
    await screenshot(page, 'import-preview');
    await atPhoneWidth('import-preview-390');
    const versions = await get<{ items: unknown[] }>(`/api/v1/regulations/${regulationId}/versions?limit=100`);
    expect(versions.items, 'a preview writes nothing').toHaveLength(versionsBefore);
  });

  it('creates the draft from it and opens the draft, whose text is the seeded one', async () => {
    const form = page.getByRole('form', { name: 'Nhập nội dung quy chế từ văn bản đã ký' });
    await form.getByRole('button', { name: 'Tạo bản dự thảo' }).click();
    const number = versionsBefore + 1;
    await page.waitForURL((url) => url.searchParams.get('version') === String(number));
    await page.getByText(`Bản số ${number} là bản dự thảo: các thay đổi chỉ có hiệu lực khi được ban hành.`).waitFor();
    const reader = page.getByRole('region', { name: 'Nội dung quy chế' });
    await reader.getByRole('heading', { level: 4 }).first().waitFor();
    const articles = (await reader.locator('.reader__text').getByRole('heading', { level: 4 }).allTextContents()).length;
    expect(articles).toBe(counts(seeded).article);

    const version = await get<{ status: string; note: string }>(`/api/v1/regulations/${regulationId}/versions/${number}`);
    expect(version).toMatchObject({ status: 'draft', note: 'Nhập từ văn bản đã ký (.docx)' });
    const draft = await get<{ chapters: TextProvision[] }>(`/api/v1/regulations/${regulationId}/versions/${number}/text?lang=vi`);
    expect(outline(draft.chapters)).toEqual(outline(seeded));
    // One draft at a time: the import is no longer offered, the draft is.
    expect(await reader.getByRole('button', { name: 'Nhập nội dung từ văn bản' }).count()).toBe(0);
    await screenshot(page, 'import-draft');
    await atPhoneWidth('import-draft-390');
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
