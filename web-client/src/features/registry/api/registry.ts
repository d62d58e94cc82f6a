import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import { referenceKeys } from '@/lib/reference/agencies';

export type Agency = components['schemas']['Agency'];
export type AgencyRequest = components['schemas']['AgencyRequest'];
export type Unit = components['schemas']['Unit'];
export type UnitRequest = components['schemas']['UnitRequest'];
export type Person = components['schemas']['Person'];
export type PersonRequest = components['schemas']['PersonRequest'];
export type FirstAdmin = components['schemas']['FirstAdmin'];
export type FirstAdminRequest = components['schemas']['FirstAdminRequest'];

/** What the person list is filtered by (the address of the persons screen holds the same). */
export interface PersonFilters {
  agency?: string | undefined;
  q?: string | undefined;
  active?: boolean | undefined;
}

// The agency list and the unit trees are the shared reference data of lib/reference (one cache entry each):
// a change here refreshes them there, so every picker of the app shows the new agency or unit.
export const registryKeys = {
  agency: (code: string) => ['registry', 'agency', code] as const,
  unit: (code: string) => ['registry', 'unit', code] as const,
  persons: () => ['registry', 'persons'] as const,
  personList: (filters: PersonFilters) => ['registry', 'persons', 'list', filters] as const,
  person: (key: string) => ['registry', 'persons', 'one', key] as const,
  firstAdmin: (code: string) => ['registry', 'first-admin', code] as const,
};

/** A record read fresh with the ETag its update must send in If-Match. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

function versioned<T>(result: { data?: T; error?: unknown; response: Response }): Versioned<T> {
  return { value: unwrap(result), etag: result.response.headers.get('ETag') ?? '' };
}

export function useAgency(code: string) {
  return useQuery({
    queryKey: registryKeys.agency(code),
    queryFn: async ({ signal }) => versioned(await api.GET('/api/v1/agencies/{code}', { params: { path: { code } }, signal })),
    staleTime: 0,
  });
}

export function useCreateAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: AgencyRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/agencies', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: referenceKeys.agencies }),
  });
}

export function useUpdateAgency(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: AgencyRequest; etag: string }) =>
      unwrap(await api.PUT('/api/v1/agencies/{code}', { params: { path: { code }, header: { 'If-Match': etag } }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: referenceKeys.agencies, exact: true }),
        queryClient.invalidateQueries({ queryKey: registryKeys.agency(code) }),
      ]),
  });
}

export function useUnit(code: string) {
  return useQuery({
    queryKey: registryKeys.unit(code),
    queryFn: async ({ signal }) => versioned(await api.GET('/api/v1/units/{code}', { params: { path: { code } }, signal })),
    staleTime: 0,
  });
}

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: UnitRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/units', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
    onSuccess: (unit) => queryClient.invalidateQueries({ queryKey: referenceKeys.units(unit.agencyCode) }),
  });
}

export function useUpdateUnit(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: UnitRequest; etag: string }) =>
      unwrap(await api.PUT('/api/v1/units/{code}', { params: { path: { code }, header: { 'If-Match': etag } }, body })),
    onSuccess: (unit) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: referenceKeys.units(unit.agencyCode) }),
        queryClient.invalidateQueries({ queryKey: registryKeys.unit(code) }),
      ]),
  });
}

export function usePersonList(filters: PersonFilters) {
  return useInfiniteQuery({
    queryKey: registryKeys.personList(filters),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET('/api/v1/persons', {
          params: {
            query: {
              ...(filters.agency ? { agency: filters.agency } : {}),
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.active !== undefined ? { active: filters.active } : {}),
              limit: 50,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? null,
  });
}

export function usePerson(key: string) {
  return useQuery({
    queryKey: registryKeys.person(key),
    queryFn: async ({ signal }) => versioned(await api.GET('/api/v1/persons/{key}', { params: { path: { key } }, signal })),
    staleTime: 0,
  });
}

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: PersonRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/persons', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.persons() }),
  });
}

export function useUpdatePerson(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: PersonRequest; etag: string }) =>
      unwrap(await api.PUT('/api/v1/persons/{key}', { params: { path: { key }, header: { 'If-Match': etag } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.persons() }),
  });
}

/** The first admin a registry admin gave the agency, or null when it has none (a 404). */
export function useFirstAdmin(code: string) {
  return useQuery({
    queryKey: registryKeys.firstAdmin(code),
    queryFn: async ({ signal }) => {
      const result = await api.GET('/api/v1/agencies/{code}/first-admin', { params: { path: { code } }, signal });
      return result.response.status === 404 ? null : unwrap(result);
    },
  });
}

export function useCreateFirstAdmin(code: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, idempotencyKey }: { body: FirstAdminRequest; idempotencyKey: string }) =>
      unwrap(await api.POST('/api/v1/agencies/{code}/first-admin', { params: { path: { code }, header: { 'Idempotency-Key': idempotencyKey } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: registryKeys.firstAdmin(code) }),
  });
}
