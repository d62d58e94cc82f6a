import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { regulationDetail, regulationPage } from '@/testing/fixtures';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { RegulationDetailPage } from './RegulationDetailPage';
import { RegulationListPage } from './RegulationListPage';

const routes = [
  { path: '/regulations', element: <RegulationListPage /> },
  { path: '/regulations/:id', element: <RegulationDetailPage /> },
];

const agencies = [
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security' },
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications' },
];

describe('regulation list', () => {
  it('lists regulations with their parties named, and links to each', async () => {
    mockApi({ 'GET /api/v1/regulations': () => json(regulationPage), 'GET /api/v1/agencies': () => json(agencies) });
    renderRoutes(routes, '/regulations');
    expect(screen.getByRole('heading', { level: 1, name: 'Quy chế phối hợp' })).toBeTruthy();
    const link = await screen.findByRole('link', { name: regulationDetail.titleVi });
    expect(link.getAttribute('href')).toBe('/regulations/1');
    const item = link.closest('li')!;
    expect(within(item).getByText('QC2021')).toBeTruthy();
    expect(within(item).getByText('Đang có hiệu lực')).toBeTruthy();
    expect(await within(item).findByText('Bộ Công an · Bộ Thông tin và Truyền thông')).toBeTruthy();
  });

  it('loads the next page through the cursor', async () => {
    const second = { ...regulationPage.items[0]!, id: 2, code: 'QC2024', titleVi: 'Quy chế thứ hai' };
    const { requests } = mockApi({
      'GET /api/v1/regulations': (request) =>
        new URL(request.url).searchParams.get('cursor') === 'next'
          ? json({ items: [second], nextCursor: null })
          : json({ ...regulationPage, nextCursor: 'next' }),
      'GET /api/v1/agencies': () => json(agencies),
    });
    renderRoutes(routes, '/regulations');
    await userEvent.click(await screen.findByRole('button', { name: 'Xem thêm' }));
    expect(await screen.findByRole('link', { name: 'Quy chế thứ hai' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
    expect(requests.some((r) => r.url.endsWith('/api/v1/regulations?cursor=next'))).toBe(true);
  });

  it("shows the problem's title and detail when the API refuses", async () => {
    mockApi({ 'GET /api/v1/regulations': () => problem(403, 'Forbidden', 'Your agency is not a party.') });
    renderRoutes(routes, '/regulations');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Forbidden');
    expect(alert.textContent).toContain('Your agency is not a party.');
    expect(alert.textContent).toContain('00-abc-def-00');
  });
});

const version = { id: 1, regulationId: 1, number: 1, status: 'published', effectiveFrom: '2021-11-24', createdAt: '2021-11-24T00:00:00Z', inForce: true };
const text = { regulationId: 1, version, lang: 'both', chapters: regulationDetail.chapters };
const coverage = { regulationId: 1, versionNumber: 1, articles: 2, citedArticles: 1, uncited: [] };
const readerApi = {
  'GET /api/v1/regulations/1': () => json(regulationDetail),
  'GET /api/v1/regulations/1/text': () => json(text),
  'GET /api/v1/regulations/1/versions': () => json({ items: [version], nextCursor: null }),
  'GET /api/v1/regulations/1/versions/1/coverage': () => json(coverage),
};

describe('regulation detail', () => {
  it('shows the regulation: facts, parties, signatories, review policy and text', async () => {
    mockApi(readerApi);
    renderRoutes(routes, '/regulations/1');
    expect(await screen.findByRole('heading', { level: 1, name: regulationDetail.titleVi })).toBeTruthy();
    const signedOn = document.querySelector('dd time[datetime="2021-11-24"]');
    expect(signedOn?.textContent).toBe('24/11/2021');
    expect(screen.getByText('Hà Nội')).toBeTruthy();
    expect(screen.getByText('Văn phòng Bộ Công an')).toBeTruthy();
    const signatories = screen.getByRole('table');
    expect(within(signatories).getByRole('rowheader', { name: 'Tô Lâm' })).toBeTruthy();
    expect(within(signatories).getByText('Đại tướng')).toBeTruthy();
    expect(screen.getByText('Hằng năm, các bên luân phiên chủ trì')).toBeTruthy();
    expect(screen.getByText('Sau 5 năm thực hiện')).toBeTruthy();
    const region = screen.getByRole('region', { name: 'Nội dung quy chế' });
    expect(await within(region).findAllByRole('heading', { level: 3 })).toHaveLength(3);
  });

  it('shows the problem document of a missing regulation', async () => {
    mockApi({ 'GET /api/v1/regulations/99': () => problem(404, 'Not Found', 'Regulation 99 does not exist.') });
    renderRoutes(routes, '/regulations/99');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not Found');
    expect(alert.textContent).toContain('Regulation 99 does not exist.');
  });

  it('does not call the API for an id that cannot exist', async () => {
    const { fetchMock } = mockApi({});
    renderRoutes(routes, '/regulations/abc');
    expect((await screen.findByRole('alert')).textContent).toContain('Không có quy chế này');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('retrying', () => {
  it('offers a retry after a server failure, and succeeds with it', async () => {
    let calls = 0;
    mockApi({
      ...readerApi,
      'GET /api/v1/regulations/1': () => (++calls === 1 ? problem(503, 'Service Unavailable') : json(regulationDetail)),
    });
    renderRoutes(routes, '/regulations/1');
    await userEvent.click(await screen.findByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByRole('heading', { level: 1, name: regulationDetail.titleVi })).toBeTruthy();
  });

  it('offers no retry for an answer that would not change', async () => {
    mockApi({ 'GET /api/v1/regulations/99': () => problem(404, 'Not Found') });
    renderRoutes(routes, '/regulations/99');
    await screen.findByRole('alert');
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
  });
});
