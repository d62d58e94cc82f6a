import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Notification } from '@/lib/api/collaboration';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { NotificationBell } from './NotificationBell';

const notification = (id: number, readAt: string | null): Notification => ({
  id,
  eventId: `evt_${id}`,
  kind: 'task.assigned',
  occurredAt: '2026-12-01T02:00:00Z',
  readAt,
  actorName: 'mps.coordinator',
  actorKind: 'user',
  taskId: 12,
  taskCode: 'QC2021-T12',
  reviewId: null,
  regulationId: 1,
  text: `Nhiệm vụ QC2021-T12 được giao cho đơn vị (${id})`,
  link: '/tasks/12',
});

function renderBell() {
  return renderRoutes([{ path: '/', element: <NotificationBell /> }, { path: '/tasks/12', element: <p>task 12</p> }], '/');
}

afterEach(() => vi.unstubAllGlobals());

describe('the notification bell', () => {
  it('shows the unread count, the latest notifications, and marks them read', async () => {
    let unread = 2;
    const { requests } = mockApi({
      'GET /api/v1/notifications/unread-count': () => json({ unread }),
      'GET /api/v1/notifications': () => json({ items: [notification(1, null), notification(2, null), notification(3, '2026-11-30T00:00:00Z')], nextCursor: null }),
      'POST /api/v1/notifications/read-all': () => {
        unread = 0;
        return json({ marked: 2 });
      },
      'POST /api/v1/notifications/1/read': () => new Response(null, { status: 204 }),
    });
    renderBell();
    const bell = await screen.findByRole('button', { name: 'Thông báo, 2 chưa đọc' });
    expect(within(bell).getByText('2')).toBeTruthy();

    await userEvent.click(bell);
    const panel = await screen.findByRole('region', { name: 'Thông báo' });
    expect(await within(panel).findAllByRole('link', { name: /QC2021-T12 được giao/ })).toHaveLength(3);
    expect(within(panel).getAllByRole('button', { name: 'Đánh dấu đã đọc' })).toHaveLength(2);

    await userEvent.click(within(panel).getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/read-all'))).toBe(true));
    await screen.findByRole('button', { name: 'Thông báo, 0 chưa đọc' });

    await userEvent.click(within(panel).getAllByRole('link', { name: /\(1\)/ })[0]!);
    expect(await screen.findByText('task 12')).toBeTruthy();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/notifications/1/read'))).toBe(true);
  });

  it('has no badge when nothing is unread', async () => {
    mockApi({ 'GET /api/v1/notifications/unread-count': () => json({ unread: 0 }) });
    renderBell();
    const bell = await screen.findByRole('button', { name: 'Thông báo, 0 chưa đọc' });
    expect(bell.querySelector('.bell__badge')).toBeNull();
  });

  it('is not there where the server has no notifications', async () => {
    const { requests } = mockApi({ 'GET /api/v1/notifications/unread-count': () => problem(404, 'Not Found') });
    const { container } = renderBell();
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    await waitFor(() => expect(container.querySelector('.bell')).toBeNull());
  });
});
