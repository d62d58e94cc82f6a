import { describe, expect, it } from 'vitest';
import { mockApi, json } from '@/testing/mockApi';
import { api, createApiClient, setAccessToken } from './client';

const page = { items: [], nextCursor: null };

describe('api client', () => {
  it('calls the API on the same origin', async () => {
    const { requests } = mockApi({ 'GET /api/v1/regulations': () => json(page) });
    const { data } = await api.GET('/api/v1/regulations');
    expect(data).toEqual(page);
    expect(new URL(requests[0]!.url).origin).toBe(window.location.origin);
  });

  it('sends no Authorization header while no token is set', async () => {
    const { requests } = mockApi({ 'GET /api/v1/regulations': () => json(page) });
    await api.GET('/api/v1/regulations');
    expect(requests[0]!.headers.has('Authorization')).toBe(false);
  });

  it('sends the bearer token once one is set, and stops after it is cleared', async () => {
    const { requests } = mockApi({ 'GET /api/v1/regulations': () => json(page) });
    setAccessToken('token-123');
    await api.GET('/api/v1/regulations');
    setAccessToken(null);
    await api.GET('/api/v1/regulations');
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer token-123');
    expect(requests[1]!.headers.has('Authorization')).toBe(false);
  });

  it('applies the token to every client it creates', async () => {
    const seen: Request[] = [];
    const client = createApiClient({
      fetch: (request: Request) => {
        seen.push(request);
        return Promise.resolve(json(page));
      },
    });
    setAccessToken('other');
    await client.GET('/api/v1/regulations');
    expect(seen[0]!.headers.get('Authorization')).toBe('Bearer other');
  });
});
