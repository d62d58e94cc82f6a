import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '@/lib/api/client';
import { json, mockApi, problem } from '@/testing/mockApi';
import { demoMe } from '@/testing/session';
import { authenticate, getSession, restoreSession, signIn, signOut, tokenStorageKey, useSession } from './session';

const token = { accessToken: 'jwt-1', tokenType: 'Bearer', expiresIn: 1800, expiresAt: '2030-01-01T00:00:00Z' };

function authorizationOf(request: Request | undefined): string | null {
  return request?.headers.get('Authorization') ?? null;
}

describe('session', () => {
  beforeEach(() => {
    signOut();
    sessionStorage.clear();
  });

  afterEach(() => {
    signOut();
    sessionStorage.clear();
  });

  it('signs in: keeps the token in this tab only, sends it, and knows who is signed in', async () => {
    const me = demoMe({ roles: ['officer'], unitCode: 'MPS-A05', clearance: 'secret' });
    const { requests } = mockApi({ 'POST /api/v1/auth/token': () => json(token), 'GET /api/v1/auth/me': () => json(me) });

    const result = await authenticate('mps.officer', 'Demo@2021!');

    expect(result).toEqual({ ok: true, me });
    expect(sessionStorage.getItem(tokenStorageKey)).toBe('jwt-1');
    expect(localStorage.getItem(tokenStorageKey)).toBeNull();
    expect(getSession()).toMatchObject({ me, signedIn: true, restoring: false });
    expect(authorizationOf(requests[1])).toBe('Bearer jwt-1');
    expect(await requests[0]!.clone().json()).toEqual({ username: 'mps.officer', password: 'Demo@2021!' });
  });

  it('hands back the problem of a refused sign-in (lockout) and stays signed out', async () => {
    mockApi({
      'POST /api/v1/auth/token': () => problem(401, 'Sign-in failed.', 'The account is locked for 15 minutes after 5 failed sign-ins.'),
    });

    const result = await authenticate('mps.viewer', 'wrong');

    expect(result).toMatchObject({ ok: false, status: 401, problem: { title: 'Sign-in failed.', detail: 'The account is locked for 15 minutes after 5 failed sign-ins.' } });
    expect(getSession().signedIn).toBe(false);
    // A wrong password is not an expired session.
    expect(getSession().ended).toBeUndefined();
    expect(sessionStorage.getItem(tokenStorageKey)).toBeNull();
  });

  it('tells how long to wait when sign-in is rate limited and the problem does not say', async () => {
    mockApi({
      'POST /api/v1/auth/token': () =>
        new Response(JSON.stringify({ title: 'Too many requests.', status: 429 }), { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '42' } }),
    });
    const result = await authenticate('mps.viewer', 'x');
    expect(result).toMatchObject({ ok: false, status: 429, problem: { title: 'Too many requests.', detail: 'Retry-After: 42s' } });
    expect(await signIn('mps.viewer', 'x')).toBe('Retry-After: 42s');
  });

  it('signs out: forgets the token and stops sending it', async () => {
    mockApi({ 'POST /api/v1/auth/token': () => json(token), 'GET /api/v1/auth/me': () => json(demoMe()) });
    await authenticate('mps.coordinator', 'Demo@2021!');

    signOut('signed-out');

    expect(sessionStorage.getItem(tokenStorageKey)).toBeNull();
    expect(getSession()).toEqual({ me: null, signedIn: false, restoring: false, ended: 'signed-out' });
    const { requests } = mockApi({ 'GET /api/v1/regulations': () => json({ items: [] }) });
    await api.GET('/api/v1/regulations');
    expect(authorizationOf(requests[0])).toBeNull();
  });

  it('restores the tab’s session on load when the API still accepts the token', async () => {
    sessionStorage.setItem(tokenStorageKey, 'jwt-kept');
    const me = demoMe();
    const { requests } = mockApi({ 'GET /api/v1/auth/me': () => json(me) });

    await restoreSession();

    expect(getSession()).toMatchObject({ me, signedIn: true, restoring: false });
    expect(authorizationOf(requests[0])).toBe('Bearer jwt-kept');
  });

  it('drops a stored token the API no longer accepts', async () => {
    sessionStorage.setItem(tokenStorageKey, 'jwt-expired');
    mockApi({ 'GET /api/v1/auth/me': () => problem(401, 'Unauthorized') });

    await restoreSession();

    expect(getSession().signedIn).toBe(false);
    expect(sessionStorage.getItem(tokenStorageKey)).toBeNull();
  });

  it('does nothing on load without a stored token', async () => {
    const { requests } = mockApi({});
    await restoreSession();
    expect(requests).toHaveLength(0);
    expect(getSession().signedIn).toBe(false);
  });

  it('ends the session when any API call answers 401, and says it expired', async () => {
    mockApi({ 'POST /api/v1/auth/token': () => json(token), 'GET /api/v1/auth/me': () => json(demoMe()) });
    await authenticate('mps.coordinator', 'Demo@2021!');

    mockApi({ 'GET /api/v1/tasks': () => problem(401, 'Unauthorized') });
    await api.GET('/api/v1/tasks');

    expect(getSession()).toMatchObject({ signedIn: false, ended: 'expired' });
    expect(sessionStorage.getItem(tokenStorageKey)).toBeNull();
  });

  it('useSession re-renders on change and answers hasRole', async () => {
    const { result } = renderHook(() => useSession());
    expect(result.current.hasRole('admin')).toBe(false);

    mockApi({ 'POST /api/v1/auth/token': () => json(token), 'GET /api/v1/auth/me': () => json(demoMe({ roles: ['auditor', 'admin'] })) });
    await act(() => authenticate('mps.admin', 'Demo@2021!'));

    expect(result.current.me?.roles).toEqual(['auditor', 'admin']);
    expect(result.current.hasRole('admin')).toBe(true);
    expect(result.current.hasRole('coordinator', 'auditor')).toBe(true);
    expect(result.current.hasRole('officer')).toBe(false);
  });
});
