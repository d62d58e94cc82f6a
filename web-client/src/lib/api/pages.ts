/** One page of a list, as the API answers every list: the items and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** The largest page the API serves; screens that show a whole list ask for pages of this size. */
export const maxPageSize = 200;

/**
 * Every item of a paged list, read page after page, for a screen that shows the whole of it (an evaluation grid,
 * a task's history). A list that keeps handing out cursors is cut off after `maxPages` rather than read forever.
 */
export async function allPages<T>(readPage: (cursor: string | undefined) => Promise<Page<T>>, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < maxPages; read++) {
    const page = await readPage(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}
