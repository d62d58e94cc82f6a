import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationPreferences } from '@/lib/api/collaboration';
import { mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { PreferencesPage } from './PreferencesPage';

const saved: NotificationPreferences = {
  digest: false,
  kinds: [
    { kind: 'task.assigned', inApp: true, email: true },
    { kind: 'comment.mentioned', inApp: true, email: false },
  ],
};
const tagged = (body: NotificationPreferences, etag: string) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', ETag: etag } });

function renderPage() {
  return renderRoutes([{ path: '/notifications/preferences', element: <PreferencesPage /> }], '/notifications/preferences');
}

afterEach(() => vi.unstubAllGlobals());

describe('the notification preferences page', () => {
  it('shows each kind in words, saves a change with If-Match and says so', async () => {
    let sent: unknown = null;
    const { requests } = mockApi({
      'GET /api/v1/me/notification-preferences': () => tagged(saved, '"4"'),
      'PUT /api/v1/me/notification-preferences': async (request) => {
        sent = await request.json();
        return tagged(sent as NotificationPreferences, '"5"');
      },
    });
    renderPage();
    const mentionMail = await screen.findByRole('checkbox', { name: 'Bạn được nhắc đến trong một ý kiến: Thư điện tử' });
    const save = screen.getByRole('button', { name: 'Lưu cài đặt' });
    expect(save).toHaveProperty('disabled', true);

    await userEvent.click(mentionMail);
    await userEvent.click(screen.getByRole('checkbox', { name: /bản tin hằng ngày/ }));
    await userEvent.click(save);
    expect(await screen.findByText('Đã lưu cài đặt.')).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"4"');
    expect(sent).toEqual({
      digest: true,
      kinds: [
        { kind: 'task.assigned', inApp: true, email: true },
        { kind: 'comment.mentioned', inApp: true, email: true },
      ],
    });
  });

  it('reloads the settings when they changed elsewhere (412)', async () => {
    let version = 4;
    mockApi({
      'GET /api/v1/me/notification-preferences': () => tagged({ ...saved, digest: version > 4 }, `"${version}"`),
      'PUT /api/v1/me/notification-preferences': () => {
        version = 6;
        return problem(412, 'Precondition Failed', 'The record changed since you read it.');
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Nhiệm vụ được giao cho đơn vị: Trong ứng dụng' }));
    await userEvent.click(screen.getByRole('button', { name: 'Lưu cài đặt' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Cài đặt vừa được thay đổi ở nơi khác; đã tải lại bản mới nhất, hãy chọn lại.');
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /bản tin hằng ngày/ })).toHaveProperty('checked', true));
    expect(screen.getByRole('checkbox', { name: 'Nhiệm vụ được giao cho đơn vị: Trong ứng dụng' })).toHaveProperty('checked', true);
  });

  it('says so where the server has no notifications', async () => {
    mockApi({ 'GET /api/v1/me/notification-preferences': () => problem(404, 'Not Found') });
    renderPage();
    expect(await screen.findByText('Máy chủ này chưa có chức năng thông báo.')).toBeTruthy();
  });
});
