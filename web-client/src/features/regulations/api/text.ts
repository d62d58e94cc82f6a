import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { allPages, maxPageSize } from '@/lib/api/pages';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import type { ResponseBody } from '@/lib/api/types';
import { regulationKeys } from './regulations';

export type Version = components['schemas']['Version'];
export type RegulationText = components['schemas']['RegulationText'];
export type TextProvision = components['schemas']['Provision'];
export type ProvisionDetail = components['schemas']['ProvisionDetail'];
export type CitingTask = components['schemas']['CitingTask'];
export type Coverage = components['schemas']['Coverage'];
export type VersionComparison = ResponseBody<'/api/v1/regulations/{regulationId}/compare'>;
export type ArticleChange = components['schemas']['ArticleChange'];
export type DiffOp = components['schemas']['DiffOp'];
export type UpdateProvisionRequest = components['schemas']['UpdateProvisionRequest'];
export type CreateProvisionRequest = components['schemas']['CreateProvisionRequest'];
export type PublishVersionRequest = components['schemas']['PublishVersionRequest'];

/** Which text the reader shows: one version by number, the text in force on a date, or (neither) the text in force today. */
export interface TextSelection {
  version?: number | null;
  asOf?: string | null;
}

export const textKeys = {
  all: (id: number) => [...regulationKeys.all, id] as const,
  versions: (id: number) => [...textKeys.all(id), 'versions'] as const,
  version: (id: number, number: number) => [...textKeys.all(id), 'version', number] as const,
  text: (id: number, selection: TextSelection) =>
    [...textKeys.all(id), 'text', selection.version ?? null, selection.asOf ?? null] as const,
  provision: (id: number, number: number, aknId: string) => [...textKeys.all(id), 'provision', number, aknId] as const,
  coverage: (id: number, number: number) => [...textKeys.all(id), 'coverage', number] as const,
  compare: (id: number, from: number, to: number) => [...textKeys.all(id), 'compare', from, to] as const,
};

/** A record together with the ETag to send back in If-Match when changing it. */
export interface Tagged<T> {
  value: T;
  etag: string | null;
}

function tagged<T>(result: { data?: T; error?: unknown; response: Response }): Tagged<T> {
  return { value: unwrap(result), etag: result.response.headers.get('ETag') };
}

export function useVersions(regulationId: number) {
  return useQuery({
    queryKey: textKeys.versions(regulationId),
    queryFn: ({ signal }) =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/regulations/{regulationId}/versions', { params: { path: { regulationId }, query: { cursor, limit: maxPageSize } }, signal })),
      ),
  });
}

export function useVersion(regulationId: number, number: number, enabled = true) {
  return useQuery({
    queryKey: textKeys.version(regulationId, number),
    enabled,
    queryFn: async ({ signal }) =>
      tagged(
        await api.GET('/api/v1/regulations/{regulationId}/versions/{number}', {
          params: { path: { regulationId, number } },
          signal,
        }),
      ),
  });
}

/** The whole tree in both languages; the reader chooses what to show. */
export function useRegulationText(regulationId: number, selection: TextSelection) {
  return useQuery({
    queryKey: textKeys.text(regulationId, selection),
    queryFn: async ({ signal }) => {
      if (selection.version) {
        return unwrap(
          await api.GET('/api/v1/regulations/{regulationId}/versions/{number}/text', {
            params: { path: { regulationId, number: selection.version }, query: { lang: 'both' } },
            signal,
          }),
        );
      }
      return unwrap(
        await api.GET('/api/v1/regulations/{regulationId}/text', {
          params: { path: { regulationId }, query: selection.asOf ? { asOf: selection.asOf, lang: 'both' } : { lang: 'both' } },
          signal,
        }),
      );
    },
  });
}

export function useProvision(regulationId: number, number: number, aknId: string, enabled = true) {
  return useQuery({
    queryKey: textKeys.provision(regulationId, number, aknId),
    enabled,
    queryFn: async ({ signal }) =>
      tagged(
        await api.GET('/api/v1/regulations/{regulationId}/versions/{number}/provisions/{aknId}', {
          params: { path: { regulationId, number, aknId } },
          signal,
        }),
      ),
  });
}

