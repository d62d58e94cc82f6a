import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
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

export type RegulationRequest = components['schemas']['RegulationRequest'];
export type ScheduleResult = components['schemas']['ScheduleResult'];
export type Person = components['schemas']['Person'];

/** Creates a regulation; the Idempotency-Key makes a resent submission replay the first answer. */
export function useCreateRegulation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: RegulationRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/regulations', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: regulationKeys.list() }),
  });
}

/** Generates a regulation's review schedule from its policy; the review screens read it afresh afterwards. */
export function useGenerateSchedule(regulationId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/reviews/generate', { params: { query: { regulationId } } })),
    // The reviews feature keeps its lists under the key ['reviews', ...].
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews'] }),
  });
}

/** The active persons of each of the given agencies (the signatory candidates), agency by agency. */
export function usePersonsOf(agencyCodes: readonly string[]) {
  const lists = useQueries({
    queries: agencyCodes.map((agency) => ({
      queryKey: ['persons', 'of', agency] as const,
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        unwrap(await api.GET('/api/v1/persons', { params: { query: { agency, active: true, limit: 200 } }, signal })).items,
      staleTime: 60_000,
    })),
  });
  return {
    persons: lists.flatMap((list) => list.data ?? []),
    isPending: lists.some((list) => list.isPending),
    error: lists.find((list) => list.error)?.error ?? null,
  };
}
