import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { regulationDetail } from '@/testing/fixtures';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { ComparePage } from './ComparePage';

const version = (number: number, effectiveFrom: string) => ({
  id: number,
  regulationId: 1,
  number,
  status: 'published',
  effectiveFrom,
  createdAt: '2021-11-24T00:00:00Z',
  inForce: number === 2,
});
const v1 = version(1, '2021-11-24');
const v2 = version(2, '2025-01-01');

const comparison = {
  regulationId: 1,
  from: v1,
  to: v2,
  articles: [
    {
      aknId: 'chp_2__art_5',
      num: '5',
      change: 'changed',
      headingVi: 'Hình thức phối hợp',
      headingEn: 'Forms of coordination',
      headingChanged: false,
      textChanged: true,
      headingViDiff: [{ op: 'equal', text: 'Hình thức phối hợp' }],
      headingEnDiff: [{ op: 'equal', text: 'Forms of coordination' }],
      textViDiff: [
        { op: 'equal', text: '1. Trao đổi thông tin ' },
        { op: 'delete', text: 'hằng quý' },
        { op: 'insert', text: 'hằng tháng' },
      ],
      textEnDiff: [
        { op: 'equal', text: '1. Exchange information ' },
        { op: 'delete', text: 'quarterly' },
        { op: 'insert', text: 'monthly' },
      ],
    },
  ],
};

const routes = [{ path: '/regulations/:id/compare', element: <ComparePage /> }];

describe('comparing versions', () => {
  it('shows each changed article with the word diff in both languages', async () => {
    mockApi({
      'GET /api/v1/regulations/1': () => json(regulationDetail),
      'GET /api/v1/regulations/1/versions': () => json({ items: [v1, v2], nextCursor: null }),
      'GET /api/v1/regulations/1/compare': () => json(comparison),
    });
    renderRoutes(routes, '/regulations/1/compare?from=1&to=2');
    expect(await screen.findByText('1 điều sửa đổi, 0 điều bổ sung, 0 điều bãi bỏ.')).toBeTruthy();
    const changes = screen.getAllByRole('article');
    expect(changes).toHaveLength(1);
    const card = changes[0]!;
    expect(within(card).getByRole('heading', { level: 2 }).textContent).toBe('Sửa đổi Điều 5. Hình thức phối hợp');
    // The heading did not change: only the text is shown as a diff.
    expect(within(card).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Nội dung']);
    const vi = card.querySelector('p.diff[lang="vi"]')!;
    expect(vi.querySelector('del')!.textContent).toContain('hằng quý');
    expect(vi.querySelector('ins')!.textContent).toContain('hằng tháng');
    const en = card.querySelector('p.diff[lang="en"]')!;
    expect(en.querySelector('ins')!.textContent).toContain('monthly');
    expect(within(card).getByRole('link', { name: 'Đọc điều này trong bản số 2' }).getAttribute('href')).toBe('/regulations/1?version=2#chp_2__art_5');
  });

  it('defaults to the latest version against the one before, and compares what is chosen', async () => {
    const v3 = version(3, '2026-01-01');
    const { requests } = mockApi({
      'GET /api/v1/regulations/1': () => json(regulationDetail),
      'GET /api/v1/regulations/1/versions': () => json({ items: [v1, v2, v3], nextCursor: null }),
      'GET /api/v1/regulations/1/compare': () => json({ ...comparison, articles: [] }),
    });
    renderRoutes(routes, '/regulations/1/compare');
    expect(await screen.findByText('Hai phiên bản giống nhau: không có điều nào thay đổi.')).toBeTruthy();
    expect(requests.some((r) => r.url.endsWith('/compare?from=2&to=3'))).toBe(true);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Từ bản' }), '1');
    await userEvent.click(screen.getByRole('button', { name: 'So sánh' }));
    await screen.findByText('Hai phiên bản giống nhau: không có điều nào thay đổi.');
    expect(requests.some((r) => r.url.endsWith('/compare?from=1&to=3'))).toBe(true);
  });
});
