import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { visibleNavigation } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { AppShell } from './AppShell';
import { navigation } from './routes';

const mine = ['/dashboard', '/tasks', '/tasks/new', '/exports', '/audit', '/admin', '/registry'];

// What each role finds in the menu, among the entries of the access, task, export, audit, admin and registry features.
const expected: Record<string, string[]> = {
  admin: ['/dashboard', '/tasks', '/audit', '/admin', '/registry'],
  coordinator: ['/dashboard', '/tasks', '/tasks/new', '/exports'],
  officer: ['/dashboard', '/tasks', '/tasks/new'],
  viewer: ['/dashboard', '/tasks'],
  auditor: ['/dashboard', '/tasks', '/exports', '/audit'],
  registry_admin: ['/dashboard', '/tasks', '/registry'],
};

describe('the menu of each role', () => {
  afterEach(() => signOut());

  it.each(Object.entries(expected))('%s sees what the role may do', (role, paths) => {
    const visible = visibleNavigation(navigation, [role]).map((item) => item.to);
    expect(visible.filter((to) => mine.includes(to))).toEqual(paths);
    expect(visible).toContain('/regulations');
  });

  it('differs between every two roles', () => {
    const menus = Object.keys(expected).map((role) => visibleNavigation(navigation, [role]).map((i) => i.to).join(' '));
    expect(new Set(menus).size).toBe(menus.length);
  });

  it('shows who is signed in, and signs out', async () => {
    await signInAs(demoMe({ displayName: 'Nguyễn Văn An', roles: ['auditor'], clearance: 'confidential', agencyCode: 'MPS', unitCode: 'MPS-VP' }));
    mockApi({ 'GET /api/v1/notifications/unread-count': () => json({ unread: 3 }) });
    renderRoutes([{ element: <AppShell navigation={navigation} />, children: [{ path: '/', element: <p>page</p> }] }], '/');
    expect(await screen.findByRole('button', { name: 'Thông báo, 3 chưa đọc' })).toBeTruthy();

    const who = screen.getByLabelText('Người đang đăng nhập');
    expect(within(who).getByText('Nguyễn Văn An')).toBeTruthy();
    expect(who.textContent).toContain('MPS');
    expect(who.textContent).toContain('Kiểm toán');
    expect(who.textContent).toContain('Mật');
    const nav = screen.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(within(nav).getByRole('link', { name: 'Nhật ký kiểm toán' })).toBeTruthy();
    expect(within(nav).queryByRole('link', { name: 'Quản trị' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Đăng xuất' }));
    expect(getSession()).toMatchObject({ signedIn: false, ended: 'signed-out' });
  });
});
