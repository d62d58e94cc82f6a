import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { ResponseBody } from '@/lib/api/types';

export type SearchHitPage = ResponseBody<'/api/v1/search'>;
export type SearchHit = SearchHitPage['items'][number];
export type RegulationSummary = ResponseBody<'/api/v1/regulations'>['items'][number];

export const searchKeys = {
  all: ['search'] as const,
  query: (q: string, regulationId: number | null) => [...searchKeys.all, q, regulationId] as const,
};

const pageSize = 20;

export function useSearch(q: string, regulationId: number | null) {
  return useInfiniteQuery({
    queryKey: searchKeys.query(q, regulationId),
    enabled: q.trim().length > 0,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/v1/search', {
          params: {
            query: {
              q,
              limit: pageSize,
              ...(regulationId ? { regulationId } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
}

/** The regulations the caller may search in, to name each hit's regulation and to narrow the search. */
export function useRegulationNames() {
  return useQuery({
    queryKey: ['regulations', 'list', 'names'] as const,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: 10 * 60_000,
  });
}
