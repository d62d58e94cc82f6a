import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import { useAllUnits } from '@/lib/reference/agencies';
import { filenameFromContentDisposition, saveBlob } from '@/lib/api/download';
import { exportQuery, type Dataset, type FilterValues, type Format } from '../datasets';

export interface Downloaded {
  filename: string;
  bytes: number;
}

/**
 * Fetches an export with the person's token (a plain link could not send it) and saves it under the name
 * the API chose. Every dataset has its own typed operation; they share the shape, so one path stands for all.
 */
export function useDownloadExport() {
  return useMutation({
    mutationFn: async ({ dataset, format, values }: { dataset: Dataset; format: Format; values: FilterValues }): Promise<Downloaded> => {
      const path = `/api/v1/exports/${dataset.name}` as '/api/v1/exports/tasks';
      const query = exportQuery(dataset, format, values) as { format: Format };
      const result = await api.GET(path, { params: { query }, parseAs: 'blob' });
      const blob = unwrap(result);
      const filename = filenameFromContentDisposition(result.response.headers.get('Content-Disposition'), `${dataset.name}.${format}`);
      saveBlob(blob, filename);
      return { filename, bytes: blob.size };
    },
  });
}

// The pickers' choices: agencies and their units (shared reference data), the regulations.
const referenceStaleTime = 30 * 60_000;

export function useExportChoices() {
  const { agencies, units } = useAllUnits();
  const regulations = useQuery({
    queryKey: ['exports', 'regulations'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: referenceStaleTime,
  });
  return {
    agencies,
    regulations: regulations.data ?? [],
    units,
  };
}
