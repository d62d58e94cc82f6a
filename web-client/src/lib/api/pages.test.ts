import { describe, expect, it } from 'vitest';
import { allPages, type Page } from './pages';

describe('allPages', () => {
  it('follows nextCursor until the last page and keeps the order', async () => {
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], nextCursor: 'c2' },
      c2: { items: [3], nextCursor: 'c3' },
      c3: { items: [4, 5], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const items = await allPages((cursor) => {
      asked.push(cursor);
      const page = pages[cursor ?? 'first'];
      return page ? Promise.resolve(page) : Promise.reject(new Error(`no page ${cursor}`));
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'c2', 'c3']);
  });

  it('stops after maxPages when the list never ends', async () => {
    let reads = 0;
    const items = await allPages(() => {
      reads++;
      return Promise.resolve({ items: [reads], nextCursor: 'again' });
    }, 3);
    expect(items).toEqual([1, 2, 3]);
    expect(reads).toBe(3);
  });
});
