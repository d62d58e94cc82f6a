import { describe, expect, it } from 'vitest';
import type { Comment } from '@/lib/api/collaboration';
import { threadPeople } from './CommentsPanel';
import { matchCandidates } from './MentionTextarea';

const comment = (username: string, displayName: string, mentions: Comment['mentions'] = []): Comment => ({
  id: 1,
  body: '',
  author: { username, displayName, agencyCode: 'MPS', kind: 'user' },
  createdAt: '2026-12-01T00:00:00Z',
  editedAt: null,
  mentions,
  etag: '"1"',
});

describe('mention candidates', () => {
  it('are the authors and the mentioned of the thread, without oneself, each once', () => {
    const people = threadPeople(
      [comment('mps.officer', 'Cán bộ A05', [{ username: 'mic.coordinator', displayName: 'Điều phối MIC' }]), comment('mic.officer', 'Cán bộ ATTT'), comment('mps.officer', 'Cán bộ A05')],
      'mic.officer',
    );
    expect(people.map((p) => p.username)).toEqual(['mic.coordinator', 'mps.officer']);
  });

  it('match the start of a username or of a word of the name', () => {
    const people = [
      { username: 'mic.coordinator', displayName: 'Trần Thị Bình' },
      { username: 'mps.officer', displayName: 'Nguyễn Văn An' },
    ];
    expect(matchCandidates(people, 'mic').map((p) => p.username)).toEqual(['mic.coordinator']);
    expect(matchCandidates(people, 'bìn').map((p) => p.username)).toEqual(['mic.coordinator']);
    expect(matchCandidates(people, '').length).toBe(2);
    expect(matchCandidates(people, 'zzz')).toEqual([]);
  });
});
