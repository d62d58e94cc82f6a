import type { BrowserContext, Page } from 'playwright-core';
import { apiBaseUrl } from './api';

/** The demo users seeded with the demo data: `<agency>.<role>`, e.g. mps.viewer, mic.coordinator. */
export const demoPassword = process.env.E2E_DEMO_PASSWORD ?? 'Demo@2021!';

/** Signs a demo user in through the API and returns the bearer token. */
export async function signIn(username = 'mps.viewer', password = demoPassword): Promise<string> {
  const response = await fetch(`${apiBaseUrl()}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json().catch(() => null)) as { accessToken?: string; title?: string; detail?: string } | null;
  if (!response.ok || !body?.accessToken) {
    throw new Error(`Signing in as ${username} failed: HTTP ${response.status} ${body?.title ?? ''} ${body?.detail ?? ''}`.trim());
  }
  return body.accessToken;
}

/**
 * Sends the token with every API request the page makes, as the SPA's client does once a user has
 * signed in, and leaves it where the SPA keeps a tab's session (sessionStorage), so that the SPA
 * restores that session instead of showing its sign-in page. Tests of the sign-in itself use
 * {@link signInThroughUi}.
 */
export async function authorizeApiRequests(context: BrowserContext, token: string): Promise<void> {
  // about:blank and other opaque origins have no storage, hence the try.
  await context.addInitScript({
    content: `try { if (!sessionStorage.getItem('coordination.token')) sessionStorage.setItem('coordination.token', ${JSON.stringify(token)}); } catch {}`,
  });
  await context.route(
    (url) => url.pathname.startsWith('/api/'),
    (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
  );
}

/**
 * Signs a user in the way a person does: the SPA's sign-in page, then waits until the app has left it
 * (for the page it was sent from, or the dashboard).
 */
export async function signInThroughUi(page: Page, baseUrl: string, username: string, password = demoPassword): Promise<void> {
  // A guarded page sends the visitor to the sign-in page once the app has started: wait for that before going there.
  await page.waitForURL((url) => url.pathname.startsWith('/sign-in'), { timeout: 20_000 }).catch(() => page.goto(`${baseUrl}/sign-in`));
  await page.getByLabel(/^(Tên đăng nhập|Username)$/).fill(username);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  await page.getByRole('button', { name: /^(Đăng xuất|Sign out)$/ }).waitFor();
}
