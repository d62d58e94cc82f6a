import { vi } from 'vitest';
import { authenticate, signOut, type Me } from '@/lib/auth/session';
import { json } from './mockApi';

export const demoMe = (overrides: Partial<Me> = {}): Me => ({
  kind: 'user',
  id: '1',
  username: 'mps.coordinator',
  displayName: 'Điều phối viên Bộ Công an',
  agencyCode: 'MPS',
  unitCode: 'MPS-VP',
  roles: ['coordinator'],
  scopes: [],
  clearance: 'top-secret',
  ...overrides,
});

/** Signs a person in through the session module against a stubbed API, then restores the global fetch. */
export async function signInAs(me: Me = demoMe()): Promise<Me> {
  const original = globalThis.fetch;
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      return Promise.resolve(
        new URL(request.url, window.location.href).pathname === '/api/v1/auth/token'
          ? json({ accessToken: 'test-token', tokenType: 'Bearer', expiresIn: 1800, expiresAt: '2030-01-01T00:00:00Z' })
          : json(me),
      );
    }),
  );
  const result = await authenticate(me.username, 'password');
  vi.stubGlobal('fetch', original);
  if (!result.ok) throw new Error('signInAs failed');
  return me;
}

export { signOut };
