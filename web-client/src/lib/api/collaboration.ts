/**
 * The collaboration routes of issue 19 (notifications, comments, evidence files), typed from the generated OpenAPI
 * schema (`npm run gen:api`). Every call throws an {@link ApiError} on failure; a 404 for the route
 * itself ({@link isRouteMissing}) lets a panel hide quietly where the route is not there.
 */
import { authorizationHeader } from './client';
import type { components } from './schema';
import { ApiError, isProblemDocument, type ProblemDocument } from './problem';

type Schemas = components['schemas'];

export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
export type NotificationPreferences = Schemas['NotificationPreferences'];
export type NotificationKindPreference = NotificationPreferences['kinds'][number];
export type CommentAuthor = Schemas['CommentAuthor'];
export type Comment = Schemas['Comment'];
export type CommentPage = Schemas['CommentPage'];
export type Evidence = Schemas['Evidence'];
export type EvidencePage = Schemas['EvidencePage'];

/** What a comment thread belongs to. */
export interface CommentTarget {
  kind: 'task' | 'review';
  id: number;
}

/** What evidence files belong to: a progress report of a task, or a review's minutes. */
export type EvidenceOwner = { kind: 'report'; taskId: number; reportId: number } | { kind: 'minutes'; reviewId: number };

export const commentsPath = (target: CommentTarget) => `/api/v1/${target.kind === 'task' ? 'tasks' : 'reviews'}/${target.id}/comments`;

export const evidencePath = (owner: EvidenceOwner) =>
  owner.kind === 'report' ? `/api/v1/tasks/${owner.taskId}/reports/${owner.reportId}/evidence` : `/api/v1/reviews/${owner.reviewId}/minutes/evidence`;

/**
 * A 404 for the route itself, not for a record: the API answers an unknown route with the framework's bare problem
 * (no detail), while a record that does not exist for the caller is a 404 that says which one.
 */
export function isRouteMissing(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && !error.problem.detail;
}

interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  body?: Blob;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call: the JSON answer (null for 204) and its ETag, or an {@link ApiError}. */
export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<{ data: T; etag: string | null; response: Response }> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');
  const authorization = authorizationHeader();
  if (authorization) headers.set('Authorization', authorization);
  let body: BodyInit | undefined = options.body;
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.json);
  }
  const response = await globalThis.fetch(new Request(url.pathname + url.search, { method, headers, body, signal: options.signal }));
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const text = response.status === 204 ? '' : await response.text();
  return { data: (text ? JSON.parse(text) : null) as T, etag: response.headers.get('ETag'), response };
}

async function problemOf(response: Response): Promise<ProblemDocument> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isProblemDocument(parsed)) return { ...parsed, status: parsed.status ?? response.status };
  } catch {
    // Not JSON: keep the status line.
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

export const notificationsApi = {
  unreadCount: async (signal?: AbortSignal) => (await call<{ unread: number }>('GET', '/api/v1/notifications/unread-count', { signal })).data.unread,
  list: async (options: { unread?: boolean; limit?: number; cursor?: string; signal?: AbortSignal } = {}) =>
    (await call<NotificationPage>('GET', '/api/v1/notifications', { query: { unread: options.unread, limit: options.limit, cursor: options.cursor }, signal: options.signal })).data,
  markRead: async (id: number) => {
    await call<null>('POST', `/api/v1/notifications/${id}/read`);
  },
  markAllRead: async () => (await call<{ marked: number }>('POST', '/api/v1/notifications/read-all')).data.marked,
  preferences: async (signal?: AbortSignal) => {
    const { data, etag } = await call<NotificationPreferences>('GET', '/api/v1/me/notification-preferences', { signal });
    return { preferences: data, etag };
  },
  savePreferences: async (preferences: NotificationPreferences, etag: string | null) => {
    const { data, etag: next } = await call<NotificationPreferences>('PUT', '/api/v1/me/notification-preferences', {
      json: preferences,
      headers: { 'If-Match': etag ?? '*' },
    });
    return { preferences: data, etag: next };
  },
};

export const commentsApi = {
  list: async (target: CommentTarget, options: { cursor?: string; signal?: AbortSignal } = {}) =>
    (await call<CommentPage>('GET', commentsPath(target), { query: { limit: 200, cursor: options.cursor }, signal: options.signal })).data,
  add: async (target: CommentTarget, body: string, idempotencyKey: string) =>
    (await call<Comment>('POST', commentsPath(target), { json: { body }, headers: { 'Idempotency-Key': idempotencyKey } })).data,
  edit: async (target: CommentTarget, comment: Pick<Comment, 'id' | 'etag'>, body: string) =>
    (await call<Comment>('PUT', `${commentsPath(target)}/${comment.id}`, { json: { body }, headers: { 'If-Match': comment.etag } })).data,
};

export const evidenceApi = {
  list: async (owner: EvidenceOwner, signal?: AbortSignal) => (await call<EvidencePage>('GET', evidencePath(owner), { query: { limit: 200 }, signal })).data,
  upload: async (owner: EvidenceOwner, file: File) =>
    (
      await call<Evidence>('POST', evidencePath(owner), {
        query: { fileName: file.name },
        body: file,
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
      })
    ).data,
  /** The file's bytes and the name the API gives it. */
  download: async (evidence: Pick<Evidence, 'id'>) => {
    const { response } = await downloadResponse(evidence.id);
    return { blob: await response.blob(), contentDisposition: response.headers.get('Content-Disposition') };
  },
};

async function downloadResponse(id: number) {
  const headers = new Headers();
  const authorization = authorizationHeader();
  if (authorization) headers.set('Authorization', authorization);
  const response = await globalThis.fetch(new Request(`/api/v1/evidence/${id}/content`, { headers }));
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return { response };
}

/** The `@word` being typed just before the caret, to complete as a username; null when the caret is not in one. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[^\w@])@([\w.-]{0,64})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

/** The text with the `@word` at the caret replaced by `@username ` and where the caret goes next. */
export function completeMention(text: string, caret: number, username: string): { text: string; caret: number } {
  const at = mentionAt(text, caret);
  if (!at) return { text, caret };
  const inserted = `@${username} `;
  return { text: text.slice(0, at.start) + inserted + text.slice(caret), caret: at.start + inserted.length };
}

/** The usernames a body mentions (`@username`), each once, in order. */
export function mentionedUsernames(body: string): string[] {
  return [...new Set([...body.matchAll(/(?:^|[^\w@])@([\w.-]+[\w])/gu)].map((m) => m[1]!))];
}

/** A size for people: bytes, kB, MB, GB (decimal, as file managers show them). */
export function formatBytes(bytes: number, language: 'vi' | 'en'): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** The bell's badge: nothing for none, the count up to 99, then "99+". */
export function unreadBadge(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? '99+' : String(count);
}
