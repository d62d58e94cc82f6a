import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { ResponseBody } from '@/lib/api/types';

export type Dashboard = ResponseBody<'/api/v1/dashboard'>;
export type StatusCounts = Dashboard['counts'];
export type AgencyCounts = Dashboard['byAgency'][number];
export type UnitProgress = Dashboard['progressByUnit'][number];
export type ArticleCoverage = Dashboard['coverage'][number];
export type TaskSummary = Dashboard['overdue'][number];
export type DashboardReview = Dashboard['nextReviews'][number];
export type RegulationSummary = ResponseBody<'/api/v1/regulations'>['items'][number];

export const dashboardKeys = {
  all: ['dashboard'] as const,
  regulations: () => [...dashboardKeys.all, 'regulations'] as const,
  detail: (regulationId: number | null) => [...dashboardKeys.all, 'detail', regulationId] as const,
};

/** The regulations the person sees (the first page is plenty for a picker: an agency is party to few). */
export function useRegulationChoices() {
  return useQuery({
    queryKey: dashboardKeys.regulations(),
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v1/regulations', { params: { query: { limit: 100 } }, signal })).items,
    staleTime: 5 * 60_000,
  });
}

export function useDashboard(regulationId: number | null, enabled = true) {
  return useQuery({
    queryKey: dashboardKeys.detail(regulationId),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/v1/dashboard', { params: { query: regulationId ? { regulationId } : {} }, signal })),
    enabled,
    // The numbers move with every report; keep them fresh when someone comes back to the screen.
    staleTime: 0,
    refetchOnMount: 'always',
  });
}
