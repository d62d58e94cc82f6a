// Time for the dashboard to render in headless Chromium against the running API (issue 8): from navigation start to
// the counts being in the page, timed inside the page (a MutationObserver and performance.now(), whose origin is the
// navigation start). Playwright's own wait polls at growing intervals and saw the counts up to 500 ms late.
// First load (the API computes the dashboard), then warm loads (the API serves it cached).
// Usage (from web-client, where playwright-core is installed): node ../bench/dashboard-render.mjs http://127.0.0.1:PORT
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// playwright-core is installed in web-client (the working directory), not beside this file.
const { chromium } = createRequire(`${process.cwd()}/`)('playwright-core');

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const token = await fetch(`${base}/api/v1/auth/token`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'mps.coordinator', password: 'Demo@2021!' }),
}).then((r) => r.json()).then((b) => b.accessToken);

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
await context.addInitScript((t) => {
  sessionStorage.setItem('coordination.token', t);
  new MutationObserver((_, observer) => {
    if (document.querySelector('ul.kpis li')) {
      window.__countsShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}, token);
const timings = [];
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  await page.goto(`${base}/dashboard`);
  await page.locator('ul.kpis li').first().waitFor({ state: 'visible', timeout: 60_000 });
  timings.push(Math.round(await page.evaluate(() => window.__countsShownAt)));
  if (i === 0) await page.screenshot({ path: join(process.cwd(), '..', 'bench', 'results', 'dashboard-1m.png'), fullPage: false });
  await page.close();
}
await context.close();
const warm = timings.slice(1).sort((a, b) => a - b);
console.log(JSON.stringify({ firstLoadMs: timings[0], warmMedianMs: warm[Math.floor(warm.length / 2)] ?? null, runs: timings }));
