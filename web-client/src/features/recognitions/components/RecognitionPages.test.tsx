import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import type { Recognition } from '../api/recognitions';
import { RecognitionDetailPage } from './RecognitionDetailPage';
import { RecognitionListPage } from './RecognitionListPage';

const agencies = [
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications' },
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security' },
];

const medal: Recognition = {
  id: 12,
  awardVi: 'Kỷ niệm chương "Vì sự nghiệp Thông tin và Truyền thông"',
  awardEn: 'Commemorative medal "For the Cause of Information and Communications"',
  awardingAgencyCode: 'MIC',
  recipient: {
    kind: 'person',
    personId: 1,
    fullName: 'Tô Lâm',
    rankVi: 'Đại tướng',
    rankEn: 'General',
    positionVi: 'Bộ trưởng Bộ Công an',
    positionEn: 'Minister of Public Security',
    unitCode: 'MPS',
    unitNameVi: 'Bộ Công an',
    unitNameEn: 'Ministry of Public Security',
    agencyCode: 'MPS',
  },
  awardedOn: '2021-11-24',
  occasionVi: 'Lễ ký Quy chế phối hợp',
  occasionEn: 'Signing ceremony of the Coordination Regulation',
  regulationId: 1,
};

const routes = [
  { path: '/recognitions', element: <RecognitionListPage /> },
  { path: '/recognitions/:id', element: <RecognitionDetailPage /> },
];

describe('recognitions', () => {
  it('lists awards with the recipient, award, date and occasion, and filters through the API', async () => {
    const { requests } = mockApi({ 'GET /api/v1/recognitions': () => json({ items: [medal], nextCursor: null }), 'GET /api/v1/agencies': () => json(agencies) });
    const { router } = renderRoutes(routes, '/recognitions');
    const table = await screen.findByRole('table', { name: 'Khen thưởng, tặng kỷ niệm chương' });
    const row = within(table).getByRole('row', { name: /Tô Lâm/ });
    expect(row.textContent).toContain('Đại tướng');
    expect(row.textContent).toContain('Bộ trưởng Bộ Công an');
    expect(row.textContent).toContain('Kỷ niệm chương "Vì sự nghiệp Thông tin và Truyền thông"');
    expect(row.textContent).toContain('24/11/2021');
    expect(row.textContent).toContain('Lễ ký Quy chế phối hợp');
    expect(screen.getByText('1 lượt khen thưởng')).toBeTruthy();

    await screen.findAllByRole('option', { name: 'MIC · Bộ Thông tin và Truyền thông' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Cơ quan trao tặng' }), 'MIC');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Năm' }), '2021');
    await userEvent.click(screen.getByRole('button', { name: 'Lọc' }));
    expect(router.state.location.search).toBe('?awardingAgency=MIC&year=2021');
    await waitFor(() =>
      expect(requests.some((r) => r.url.includes('/api/v1/recognitions?awardingAgency=MIC&year=2021&limit=200'))).toBe(true),
    );

    const filtered = await screen.findByRole('table', { name: 'Khen thưởng, tặng kỷ niệm chương' });
    await userEvent.click(within(filtered).getByRole('link', { name: 'Chi tiết khen thưởng của Tô Lâm' }));
    expect(router.state.location.pathname).toBe('/recognitions/12');
  });

  it('shows one award in detail, in English too', async () => {
    mockApi({ 'GET /api/v1/recognitions/12': () => json(medal), 'GET /api/v1/agencies': () => json(agencies) });
    renderRoutes(routes, '/recognitions/12');
    expect(await screen.findByRole('heading', { level: 1, name: 'Tô Lâm' })).toBeTruthy();
    expect(await screen.findByText('Bộ Thông tin và Truyền thông (MIC)')).toBeTruthy();
    await (await import('@/config/i18n')).i18n.changeLanguage('en');
    expect(await screen.findByText('Commemorative medal "For the Cause of Information and Communications"', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText('General')).toBeTruthy();
  });
});
