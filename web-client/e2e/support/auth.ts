import type { BrowserContext } from 'playwright-core';
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
 * signed in; until the SPA has its sign-in screen, this is how a test acts as a signed-in user.
 */
export async function authorizeApiRequests(context: BrowserContext, token: string): Promise<void> {
  await context.route(
    (url) => url.pathname.startsWith('/api/'),
    (route) => route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
  );
}
