import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

// Kept in memory only: a token in storage would outlive the tab and be readable by any injected script.
let accessToken: string | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export const authMiddleware: Middleware = {
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return request;
  },
};

export function createApiClient(options: ClientOptions = {}) {
  const client = createClient<paths>({
    // Same origin: the API serves the built SPA and every route under /api/v1.
    baseUrl: '',
    // Looked up on each call rather than captured once, so tests can stub the global fetch.
    fetch: (request: Request) => globalThis.fetch(request),
    ...options,
  });
  client.use(authMiddleware);
  return client;
}

export const api = createApiClient();