export function useCoverage(regulationId: number, number: number | undefined) {
  return useQuery({
    queryKey: textKeys.coverage(regulationId, number ?? 0),
    enabled: number !== undefined,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v1/regulations/{regulationId}/versions/{number}/coverage', {
          params: { path: { regulationId, number: number! } },
          signal,
        }),
      ),
  });
}

export function useComparison(regulationId: number, from: number | null, to: number | null) {
  return useQuery({
    queryKey: textKeys.compare(regulationId, from ?? 0, to ?? 0),
    enabled: from !== null && to !== null && from !== to,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v1/regulations/{regulationId}/compare', {
          params: { path: { regulationId }, query: { from: from!, to: to! } },
          signal,
        }),
      ),
  });
}

/** After any edit of a draft: its text, its provisions, its ETag and its coverage are all stale. */
function useInvalidateText(regulationId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: textKeys.all(regulationId) }),
      queryClient.invalidateQueries({ queryKey: regulationKeys.detail(regulationId) }),
    ]);
}

export function useStartAmendment(regulationId: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async (note: string | null) =>
      unwrap(
        await api.POST('/api/v1/regulations/{regulationId}/versions', {
          params: { path: { regulationId } },
          body: { note },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateProvision(regulationId: number, number: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async ({ aknId, etag, body }: { aknId: string; etag: string; body: UpdateProvisionRequest }) =>
      unwrap(
        await api.PUT('/api/v1/regulations/{regulationId}/versions/{number}/provisions/{aknId}', {
          params: { path: { regulationId, number, aknId }, header: { 'If-Match': etag } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useCreateProvision(regulationId: number, number: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async (body: CreateProvisionRequest) =>
      unwrap(
        await api.POST('/api/v1/regulations/{regulationId}/versions/{number}/provisions', {
          params: { path: { regulationId, number } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDeleteProvision(regulationId: number, number: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async ({ aknId, etag }: { aknId: string; etag: string }) =>
      unwrap(
        await api.DELETE('/api/v1/regulations/{regulationId}/versions/{number}/provisions/{aknId}', {
          params: { path: { regulationId, number, aknId }, header: { 'If-Match': etag } },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function usePublishVersion(regulationId: number, number: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: PublishVersionRequest }) =>
      unwrap(
        await api.POST('/api/v1/regulations/{regulationId}/versions/{number}/publish', {
          params: { path: { regulationId, number }, header: { 'If-Match': etag } },
          body,
        }),
      ),
    onSuccess: invalidate,
  });
}

export type ImportPreview = components['schemas']['ImportPreview'];

/** The media types the import takes, as its request body's content types. */
export const importMediaTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  akn: 'application/akn+xml',
} as const;

export interface ImportRequest {
  file: Blob;
  mediaType: (typeof importMediaTypes)[keyof typeof importMediaTypes];
  note?: string | null;
  summary?: boolean;
}

const importPath = '/api/v1/regulations/{regulationId}/versions/import';

/**
 * Sends the document as the raw body with its own Content-Type (the operation reads the bytes, not JSON). The
 * answer is the preview (200) or the new draft's text (201), as the query asked.
 */
async function postImport(regulationId: number, request: ImportRequest, query: { preview?: boolean; summary?: boolean; note?: string }) {
  return unwrap(
    await api.POST(importPath, {
      params: { path: { regulationId }, query },
      body: request.file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': request.mediaType },
    }),
  );
}

/** Reads the document and answers the tree it holds; nothing is written. */
export function usePreviewImport(regulationId: number) {
  return useMutation({
    mutationFn: async (request: ImportRequest): Promise<ImportPreview> =>
      (await postImport(regulationId, request, { preview: true, ...(request.summary ? { summary: true } : {}) })) as ImportPreview,
  });
}

/** Creates the new draft from the document (409 while another draft exists). */
export function useImportText(regulationId: number) {
  const invalidate = useInvalidateText(regulationId);
  return useMutation({
    mutationFn: async (request: ImportRequest): Promise<RegulationText> => {
      const query = { ...(request.summary ? { summary: true } : {}), ...(request.note ? { note: request.note } : {}) };
      return (await postImport(regulationId, request, query)) as RegulationText;
    },
    onSuccess: invalidate,
  });
}
