import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import { exportQuery, filenameFromContentDisposition, type Dataset, type FilterValues, type Format } from '../datasets';

export interface Downloaded {
  filename: string;
  bytes: number;
}

/** Hands a blob to the browser as a download under the given name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next tick; the URL is then only a leak.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Fetches an export with the person's token (a plain link could not send it) and saves it under the name
 * the API chose. Every dataset has its own typed operation; they share the shape, so one path stands for all.
 */
export function useDownloadExport() {
  return useMutation({
    mutationFn: async ({ dataset, format, values }: { dataset: Dataset; format: Format; values: FilterValues }): Promise<Downloaded> => {
      const path = `/api/v1/exports/${dataset.name}` as '/api/v1/exports/tasks';
      const query = exportQuery(dataset, format, values) as { format: string };
      const result = await api.GET(path, { params: { query }, parseAs: 'blob' });
      const blob = unwrap(result);
      const filename = filenameFromContentDisposition(result.response.headers.get('Content-Disposition'), `${dataset.name}.${format}`);
      saveBlob(blob, filename);
      return { filename, bytes: blob.size };
    },
  });
}

// The pickers' choices: agencies, their units, the regulations.
const referenceStaleTime = 30 * 60_000;

export function useExportChoices() {
  const agencies = useQuery({
    queryKey: ['agencies'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/agencies', { signal })),
    staleTime: referenceStaleTime,
  });
  const regulations = useQuery({
    queryKey: ['exports', 'regulations'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: referenceStaleTime,
  });
  const codes = agencies.data?.map((a) => a.code) ?? [];
  const trees = useQueries({
    queries: codes.map((code) => ({
      queryKey: ['agencies', code, 'units'],
      queryFn: async ({ signal }: { signal: AbortSignal }) => unwrap(await api.GET('/api/v1/agencies/{code}/units', { params: { path: { code } }, signal })),
      staleTime: referenceStaleTime,
    })),
  });
  type Node = NonNullable<(typeof trees)[number]['data']>[number];
  const flatten = (nodes: readonly Node[], depth: number): { code: string; nameVi: string; nameEn: string; depth: number }[] =>
    nodes.flatMap((n) => [{ code: n.code, nameVi: n.nameVi, nameEn: n.nameEn, depth }, ...flatten(n.children, depth + 1)]);
  return {
    agencies: agencies.data ?? [],
    regulations: regulations.data ?? [],
    units: trees.flatMap((t) => (t.data ? flatten(t.data, 0) : [])),
  };
}
