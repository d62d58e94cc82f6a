import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockApi, problem } from '@/testing/mockApi';
import { setAccessToken } from './client';
import {
  commentsApi,
  commentsPath,
  completeMention,
  evidenceApi,
  evidencePath,
  formatBytes,
  isRouteMissing,
  mentionAt,
  mentionedUsernames,
  notificationsApi,
  unreadBadge,
} from './collaboration';
import { ApiError } from './problem';

afterEach(() => {
  vi.unstubAllGlobals();
  setAccessToken(null);
});

describe('mentions', () => {
  it('finds the @word being typed at the caret, and nothing elsewhere', () => {
    expect(mentionAt('Xin chào @mic.of', 16)).toEqual({ start: 9, query: 'mic.of' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail me at a@b.vn', 17)).toBeNull();
    expect(mentionAt('@mic.officer done', 17)).toBeNull();
  });

  it('completes the @word at the caret and puts the caret after it', () => {
    expect(completeMention('Báo @mic. ngay', 9, 'mic.officer')).toEqual({ text: 'Báo @mic.officer  ngay', caret: 17 });
    expect(completeMention('no mention', 3, 'x')).toEqual({ text: 'no mention', caret: 3 });
  });

  it('lists the usernames a body mentions, once each', () => {
    expect(mentionedUsernames('@mps.officer xem giúp, cc @mic.coordinator và @mps.officer.')).toEqual(['mps.officer', 'mic.coordinator']);
    expect(mentionedUsernames('a@b.vn is an address')).toEqual([]);
  });
});

describe('what the panels show', () => {
  it('writes sizes for people', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB');
    expect(formatBytes(268_435_456, 'en')).toBe('268 MB');
    expect(formatBytes(1_500_000, 'vi')).toBe('1,5 MB');
  });

  it('shows no badge for nothing unread and caps it at 99+', () => {
    expect(unreadBadge(0)).toBeNull();
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(100)).toBe('99+');
  });

  it('tells a missing route (a bare 404) from a record the caller may not see (a 404 that says which)', () => {
    expect(isRouteMissing(new ApiError(404, { title: 'Not Found', status: 404 }))).toBe(true);
    expect(isRouteMissing(new ApiError(404, { title: 'Not found.', status: 404, detail: 'No task has the id 9.' }))).toBe(false);
    expect(isRouteMissing(new ApiError(500, { title: 'Boom' }))).toBe(false);
    expect(isRouteMissing(new Error('offline'))).toBe(false);
  });

  it('builds the routes of the contract', () => {
    expect(commentsPath({ kind: 'task', id: 4 })).toBe('/api/v1/tasks/4/comments');
    expect(commentsPath({ kind: 'review', id: 2 })).toBe('/api/v1/reviews/2/comments');
    expect(evidencePath({ kind: 'report', taskId: 4, reportId: 7 })).toBe('/api/v1/tasks/4/reports/7/evidence');
    expect(evidencePath({ kind: 'minutes', reviewId: 2 })).toBe('/api/v1/reviews/2/minutes/evidence');
  });
});

describe('the calls', () => {
  it('sends the token, the Idempotency-Key of a new comment and the If-Match of an edit', async () => {
    setAccessToken('secret-token');
    const comment = { id: 5, body: 'x', author: { username: 'a', displayName: 'A', agencyCode: 'MPS' }, createdAt: '', editedAt: null, mentions: [], etag: '"3"' };
    const { requests } = mockApi({
      'POST /api/v1/tasks/4/comments': () => json(comment, 201),
      'PUT /api/v1/tasks/4/comments/5': () => json(comment),
    });
    await commentsApi.add({ kind: 'task', id: 4 }, 'Xin chào', 'key-1');
    await commentsApi.edit({ kind: 'task', id: 4 }, { id: 5, etag: '"3"' }, 'Sửa');
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer secret-token');
    expect(requests[0]!.headers.get('Idempotency-Key')).toBe('key-1');
    expect(await requests[0]!.json()).toEqual({ body: 'Xin chào' });
    expect(requests[1]!.headers.get('If-Match')).toBe('"3"');
  });

  it('uploads the raw file with its name and type', async () => {
    const { requests } = mockApi({ 'POST /api/v1/reviews/2/minutes/evidence': () => json({ id: 1 }, 201) });
    await evidenceApi.upload({ kind: 'minutes', reviewId: 2 }, new File(['%PDF-1.7'], 'biên bản.pdf', { type: 'application/pdf' }));
    const url = new URL(requests[0]!.url);
    expect(url.searchParams.get('fileName')).toBe('biên bản.pdf');
    expect(requests[0]!.headers.get('Content-Type')).toBe('application/pdf');
    expect(await requests[0]!.text()).toBe('%PDF-1.7');
  });

  it('throws the problem document of a failure, and reads 204 as nothing', async () => {
    mockApi({
      'GET /api/v1/notifications/unread-count': () => problem(404, 'Not Found'),
      'POST /api/v1/notifications/3/read': () => new Response(null, { status: 204 }),
    });
    await expect(notificationsApi.unreadCount()).rejects.toSatisfy(isRouteMissing);
    await expect(notificationsApi.markRead(3)).resolves.toBeUndefined();
  });
});
