import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockApi } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { AuditPage } from './AuditPage';

const entry = (id: number) => ({
  id,
  occurredAt: '2024-05-01T03:00:00Z',
  actorType: 'user',
  actorId: '1',
  actorName: 'mps.admin',
  action: 'user.update',
  entityType: 'user',
  entityId: '2',
  classification: 'unclassified',
  before: { active: true },
  after: { active: false },
  requestId: 'req-1',
  prevHash: 'aa',
  hash: 'bb',
});

describe('audit trail', () => {
  it('filters from the address, pages with the cursor and expands an entry’s before and after', async () => {
    const { requests } = mockApi({
      'GET /api/v1/audit': (request) =>
        new URL(request.url).searchParams.get('cursor') ? json({ items: [entry(1)], nextCursor: null }) : json({ items: [entry(2)], nextCursor: 'c2' }),
    });
    renderRoutes([{ path: '/audit', element: <AuditPage /> }], '/audit?actor=mps.admin&entityType=user');
    await userEvent.click(await screen.findByRole('button', { name: /#2/ }));
    expect(screen.getByText(/"active": false/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    expect(await screen.findByRole('button', { name: /#1/ })).toBeTruthy();
    const first = new URL(requests[0]!.url);
    expect(first.searchParams.get('actor')).toBe('mps.admin');
    expect(first.searchParams.get('entityType')).toBe('user');
    expect(new URL(requests[1]!.url).searchParams.get('cursor')).toBe('c2');
  });

  it('verifies the chain and names the first broken entry', async () => {
    mockApi({
      'GET /api/v1/audit': () => json({ items: [] }),
      'GET /api/v1/audit/verify': () => json({ valid: false, entriesChecked: 120, firstBrokenEntryId: 57, reason: 'The hash does not match the content.' }),
    });
    renderRoutes([{ path: '/audit', element: <AuditPage /> }], '/audit');
    await userEvent.click(await screen.findByRole('button', { name: 'Kiểm tra chuỗi' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Chuỗi nhật ký đã bị can thiệp!');
    expect(alert.textContent).toContain('#57');
    expect(alert.textContent).toContain('The hash does not match the content.');
  });
});
