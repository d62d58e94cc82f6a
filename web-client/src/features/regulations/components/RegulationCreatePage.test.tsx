import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { RegulationCreatePage } from './RegulationCreatePage';

const agencies = [
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications', active: true },
  { code: 'MOD', nameVi: 'Bộ Quốc phòng', nameEn: 'Ministry of National Defence', active: true },
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security', active: true },
];
const tree = (agency: string) => [
  {
    id: agency.length,
    code: agency,
    nameVi: `Bộ ${agency}`,
    nameEn: agency,
    tier: 'ministry',
    active: true,
    children: [{ id: 100 + agency.length, code: `${agency}-VP`, nameVi: `Văn phòng ${agency}`, nameEn: 'Office', tier: 'department', active: true, children: [] }],
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
const persons: Record<string, unknown[]> = { MOD: [person('phan-van-giang', 'MOD', 'Phan Văn Giang')], MPS: [person('to-lam', 'MPS', 'Tô Lâm')] };

describe('the new regulation screen', () => {
  afterEach(() => signOut());

  it('sends the regulation once filled, shows each field error under its input, keeps its key on a retry, then opens the regulation', async () => {
    await signInAs(demoMe({ username: 'mod.admin', agencyCode: 'MOD', unitCode: 'MOD-VP', roles: ['admin', 'coordinator'] }));
    let posts = 0;
    const { requests } = mockApi({
      'GET /api/v1/agencies': () => json(agencies),
      'GET /api/v1/agencies/MOD/units': () => json(tree('MOD')),
      'GET /api/v1/agencies/MPS/units': () => json(tree('MPS')),
      'GET /api/v1/persons': (request) => json({ items: persons[new URL(request.url).searchParams.get('agency') ?? ''] ?? [], nextCursor: null }),
      'POST /api/v1/regulations': () => {
        posts += 1;
        if (posts === 1)
          return problem(400, 'One or more validation errors occurred.', undefined, {
            errors: { 'parties[1].standingUnitCode': ['Not a unit of MPS.'], 'signatories[0]': ['Not a person of a party.'], 'reviewPolicy.reviewMonth': ['Month 1–12.'] },
          });
        if (posts === 2) return problem(503, 'Service Unavailable', 'Try again.');
        return json({ id: 42 }, 201);
      },
    });
    const { router } = renderRoutes(
      [
        { path: '/regulations/new', element: <RegulationCreatePage /> },
        { path: '/regulations/:id', element: <p>opened</p> },
      ],
      '/regulations/new',
    );
    const form = await screen.findByRole('form', { name: 'Quy chế mới' });
    // Nothing sent while the form is incomplete: the schema's messages sit under the inputs.
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo quy chế' }));
    await waitFor(() => expect(within(form).getByLabelText('Số hiệu').getAttribute('aria-invalid')).toBe('true'));
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await userEvent.type(within(form).getByLabelText('Số hiệu'), 'QC-BQP-BCA-2026');
    await userEvent.type(within(form).getByLabelText('Ngày ký'), '2026-01-15');
    await userEvent.type(within(form).getByLabelText('Nơi ký'), 'Hà Nội');
    await userEvent.type(within(form).getByLabelText('Tên quy chế (tiếng Việt)'), 'Quy chế phối hợp');
    await userEvent.type(within(form).getByLabelText('Tên quy chế (tiếng Anh)'), 'Coordination regulation');
    await within(form).findByRole('option', { name: /^MOD-VP/ });
    await userEvent.selectOptions(within(form).getByLabelText('Cơ quan thường trực (bên 1)'), 'MOD-VP');
    await userEvent.selectOptions(within(form).getByLabelText('Cơ quan (bên 2)'), 'MPS');
    await within(form).findByRole('option', { name: /^MPS-VP/ });
    await userEvent.selectOptions(within(form).getByLabelText('Cơ quan thường trực (bên 2)'), 'MPS-VP');
    await userEvent.click(await within(form).findByLabelText(/^Phan Văn Giang/));
    await userEvent.click(await within(form).findByLabelText(/^Tô Lâm/));
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo quy chế' }));

    // The API's field errors: each under its own input (the second party's unit, the first signatory ticked).
    await waitFor(() => expect(within(form).getByLabelText('Cơ quan thường trực (bên 2)').closest('.field')!.textContent).toContain('Not a unit of MPS.'));
    expect(within(form).getByLabelText('Cơ quan thường trực (bên 1)').closest('.field')!.textContent).not.toContain('Not a unit');
    expect(form.querySelector('li[data-person="phan-van-giang"]')!.textContent).toContain('Not a person of a party.');
    expect(form.querySelector('li[data-person="to-lam"]')!.textContent).not.toContain('Not a person');
    expect(within(form).getByLabelText('Tháng tổ chức').closest('.field')!.textContent).toContain('Month 1–12.');

    await userEvent.click(within(form).getByRole('button', { name: 'Tạo quy chế' }));
    expect(await within(form).findByText('Try again.')).toBeTruthy();
    await userEvent.click(within(form).getByRole('button', { name: 'Tạo quy chế' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/regulations/42'));

    const sent = requests.filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(3);
    const keys = sent.map((r) => r.headers.get('Idempotency-Key'));
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[2]).toBe(keys[1]);
    expect(await sent[2]!.json()).toEqual({
      code: 'QC-BQP-BCA-2026',
      titleVi: 'Quy chế phối hợp',
      titleEn: 'Coordination regulation',
      signedOn: '2026-01-15',
      signedAt: 'Hà Nội',
      status: 'in_force',
      parties: [
        { agencyCode: 'MOD', standingUnitCode: 'MOD-VP' },
        { agencyCode: 'MPS', standingUnitCode: 'MPS-VP' },
      ],
      signatories: ['phan-van-giang', 'to-lam'],
      reviewPolicy: { annualRotating: true, firstHostAgencyCode: 'MOD', reviewMonth: 12, preliminaryAfterYears: 5, note: null },
    });
  });
});
