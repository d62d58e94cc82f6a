import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { AdminPage } from './AdminPage';

const users = [
  { id: 1, username: 'mps.admin', displayName: 'Quản trị Bộ Công an', agencyCode: 'MPS', unitCode: 'MPS-VP', roles: ['admin'], clearance: 'secret', active: true, failedSignIns: 0, email: 'mps.admin@demo.mps.gov.vn', language: 'vi' },
  { id: 2, username: 'mps.viewer', displayName: 'Người xem', agencyCode: 'MPS', unitCode: 'MPS-VP', roles: ['viewer'], clearance: 'unclassified', active: true, failedSignIns: 5, lockedUntil: '2099-01-01T00:00:00Z', email: null, language: 'en' },
];
const units = [{ id: 1, code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'MPS', tier: 'ministry', children: [{ id: 2, code: 'MPS-VP', nameVi: 'Văn phòng', nameEn: 'Office', tier: 'department', children: [] }] }];
const client = { id: '0b7c', name: 'Hệ thống A', agencyCode: 'MPS', scopes: ['tasks:read'], clearance: 'confidential', keyPrefix: 'cak_ab12', createdAt: '2024-01-01T00:00:00Z', createdBy: 'mps.admin' };

describe('administration', () => {
  beforeEach(async () => {
    await signInAs(demoMe({ username: 'mps.admin', roles: ['admin'], clearance: 'secret' }));
  });
  afterEach(() => signOut());

  it('creates a user, showing the API’s field errors and a taken username next to the fields', async () => {
    let calls = 0;
    const { requests } = mockApi({
      'GET /api/v1/admin/users': () => json({ items: users, nextCursor: null }),
      'GET /api/v1/agencies/MPS/units': () => json(units),
      'POST /api/v1/admin/users': () => {
        calls += 1;
        if (calls === 1) {
          return problem(400, 'One or more validation errors occurred.', undefined, { errors: { password: ["'Password' must be at least 10 characters."], username: ['Use 3–50 lower-case letters, digits, dots, dashes or underscores.'] } });
        }
        return calls === 2
          ? problem(409, 'The username is taken.', "A user named 'mps.viewer' already exists.")
          : problem(409, 'The name is taken.', "'Người xem' is taken.", { errors: { displayName: ["'Người xem' is taken."] } });
      },
    });
    renderRoutes([{ path: '/admin', element: <AdminPage /> }], '/admin');
    const viewerRow = (await screen.findByText('mps.viewer')).closest('tr')!;
    expect(within(viewerRow).getByText(/Bị khóa đến/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Thêm người dùng' }));
    const form = screen.getByRole('form', { name: 'Người dùng mới' });
    await userEvent.type(within(form).getByLabelText('Tên đăng nhập'), 'Bad Name');
    await userEvent.type(within(form).getByLabelText('Mật khẩu'), 'short');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo người dùng' }));

    // The schema's bounds are the API's: refused here, nothing sent.
    const username = within(form).getByLabelText('Tên đăng nhập');
    const password = within(form).getByLabelText('Mật khẩu');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(password.closest('.field')!.querySelector('.field__error')!.textContent).toBe('Ít nhất 10 ký tự.');
    expect(username.closest('.field')!.textContent).toContain('3–50 ký tự: chữ thường, chữ số, dấu chấm, gạch ngang, gạch dưới.');
    expect(within(form).getByLabelText('Họ và tên').closest('.field')!.textContent).toContain('Không được để trống.');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    // What only the API knows comes back under the same fields.
    await userEvent.clear(username);
    await userEvent.type(username, 'mps.new');
    await userEvent.type(within(form).getByLabelText('Họ và tên'), 'Người mới');
    await userEvent.clear(password);
    await userEvent.type(password, 'long-enough-2024');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo người dùng' }));
    expect(await within(form).findByText("'Password' must be at least 10 characters.")).toBeTruthy();
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(username.getAttribute('aria-invalid')).toBe('true');
    expect(await requests.find((r) => r.method === 'POST')!.clone().json()).toEqual({
      username: 'mps.new',
      displayName: 'Người mới',
      roles: ['viewer'],
      clearance: 'unclassified',
      password: 'long-enough-2024',
    });

    await userEvent.click(within(form).getByRole('button', { name: 'Tạo người dùng' }));
    expect(await within(form).findByText("A user named 'mps.viewer' already exists.")).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2);

    // A 409 that names its field (a display name taken) is shown under that field, not under the username.
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo người dùng' }));
    const displayName = within(form).getByLabelText('Họ và tên');
    await waitFor(() => expect(displayName.getAttribute('aria-invalid')).toBe('true'));
    expect(displayName.closest('.field')!.textContent).toContain("'Người xem' is taken.");
    expect(username.getAttribute('aria-invalid')).not.toBe('true');
    expect(within(form).getAllByText("'Người xem' is taken.")).toHaveLength(1);
  });

  it('edits a user with the ETag just read in If-Match', async () => {
    const { requests } = mockApi({
      'GET /api/v1/admin/users': () => json({ items: users, nextCursor: null }),
      'GET /api/v1/agencies/MPS/units': () => json(units),
      'GET /api/v1/admin/users/2': () => new Response(JSON.stringify(users[1]), { headers: { 'Content-Type': 'application/json', ETag: '"9"' } }),
      'PUT /api/v1/admin/users/2': () => json({ ...users[1], lockedUntil: null, failedSignIns: 0 }),
    });
    renderRoutes([{ path: '/admin', element: <AdminPage /> }], '/admin');
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa người dùng mps.viewer' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: /Mở khóa/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByRole('button', { name: 'Thêm người dùng' });
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"9"');
    expect(await put.clone().json()).toMatchObject({ roles: ['viewer'], clearance: 'unclassified', active: true, unlock: true });
  });

  it('lists every user, following nextCursor page after page', async () => {
    const { requests } = mockApi({
      'GET /api/v1/admin/users': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'u2' ? json({ items: [users[1]], nextCursor: null }) : json({ items: [users[0]], nextCursor: 'u2' }),
      'GET /api/v1/agencies/MPS/units': () => json(units),
    });
    renderRoutes([{ path: '/admin', element: <AdminPage /> }], '/admin');
    expect(await screen.findByText('mps.viewer')).toBeTruthy();
    expect(screen.getByText('mps.admin')).toBeTruthy();
    const userReads = requests.filter((r) => new URL(r.url).pathname === '/api/v1/admin/users');
    expect(userReads.map((r) => new URL(r.url).searchParams.get('limit'))).toEqual(['200', '200']);
  });

  it('lists every API client, following nextCursor', async () => {
    mockApi({
      'GET /api/v1/admin/api-clients': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [{ ...client, id: 'second', keyPrefix: 'cak_cd34' }], nextCursor: null })
          : json({ items: [client], nextCursor: 'c2' }),
    });
    renderRoutes([{ path: '/admin', element: <AdminPage /> }], '/admin?tab=clients');
    expect(await screen.findByText('cak_cd34…')).toBeTruthy();
    expect(screen.getByText('cak_ab12…')).toBeTruthy();
  });

  it('shows a new API key once, with a warning, and lists clients by prefix only', async () => {
    mockApi({
      'GET /api/v1/admin/api-clients': () => json({ items: [client], nextCursor: null }),
      'POST /api/v1/admin/api-clients': () => json({ client: { ...client, id: 'new', name: 'Hệ thống B' }, apiKey: 'cak_secret_value_123' }, 201),
    });
    renderRoutes([{ path: '/admin', element: <AdminPage /> }], '/admin?tab=clients');
    expect(await screen.findByText('cak_ab12…')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Tạo khóa API' }));
    await userEvent.type(screen.getByLabelText('Tên hệ thống'), 'Hệ thống B');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo khóa' }));

    const box = await screen.findByRole('alert');
    expect(within(box).getByText(/sẽ không bao giờ được hiển thị lại/)).toBeTruthy();
    expect(within(box).getByLabelText<HTMLInputElement>('Khóa API').value).toBe('cak_secret_value_123');
    await userEvent.click(within(box).getByRole('button', { name: 'Tôi đã cất giữ khóa' }));
    expect(screen.queryByDisplayValue('cak_secret_value_123')).toBeNull();
  });
});
