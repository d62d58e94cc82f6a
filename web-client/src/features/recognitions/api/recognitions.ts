import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { allPages, maxPageSize } from '@/lib/api/pages';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';

export type Recognition = components['schemas']['Recognition'];

export interface RecognitionFilters {
  awardingAgency?: string | null;
  recipientAgency?: string | null;
  year?: number | null;
}

export const recognitionKeys = {
  all: ['recognitions'] as const,
  list: (filters: RecognitionFilters) =>
    [...recognitionKeys.all, 'list', filters.awardingAgency ?? null, filters.recipientAgency ?? null, filters.year ?? null] as const,
  detail: (id: number) => [...recognitionKeys.all, 'detail', id] as const,
};

export function useRecognitions(filters: RecognitionFilters) {
  return useQuery({
    queryKey: recognitionKeys.list(filters),
    queryFn: ({ signal }) =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/recognitions', {
            params: {
              query: {
                ...(filters.awardingAgency ? { awardingAgency: filters.awardingAgency } : {}),
                ...(filters.recipientAgency ? { recipientAgency: filters.recipientAgency } : {}),
                ...(filters.year ? { year: filters.year } : {}),
                cursor,
                limit: maxPageSize,
              },
            },
            signal,
          }),
        ),
      ),
  });
}

export function useRecognition(id: number) {
  return useQuery({
    queryKey: recognitionKeys.detail(id),
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/recognitions/{id}', { params: { path: { id } }, signal })),
  });
}
