import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { SearchPage } from './SearchPage';

const hits = {
  items: [
    {
      kind: 'provision',
      entityId: 14,
      regulationId: 1,
      versionId: 1,
      versionNumber: 1,
      aknId: 'chp_2__art_4__para_1',
      headingVi: null,
      headingEn: null,
      snippet: 'Phối hợp <mark>bảo vệ an ninh</mark> mạng &amp; <mark>an</mark> toàn…',
      score: 10,
    },
    {
      kind: 'task',
      entityId: 8,
      regulationId: 1,
      versionId: null,
      versionNumber: null,
      aknId: null,
      taskCode: 'QC2021-T08',
      headingVi: 'Giám sát tấn công mạng',
      headingEn: 'Monitoring cyberattacks',
      snippet: 'Phòng <mark>Bảo vệ an ninh</mark> mạng',
      score: 9,
    },
  ],
  nextCursor: null,
};

const regulations = {
  items: [{ id: 1, code: 'QC2021', titleVi: 'Quy chế', titleEn: 'Regulation', signedOn: '2021-11-24', status: 'in_force', parties: ['MPS', 'MIC'] }],
  nextCursor: null,
};

const routes = [{ path: '/search', element: <SearchPage /> }];

describe('search', () => {
  it('searches for the words typed and shows the hits highlighted, each linking to where it was found', async () => {
    const { requests } = mockApi({ 'GET /api/v1/search': () => json(hits), 'GET /api/v1/regulations': () => json(regulations) });
    const { router } = renderRoutes(routes, '/search');
    expect(screen.getByText('Nhập một hoặc nhiều từ; kết quả chứa đủ mọi từ đã nhập.')).toBeTruthy();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Từ cần tìm' }), 'bao ve an ninh');
    await userEvent.click(screen.getByRole('button', { name: 'Tìm' }));
    expect(router.state.location.search).toBe('?q=bao+ve+an+ninh');

    const results = await screen.findByRole('region', { name: 'Kết quả tìm kiếm' });
    expect(within(results).getByRole('status').textContent).toBe('2 kết quả');
    const items = within(results).getAllByRole('listitem');
    const provision = within(items[0]!).getByRole('link');
    expect(provision.textContent).toBe('Khoản 1 Điều 4');
    expect(provision.getAttribute('href')).toBe('/regulations/1?version=1#chp_2__art_4__para_1');
    expect([...items[0]!.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['bảo vệ an ninh', 'an']);
    expect(items[0]!.textContent).toContain('mạng & an toàn');
    const task = within(items[1]!).getByRole('link');
    expect(task.textContent).toBe('QC2021-T08 · Giám sát tấn công mạng');
    expect(task.getAttribute('href')).toBe('/tasks/8');

    const search = requests.find((r) => new URL(r.url).pathname === '/api/v1/search')!;
    expect(new URL(search.url).searchParams.get('q')).toBe('bao ve an ninh');
  });

  it('searches one regulation when the address names it, and says when nothing is found', async () => {
    const { requests } = mockApi({
      'GET /api/v1/search': () => json({ items: [], nextCursor: null }),
      'GET /api/v1/regulations': () => json(regulations),
    });
    renderRoutes(routes, '/search?q=xyz&regulationId=1');
    expect(await screen.findByText('Không tìm thấy kết quả nào cho “xyz”.')).toBeTruthy();
    const url = new URL(requests.find((r) => new URL(r.url).pathname === '/api/v1/search')!.url);
    expect(url.searchParams.get('regulationId')).toBe('1');
  });
});
