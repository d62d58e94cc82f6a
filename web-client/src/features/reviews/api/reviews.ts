import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { allPages, maxPageSize } from '@/lib/api/pages';
import { ApiError, unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import type { ResponseBody } from '@/lib/api/types';
import { vocabulary } from '@/lib/api/vocabulary';

export type Review = components['schemas']['Review'];
export type Evaluation = components['schemas']['Evaluation'];
export type Plan = components['schemas']['Plan'];
export type PlanItem = components['schemas']['PlanItem'];
export type PlanTaskInput = components['schemas']['PlanTaskInput'];
export type ReviewTransitionRequest = components['schemas']['ReviewTransitionRequest'];
export type PreliminarySummary = components['schemas']['PreliminarySummary'];
export type CompletionGroup = components['schemas']['CompletionGroup'];
export type Completion = components['schemas']['Completion'];
export type SummaryArticle = components['schemas']['SummaryArticle'];
export type RegulationSummary = ResponseBody<'/api/v1/regulations'>['items'][number];
export type RegulationDetail = ResponseBody<'/api/v1/regulations/{id}'>;

/** The results a review can record for a task, in the order a form offers them. */
export type EvaluationResult = components['schemas']['EvaluationResult'];
export const evaluationResults = vocabulary<EvaluationResult>()(['achieved', 'partly_achieved', 'not_achieved', 'not_applicable']);

export const reviewKeys = {
  all: ['reviews'] as const,
  list: () => [...reviewKeys.all, 'list'] as const,
  detail: (id: number) => [...reviewKeys.all, 'detail', id] as const,
  evaluations: (id: number) => [...reviewKeys.all, 'evaluations', id] as const,
  plan: (id: number) => [...reviewKeys.all, 'plan', id] as const,
  summary: (regulationId: number) => [...reviewKeys.all, 'summary', regulationId] as const,
};

export function useReviews() {
  return useQuery({
    queryKey: reviewKeys.list(),
    queryFn: ({ signal }) =>
      allPages(async (cursor) => unwrap(await api.GET('/api/v1/reviews', { params: { query: { cursor, limit: maxPageSize } }, signal }))),
  });
}

export function useReview(id: number) {
  return useQuery({
    queryKey: reviewKeys.detail(id),
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/reviews/{id}', { params: { path: { id } }, signal })),
  });
}

export function useEvaluations(id: number) {
  return useQuery({
    queryKey: reviewKeys.evaluations(id),
    queryFn: ({ signal }) =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/reviews/{id}/evaluations', { params: { path: { id }, query: { cursor, limit: maxPageSize } }, signal })),
      ),
  });
}

export function usePlan(id: number, enabled = true) {
  return useQuery({
    queryKey: reviewKeys.plan(id),
    enabled,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/reviews/{id}/plan', { params: { path: { id } }, signal })),
  });
}

export function useSummary(regulationId: number | null) {
  return useQuery({
    queryKey: reviewKeys.summary(regulationId ?? 0),
    enabled: regulationId !== null,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/reviews/summary', { params: { query: { regulationId: regulationId! } }, signal })),
  });
}

export function useRegulationList() {
  return useQuery({
    queryKey: ['regulations', 'list', 'names'] as const,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: 10 * 60_000,
  });
}

export function useRegulationDetail(id: number | null) {
  return useQuery({
    queryKey: ['regulations', 'detail', id ?? 0] as const,
    enabled: id !== null,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations/{id}', { params: { path: { id: id! } }, signal })),
  });
}

/** After any change to a review: the review, its grid, its plan, the schedule and the summary may all differ. */
function useInvalidateReview(id: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: reviewKeys.evaluations(id) }),
      queryClient.invalidateQueries({ queryKey: reviewKeys.plan(id) }),
      queryClient.invalidateQueries({ queryKey: reviewKeys.list() }),
      queryClient.invalidateQueries({ queryKey: [...reviewKeys.all, 'summary'] }),
    ]);
}

export function useTransition(id: number) {
  const invalidate = useInvalidateReview(id);
  return useMutation({
    mutationFn: async (body: ReviewTransitionRequest) =>
      unwrap(await api.POST('/api/v1/reviews/{id}/transitions', { params: { path: { id } }, body })),
    onSuccess: invalidate,
  });
}

export function useEvaluate(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    // The row's ETag as read goes back in If-Match ("0" for a task not evaluated yet): 412 when the other party's
    // coordinator recorded a result meanwhile.
    mutationFn: async ({ taskId, etag, result, comment }: { taskId: number; etag: string; result: EvaluationResult; comment: string | null }) =>
      unwrap(
        await api.PUT('/api/v1/reviews/{id}/evaluations/{taskId}', {
          params: { path: { id, taskId }, header: { 'If-Match': etag } },
          body: { result, comment },
        }),
      ),
    // One row changed: put the server's answer in place rather than reloading the whole grid under the person's hands.
    onSuccess: (saved) => {
      queryClient.setQueryData<Evaluation[]>(reviewKeys.evaluations(id), (rows) =>
        rows?.map((row) => (row.task.id === saved.task.id ? saved : row)),
      );
      void queryClient.invalidateQueries({ queryKey: reviewKeys.plan(id) });
    },
    // Someone else recorded this result since it was read: read the grid again, so that their result and ETag show.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) void queryClient.invalidateQueries({ queryKey: reviewKeys.evaluations(id) });
    },
  });
}

export function useEvaluateFromBaseline(id: number) {
  const invalidate = useInvalidateReview(id);
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/reviews/{id}/evaluations/from-baseline', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}

export function useCreateFeedToken() {
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/feed-token')),
  });
}
