import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

// The token every request carries, set by lib/auth/session.ts, which keeps it in this tab's sessionStorage so that a
// reload stays signed in (and clears it on sign-out); this copy is what the middleware reads.
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

/** The Authorization header value for a request made outside the typed client (routes not in the document yet). */
export function authorizationHeader(): string | null {
  return accessToken ? `Bearer ${accessToken}` : null;
}
