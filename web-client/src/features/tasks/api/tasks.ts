import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { allPages, maxPageSize } from '@/lib/api/pages';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import type { ResponseBody } from '@/lib/api/types';
import { filtersToQuery, type TaskFilters } from '../filters';

export type Task = components['schemas']['Task'];
export type TaskSummary = components['schemas']['TaskSummary'];
export type TaskHistoryEntry = components['schemas']['TaskHistoryEntry'];
export type ProgressReport = components['schemas']['ProgressReport'];
export type CreateTaskRequest = components['schemas']['CreateTaskRequest'];
export type UpdateTaskRequest = components['schemas']['UpdateTaskRequest'];
export type ProgressReportRequest = components['schemas']['ProgressReportRequest'];
export type Provision = components['schemas']['Provision'];
export type RegulationSummary = ResponseBody<'/api/v1/regulations'>['items'][number];

export const taskKeys = {
  all: ['tasks'] as const,
  lists: () => [...taskKeys.all, 'list'] as const,
  list: (filters: TaskFilters) => [...taskKeys.lists(), filters] as const,
  detail: (id: number) => [...taskKeys.all, 'detail', id] as const,
  history: (id: number) => [...taskKeys.all, 'history', id] as const,
  reports: (id: number) => [...taskKeys.all, 'reports', id] as const,
};

export function useTaskList(filters: TaskFilters) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/v1/tasks', {
          params: { query: { ...filtersToQuery(filters), limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
}

/** A task with the ETag its next update must send in If-Match. */
export interface VersionedTask {
  task: Task;
  etag: string | null;
}

export function useTask(id: number) {
  return useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: async ({ signal }): Promise<VersionedTask> => {
      const result = await api.GET('/api/v1/tasks/{id}', { params: { path: { id } }, signal });
      return { task: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useTaskHistory(id: number) {
  return useQuery({
    queryKey: taskKeys.history(id),
    queryFn: ({ signal }) =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/tasks/{id}/history', { params: { path: { id }, query: { cursor, limit: maxPageSize } }, signal })),
      ),
  });
}

export function useTaskReports(id: number) {
  return useQuery({
    queryKey: taskKeys.reports(id),
    queryFn: ({ signal }) =>
      allPages(async (cursor) =>
        unwrap(await api.GET('/api/v1/tasks/{id}/reports', { params: { path: { id }, query: { cursor, limit: maxPageSize } }, signal })),
      ),
  });
}

/** After any change to a task: its detail, history, reports and every list (the dashboard refetches on its own). */
function useInvalidateTask() {
  const queryClient = useQueryClient();
  return (id?: number) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: taskKeys.lists() }),
      ...(id ? [queryClient.invalidateQueries({ queryKey: [...taskKeys.all, 'detail', id] }), queryClient.invalidateQueries({ queryKey: taskKeys.history(id) }), queryClient.invalidateQueries({ queryKey: taskKeys.reports(id) })] : []),
      queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
    ]);
}

export function useCreateTask() {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: CreateTaskRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/tasks', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: (task) => invalidate(task.id),
  });
}

export function useUpdateTask(id: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: UpdateTaskRequest; etag: string }) =>
      unwrap(await api.PUT('/api/v1/tasks/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
    onSuccess: () => invalidate(id),
  });
}

export function useTransitionTask(id: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: async ({ to, comment }: { to: components['schemas']['TransitionRequest']['to']; comment: string }) =>
      unwrap(await api.POST('/api/v1/tasks/{id}/transitions', { params: { path: { id } }, body: { to, ...(comment.trim() ? { comment: comment.trim() } : {}) } })),
    onSuccess: () => invalidate(id),
  });
}

export function useReportProgress(id: number) {
  const invalidate = useInvalidateTask();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: ProgressReportRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/tasks/{id}/reports', { params: { path: { id } }, body, headers: { 'Idempotency-Key': idempotencyKey } })),
    onSuccess: () => invalidate(id),
  });
}

// Reference data: the regulations and their text (agencies and units: lib/reference). They change rarely.
const referenceStaleTime = 30 * 60_000;

export function useRegulationChoices() {
  return useQuery({
    queryKey: ['tasks', 'regulations'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: referenceStaleTime,
  });
}

export interface ProvisionOption {
  aknId: string;
  label: string;
  depth: number;
}

/** The articles, clauses and points of the text in force, for the citation pickers. */
export function useCitableProvisions(regulationId: number | null) {
  return useQuery({
    queryKey: ['tasks', 'provisions', regulationId],
    enabled: regulationId !== null,
    staleTime: referenceStaleTime,
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/regulations/{regulationId}/text', { params: { path: { regulationId: regulationId! }, query: { lang: 'both' } }, signal })),
  });
}
