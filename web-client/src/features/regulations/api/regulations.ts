import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { ResponseBody } from '@/lib/api/types';

export type RegulationPage = ResponseBody<'/api/v1/regulations'>;
export type RegulationSummary = RegulationPage['items'][number];
export type RegulationDetail = ResponseBody<'/api/v1/regulations/{id}'>;
export type Provision = RegulationDetail['chapters'][number];

export const regulationKeys = {
  all: ['regulations'] as const,
  list: () => [...regulationKeys.all, 'list'] as const,
  detail: (id: number) => [...regulationKeys.all, 'detail', id] as const,
};

export function useRegulations() {
  return useInfiniteQuery({
    queryKey: regulationKeys.list(),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/v1/regulations', {
          params: { query: pageParam ? { cursor: pageParam } : {} },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
}

export function useRegulation(id: number, enabled = true) {
  return useQuery({
    queryKey: regulationKeys.detail(id),
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/regulations/{id}', { params: { path: { id } }, signal })),
  });
}
