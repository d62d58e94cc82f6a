import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { allPages, maxPageSize } from '@/lib/api/pages';
import { unwrap } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';
import { vocabulary, type Schemas } from '@/lib/api/vocabulary';

export type User = components['schemas']['User'];
export type CreateUserRequest = components['schemas']['CreateUserRequest'];
export type UpdateUserRequest = components['schemas']['UpdateUserRequest'];
export type ApiClient = components['schemas']['ApiClient'];
export type ApiClientCreated = components['schemas']['ApiClientCreated'];
export type CreateApiClientRequest = components['schemas']['CreateApiClientRequest'];

/** What an agency system's key may be granted (the API's `Scopes.All`). */
export const scopes = vocabulary<Schemas['Scope']>()(['regulations:read', 'regulations:write', 'tasks:read', 'tasks:write', 'reviews:read', 'reviews:write', 'audit:read', 'export']);

export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
  user: (id: number) => [...adminKeys.all, 'users', id] as const,
  clients: () => [...adminKeys.all, 'api-clients'] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: adminKeys.users(),
    queryFn: ({ signal }) =>
      allPages(async (cursor) => unwrap(await api.GET('/api/v1/admin/users', { params: { query: { cursor, limit: maxPageSize } }, signal }))),
  });
}

/** One user read fresh, with the ETag an update must send back. */
export function useUser(id: number) {
  return useQuery({
    queryKey: adminKeys.user(id),
    queryFn: async ({ signal }) => {
      const result = await api.GET('/api/v1/admin/users/{id}', { params: { path: { id } }, signal });
      return { user: unwrap(result), etag: result.response.headers.get('ETag') };
    },
    staleTime: 0,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateUserRequest) => unwrap(await api.POST('/api/v1/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}

export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: UpdateUserRequest; etag: string }) =>
      unwrap(await api.PUT('/api/v1/admin/users/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}

export function useSetPassword(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (password: string) => {
      unwrap(await api.POST('/api/v1/admin/users/{id}/password', { params: { path: { id } }, body: { password } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}

export function useApiClients() {
  return useQuery({
    queryKey: adminKeys.clients(),
    queryFn: ({ signal }) =>
      allPages(async (cursor) => unwrap(await api.GET('/api/v1/admin/api-clients', { params: { query: { cursor, limit: maxPageSize } }, signal }))),
  });
}

export function useCreateApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateApiClientRequest) => unwrap(await api.POST('/api/v1/admin/api-clients', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clients() }),
  });
}

export function useRevokeApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/api/v1/admin/api-clients/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clients() }),
  });
}
