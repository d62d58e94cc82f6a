import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, stopApi, type RunningApi } from './support/api';
import { authorizeApiRequests, signIn } from './support/auth';
import { launchBrowser, type Browser } from './support/browser';
import { openPage, screenshot } from './support/page';
import { screenshotsDir } from './support/paths';
import { assertSpaServed } from './support/spa';

let api: RunningApi;
let browser: Browser | undefined;
let page: Page;
let token: string;
const pageErrors: string[] = [];

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${api.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

interface Printed {
  controls: string[];
  header: string | null;
  linkSuffixes: string[];
  splittableRows: number;
  colours: string[];
}

// Run in the page (the tests are type-checked without the DOM's types, hence a string): what the print stylesheet
// leaves of the page, read from the live document with print media emulated.
const inspectPrint = `(() => {
  const shown = (element) => getComputedStyle(element).display !== 'none' && element.offsetParent !== null;
  const visible = (selector) => [...document.querySelectorAll(selector)].filter(shown).map((e) => e.outerHTML.slice(0, 80));
  const header = document.querySelector('.print-header');
  const colours = [...document.querySelectorAll('main *')]
    .filter(shown)
    .flatMap((e) => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.borderTopColor, s.borderLeftColor]; })
    .filter((c) => !['rgb(0, 0, 0)', 'rgba(0, 0, 0, 0)'].includes(c));
  return {
    controls: visible('nav, button, input, select, textarea, .button, .shell__header, .shell__footer'),
    header: header && shown(header) ? header.textContent : null,
    linkSuffixes: [...document.querySelectorAll('a[href]')]
      .map((a) => getComputedStyle(a, '::after').content)
      .filter((c) => c !== 'none' && c !== 'normal' && c !== '""'),
    splittableRows: [...document.querySelectorAll('tr')].filter(shown).filter((tr) => getComputedStyle(tr).breakInside !== 'avoid').length,
    colours: [...new Set(colours)],
  };
})()`;

/** Prints the page as Chromium does (A4, the stylesheet's @page), keeps the PDF, and pictures the print layout. */
async function printAndCheck(name: string, code: string) {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  const printed = await page.evaluate<Printed>(inspectPrint);
  expect(printed.controls, 'no navigation, buttons or inputs').toEqual([]);
  expect(printed.header).toContain(code);
  expect(printed.header).toMatch(/In ngày \d{2}\/\d{2}\/\d{4}$/);
  expect(printed.linkSuffixes, 'no link addresses printed').toEqual([]);
  expect(printed.splittableRows, 'table rows never split across pages').toBe(0);
  expect(printed.colours, 'black on white').toEqual([]);
  await screenshot(page, name);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  writeFileSync(join(screenshotsDir, `${name}.pdf`), pdf);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('printing the dashboard, a task and a review', () => {
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    api = await startApi();
    await assertSpaServed(api.baseUrl);
    token = await signIn('mps.coordinator');
    browser = await launchBrowser();
    await authorizeApiRequests(browser.context, token);
    page = await openPage(browser.context, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await stopApi();
  });

  it('prints the dashboard with the regulation’s code and the date', async () => {
    await page.goto(`${api.baseUrl}/dashboard`);
    await page.getByRole('heading', { level: 2, name: 'Tiến độ theo đơn vị chủ trì' }).waitFor();
    await printAndCheck('print-dashboard', 'QC2021');
  });

  it('prints a task with its code', async () => {
    const tasks = await get<{ items: { id: number; code: string }[] }>('/api/v1/tasks?limit=1');
    const task = tasks.items[0]!;
    await page.goto(`${api.baseUrl}/tasks/${task.id}`);
    await page.getByRole('heading', { level: 2, name: 'Lịch sử' }).waitFor();
    await page.locator('.history__entry').first().waitFor();
    await printAndCheck('print-task', task.code);
  });

  it('prints a review with the regulation’s code and the review', async () => {
    const reviews = await get<{ items: { id: number; periodYear: number; kind: string }[] }>('/api/v1/reviews?limit=100');
    const review = reviews.items.find((r) => r.kind === 'annual' && r.periodYear === 2023)!;
    await page.goto(`${api.baseUrl}/reviews/${review.id}`);
    await page.getByRole('heading', { level: 1, name: 'Đánh giá kết quả phối hợp năm 2023' }).waitFor();
    await page.locator('table.evaluation-grid tbody tr').first().waitFor();
    await printAndCheck('print-review', 'QC2021 · Đánh giá kết quả phối hợp năm 2023');
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
