import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { AgenciesPage } from './AgenciesPage';
import { AgencyPage } from './AgencyPage';
import { PersonsPage } from './PersonsPage';

const agencies = [
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications', active: true },
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security', active: true },
];
const mod = { code: 'MOD', nameVi: 'Bộ Quốc phòng', nameEn: 'Ministry of National Defence', active: true };
const modTree = [
  {
    id: 10,
    code: 'MOD',
    nameVi: 'Bộ Quốc phòng',
    nameEn: 'Ministry of National Defence',
    tier: 'ministry',
    active: true,
    children: [{ id: 11, code: 'MOD-VP', nameVi: 'Văn phòng Bộ Quốc phòng', nameEn: 'Office', tier: 'department', active: true, children: [] }],
  },
];
const person = (key: string, agencyCode: string, fullName: string) => ({
  id: key.length,
  key,
  fullName,
  rankVi: '',
  rankEn: '',
  positionVi: 'Bộ trưởng',
  positionEn: 'Minister',
  agencyCode,
  unitCode: agencyCode,
  active: true,
});

const registrar = () => signInAs(demoMe({ username: 'mps.registry_admin', roles: ['registry_admin'], clearance: 'secret' }));

describe('the registry screens', () => {
  afterEach(() => signOut());

  it('adds an agency: the schema refuses a bad code before sending, a taken code comes back under the field, a retry keeps its key', async () => {
    await registrar();
    let posts = 0;
    const { requests } = mockApi({
      'GET /api/v1/agencies': () => json(agencies),
      'POST /api/v1/agencies': () => {
        posts += 1;
        if (posts === 1) return problem(409, 'The code or name is taken.', "Another agency has the code 'MPS'.", { errors: { code: ["Another agency has the code 'MPS'."] } });
        if (posts === 2) return problem(503, 'Service Unavailable', 'Try again.');
        return json(mod, 201);
      },
    });
    renderRoutes([{ path: '/registry', element: <AgenciesPage /> }], '/registry');
    await screen.findByText('Bộ Công an');
    await userEvent.click(screen.getByRole('button', { name: 'Thêm cơ quan' }));
    const form = screen.getByRole('region', { name: 'Cơ quan mới' });
    const code = within(form).getByLabelText('Mã cơ quan');
    await userEvent.type(code, 'mod');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo cơ quan' }));
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    expect(code.closest('.field')!.textContent).toContain('2–32 ký tự: chữ in hoa');
    expect(within(form).getByLabelText('Tên (tiếng Việt)').closest('.field')!.textContent).toContain('Không được để trống.');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.clear(code);
    await userEvent.type(code, 'MPS');
    await userEvent.type(within(form).getByLabelText('Tên (tiếng Việt)'), 'Bộ Quốc phòng');
    await userEvent.type(within(form).getByLabelText('Tên (tiếng Anh)'), 'Ministry of National Defence');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo cơ quan' }));
    await waitFor(() => expect(code.closest('.field')!.querySelector('.field__error')?.textContent).toBe("Another agency has the code 'MPS'."));

    await userEvent.clear(code);
    await userEvent.type(code, 'MOD');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo cơ quan' }));
    expect(await within(form).findByText('Try again.')).toBeTruthy();
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo cơ quan' }));
    expect(await screen.findByText('Đã thêm cơ quan MOD.')).toBeTruthy();

    const posted = requests.filter((r) => r.method === 'POST');
    expect(posted).toHaveLength(3);
    expect(await posted[2]!.clone().json()).toEqual({ code: 'MOD', nameVi: 'Bộ Quốc phòng', nameEn: 'Ministry of National Defence', active: true });
    const keys = posted.map((r) => r.headers.get('Idempotency-Key'));
    expect(keys.every(Boolean)).toBe(true);
    // Another body is another submission; the same body sent again after a failure is the same one.
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[2]).toBe(keys[1]);
  });

  it('retires an agency with the ETag it was read with, and says so when someone changed it meanwhile', async () => {
    await registrar();
    let puts = 0;
    const { requests } = mockApi({
      'GET /api/v1/agencies': () => json([...agencies, mod]),
      'GET /api/v1/agencies/MOD': () => new Response(JSON.stringify(mod), { headers: { 'Content-Type': 'application/json', ETag: '"v1"' } }),
      'PUT /api/v1/agencies/MOD': () => {
        puts += 1;
        return puts === 1 ? problem(412, 'Precondition Failed', 'The agency was changed.') : json({ ...mod, active: false });
      },
    });
    renderRoutes([{ path: '/registry', element: <AgenciesPage /> }], '/registry');
    await userEvent.click(await screen.findByRole('button', { name: 'Sửa cơ quan MOD' }));
    const form = await screen.findByRole('region', { name: 'Sửa cơ quan MOD' });
    expect(within(form).getByLabelText('Mã cơ quan').hasAttribute('readonly')).toBe(true);
    await userEvent.click(await within(form).findByLabelText('Đang hoạt động'));
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    expect(await within(form).findByText('Bản ghi đã được người khác thay đổi')).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"v1"');
    expect(await put.clone().json()).toEqual({ ...mod, active: false });
  });

  it('shows an agency’s unit tree by tier, adds a unit under the one chosen, and lets a registry admin give the agency its first admin', async () => {
    await registrar();
    const { requests } = mockApi({
      'GET /api/v1/agencies/MOD': () => new Response(JSON.stringify(mod), { headers: { 'Content-Type': 'application/json', ETag: '"v1"' } }),
      'GET /api/v1/agencies/MOD/units': () => json(modTree),
      'GET /api/v1/agencies/MOD/first-admin': () => problem(404, 'Not Found', 'MOD has no first admin given by a registry admin.'),
      'POST /api/v1/units': () => json({ id: 12, code: 'MOD-TCKG', agencyCode: 'MOD', parentCode: 'MOD', tier: 'department', nameVi: 'Bộ Tư lệnh 86', nameEn: 'Command 86', active: true }, 201),
      'POST /api/v1/agencies/MOD/first-admin': () =>
        json({ id: 40, username: 'mod.admin', displayName: 'Quản trị Bộ Quốc phòng', agencyCode: 'MOD', unitCode: 'MOD', clearance: 'secret', active: true }, 201),
    });
    renderRoutes([{ path: '/registry/agencies/:code', element: <AgencyPage /> }], '/registry/agencies/MOD');
    const office = (await screen.findByText('MOD-VP')).closest('li')!;
    expect(within(office).getByText('cấp Cục, Vụ')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Thêm đơn vị trực thuộc MOD' }));
    const form = screen.getByRole('region', { name: 'Đơn vị mới trực thuộc MOD' });
    await userEvent.type(within(form).getByLabelText('Mã đơn vị'), 'MOD-TCKG');
    await userEvent.type(within(form).getByLabelText('Tên (tiếng Việt)'), 'Bộ Tư lệnh 86');
    await userEvent.type(within(form).getByLabelText('Tên (tiếng Anh)'), 'Command 86');
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo đơn vị' }));
    expect(await screen.findByText('Đã thêm đơn vị MOD-TCKG.')).toBeTruthy();
    const unitPost = requests.find((r) => r.method === 'POST' && r.url.endsWith('/units'))!;
    expect(await unitPost.clone().json()).toEqual({ code: 'MOD-TCKG', agencyCode: 'MOD', parentCode: 'MOD', tier: 'department', nameVi: 'Bộ Tư lệnh 86', nameEn: 'Command 86', active: true });
    expect(unitPost.headers.get('Idempotency-Key')).toBeTruthy();

    const panel = await screen.findByRole('region', { name: 'Quản trị viên đầu tiên' });
    expect(within(panel).getByLabelText('Tên đăng nhập')).toHaveProperty('value', 'mod.admin');
    // A registry admin cleared secret grants no clearance above it.
    const clearances = within(within(panel).getByLabelText('Mức tiếp cận')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(clearances).toEqual(['unclassified', 'confidential', 'secret']);
    await userEvent.type(within(panel).getByLabelText('Họ và tên'), 'Quản trị Bộ Quốc phòng');
    await userEvent.selectOptions(within(panel).getByLabelText('Mức tiếp cận'), 'secret');
    await userEvent.type(within(panel).getByLabelText('Mật khẩu'), 'Defence-Ministry-1');
    await userEvent.click(within(panel).getByRole('button', { name: 'Tạo quản trị viên đầu tiên' }));
    expect(await within(panel).findByText(/Đã tạo tài khoản mod\.admin/)).toBeTruthy();
    const adminPost = requests.find((r) => r.method === 'POST' && r.url.endsWith('/first-admin'))!;
    expect(await adminPost.clone().json()).toEqual({ username: 'mod.admin', displayName: 'Quản trị Bộ Quốc phòng', unitCode: 'MOD', clearance: 'secret', password: 'Defence-Ministry-1' });
  });

  it('shows an admin of another agency the tree read-only, without the first-admin panel', async () => {
    await signInAs(demoMe({ username: 'mic.admin', agencyCode: 'MIC', roles: ['admin'], clearance: 'secret' }));
    const { requests } = mockApi({
      'GET /api/v1/agencies/MOD': () => json(mod),
      'GET /api/v1/agencies/MOD/units': () => json(modTree),
    });
    renderRoutes([{ path: '/registry/agencies/:code', element: <AgencyPage /> }], '/registry/agencies/MOD');
    await screen.findByText('MOD-VP');
    expect(screen.getByText(/Bạn chỉ xem/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Thêm đơn vị/ })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Quản trị viên đầu tiên' })).toBeNull();
    expect(requests.some((r) => r.url.includes('first-admin'))).toBe(false);
  });

  it('pages through persons with the cursor, filters by the address, and offers an admin to edit only their agency’s persons', async () => {
    await signInAs(demoMe({ username: 'mic.admin', agencyCode: 'MIC', roles: ['admin'], clearance: 'secret' }));
    const { requests } = mockApi({
      'GET /api/v1/agencies': () => json(agencies),
      'GET /api/v1/persons': (request) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return cursor === 'page-2'
          ? json({ items: [person('nguyen-manh-hung', 'MIC', 'Nguyễn Mạnh Hùng')], nextCursor: null })
          : json({ items: [person('to-lam', 'MPS', 'Tô Lâm')], nextCursor: 'page-2' });
      },
      'GET /api/v1/persons/nguyen-manh-hung': () =>
        new Response(JSON.stringify(person('nguyen-manh-hung', 'MIC', 'Nguyễn Mạnh Hùng')), { headers: { 'Content-Type': 'application/json', ETag: '"p7"' } }),
      'PUT /api/v1/persons/nguyen-manh-hung': async (request) => json({ ...person('nguyen-manh-hung', 'MIC', 'Nguyễn Mạnh Hùng'), ...((await request.clone().json()) as object) }),
    });
    renderRoutes([{ path: '/registry/persons', element: <PersonsPage /> }], '/registry/persons?q=lam&active=true');
    const first = (await screen.findByText('Tô Lâm')).closest('tr')!;
    expect(within(first).queryByRole('button', { name: /Sửa/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    const second = (await screen.findByText('Nguyễn Mạnh Hùng')).closest('tr')!;
    expect(within(second).getByRole('button', { name: 'Sửa thông tin Nguyễn Mạnh Hùng' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();

    const urls = requests.filter((r) => r.url.includes('/api/v1/persons')).map((r) => new URL(r.url).searchParams);
    expect(urls[0]!.get('q')).toBe('lam');
    expect(urls[0]!.get('active')).toBe('true');
    expect(urls[0]!.has('cursor')).toBe(false);
    expect(urls[1]!.get('cursor')).toBe('page-2');

    // An edit sends back what was read, the unit included (its option may arrive after the form), with the ETag.
    await userEvent.click(within(second).getByRole('button', { name: 'Sửa thông tin Nguyễn Mạnh Hùng' }));
    const edit = await screen.findByRole('region', { name: 'Sửa thông tin Nguyễn Mạnh Hùng' });
    await userEvent.type(await within(edit).findByLabelText('Cấp bậc, chức danh (tiếng Việt)'), 'Thượng tướng');
    await userEvent.click(within(edit).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã lưu Nguyễn Mạnh Hùng.')).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"p7"');
    expect(await put.clone().json()).toEqual({
      id: 16,
      key: 'nguyen-manh-hung',
      fullName: 'Nguyễn Mạnh Hùng',
      rankVi: 'Thượng tướng',
      positionVi: 'Bộ trưởng',
      positionEn: 'Minister',
      agencyCode: 'MIC',
      unitCode: 'MIC',
      active: true,
    });

    // An admin adds persons to their own agency only.
    await userEvent.click(screen.getByRole('button', { name: 'Thêm người' }));
    const form = screen.getByRole('region', { name: 'Người mới' });
    const options = within(within(form).getByLabelText('Cơ quan')).getAllByRole('option').map((o) => o.getAttribute('value'));
    expect(options).toEqual(['MIC']);
  });
});
