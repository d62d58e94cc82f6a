import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Comment } from '@/lib/api/collaboration';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import { CommentsPanel } from './CommentsPanel';

const mine: Comment = {
  id: 1,
  body: 'Đề nghị @mic.officer cập nhật số liệu.',
  author: { username: 'mps.officer', displayName: 'Cán bộ A05', agencyCode: 'MPS', kind: 'user' },
  createdAt: '2026-12-01T02:00:00Z',
  editedAt: null,
  mentions: [{ username: 'mic.officer', displayName: 'Cán bộ ATTT' }],
  etag: '"1"',
};
const theirs: Comment = { ...mine, id: 2, body: 'Đã nhận.', author: { username: 'mic.officer', displayName: 'Cán bộ ATTT', agencyCode: 'MIC', kind: 'user' }, mentions: [], etag: '"7"' };

function renderPanel() {
  return renderRoutes([{ path: '/', element: <CommentsPanel target={{ kind: 'task', id: 4 }} /> }], '/');
}

afterEach(() => {
  vi.unstubAllGlobals();
  signOut();
});

describe('the comments panel', () => {
  it('lists the thread, posts a comment with an Idempotency-Key and edits only one’s own with If-Match', async () => {
    await signInAs(demoMe({ username: 'mps.officer', roles: ['officer'] }));
    const { requests } = mockApi({
      'GET /api/v1/tasks/4/comments': () => json({ items: [mine, theirs], nextCursor: null }),
      'POST /api/v1/tasks/4/comments': () => json({ ...mine, id: 3 }, 201),
      'PUT /api/v1/tasks/4/comments/1': () => json({ ...mine, body: 'Sửa', etag: '"2"' }),
    });
    renderPanel();
    const list = await screen.findByRole('list');
    expect(within(list).getByText('@mic.officer').tagName).toBe('STRONG');
    expect(within(list).getAllByRole('button', { name: 'Sửa' })).toHaveLength(1);

    await userEvent.type(screen.getByRole('combobox', { name: 'Ý kiến mới' }), 'Xin @mic');
    await userEvent.click(await screen.findByRole('option', { name: /@mic.officer/ }));
    expect(screen.getByRole<HTMLTextAreaElement>('combobox', { name: 'Ý kiến mới' }).value).toBe('Xin @mic.officer ');
    await userEvent.click(screen.getByRole('button', { name: 'Gửi ý kiến' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await post.json()).toEqual({ body: 'Xin @mic.officer' });

    await userEvent.click(within(list).getByRole('button', { name: 'Sửa' }));
    const editor = screen.getByRole('combobox', { name: 'Sửa ý kiến' });
    await userEvent.clear(editor);
    await userEvent.type(editor, 'Sửa');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(requests.find((r) => r.method === 'PUT')!.headers.get('If-Match')).toBe('"1"');
  });

  it('is not there where the server has no comments', async () => {
    const { requests } = mockApi({ 'GET /api/v1/tasks/4/comments': () => problem(404, 'Not Found') });
    const { container } = renderPanel();
    await waitFor(() => expect(requests.length).toBeGreaterThan(0));
    await waitFor(() => expect(container.querySelector('.comments')).toBeNull());
  });
});
