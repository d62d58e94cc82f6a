import { vi } from 'vitest';

type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  return json({ type: `https://tools.ietf.org/html/rfc9110#status-${status}`, title, status, detail, traceId: '00-abc-def-00', ...extra }, status, 'application/problem+json');
}

/**
 * Stubs the global fetch with handlers keyed by "METHOD /path" (query string ignored) and records
 * every request; anything unmatched answers 404 as a problem document, like the API would.
 */
export function mockApi(handlers: Record<string, Handler>) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    const { pathname } = new URL(request.url, window.location.href);
    const handler = handlers[`${request.method} ${pathname}`];
    return handler ? handler(request) : problem(404, 'Not Found', `No mock for ${request.method} ${pathname}`);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requests, fetchMock };
}
