import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { RequireSession } from '@/lib/auth/RequireSession';
import { signOut } from '@/lib/auth/session';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe } from '@/testing/session';
import { SignInPage } from './SignInPage';

const routes = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/tasks/:id',
    element: (
      <RequireSession>
        <p>task page</p>
      </RequireSession>
    ),
  },
];

describe('sign-in page', () => {
  afterEach(() => {
    signOut();
    sessionStorage.clear();
  });

  it('sends someone not signed in to the sign-in page, and back where they were going after', async () => {
    mockApi({
      'POST /api/v1/auth/token': () => json({ accessToken: 't', tokenType: 'Bearer', expiresIn: 1800, expiresAt: '2030-01-01T00:00:00Z' }),
      'GET /api/v1/auth/me': () => json(demoMe()),
    });
    const { router } = renderRoutes(routes, '/tasks/7?tab=history');
    expect(await screen.findByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Ftasks%2F7%3Ftab%3Dhistory');

    await userEvent.type(screen.getByLabelText('Tên đăng nhập'), 'mps.coordinator');
    await userEvent.type(screen.getByLabelText('Mật khẩu'), 'Demo@2021!');
    await userEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));

    expect(await screen.findByText('task page')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/tasks/7');
    expect(router.state.location.search).toBe('?tab=history');
  });

  it('shows the API’s problem when sign-in is refused', async () => {
    mockApi({ 'POST /api/v1/auth/token': () => problem(401, 'Sign-in failed.', 'The account is locked until 2030-01-01 00:15:00Z after repeated failed sign-ins.') });
    renderRoutes(routes, '/sign-in');
    await userEvent.type(screen.getByLabelText('Tên đăng nhập'), 'mps.viewer');
    await userEvent.type(screen.getByLabelText('Mật khẩu'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed.');
    expect(alert.textContent).toContain('The account is locked until');
    expect(screen.getByLabelText<HTMLInputElement>('Mật khẩu').value).toBe('');
  });

  it('asks for both fields before calling the API', async () => {
    const { requests } = mockApi({});
    renderRoutes(routes, '/sign-in');
    await userEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Nhập tên đăng nhập và mật khẩu.');
    expect(requests).toHaveLength(0);
  });
});
