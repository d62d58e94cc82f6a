import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import { auditFiltersToQuery, type AuditFilters } from '../filters';

export type AuditEntry = components['schemas']['AuditEntry'];
export type AuditVerification = components['schemas']['AuditVerification'];

export function useAuditEntries(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', 'entries', filters],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/v1/audit', {
          params: { query: { ...auditFiltersToQuery(filters), limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? null,
    staleTime: 0,
  });
}

/** Recomputing the chain reads every entry: run it when asked, not on every visit. */
export function useVerifyChain() {
  return useMutation({
    mutationFn: async () => unwrap(await api.GET('/api/v1/audit/verify')),
  });
}
