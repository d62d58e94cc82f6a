import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isRouteMissing, notificationsApi, type NotificationPreferences } from '@/lib/api/collaboration';

/** How often the bell asks for the unread count while the tab is open (it also asks when the tab regains focus). */
export const unreadPollMs = 30_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => [...notificationKeys.all, 'unread-count'] as const,
  latest: () => [...notificationKeys.all, 'latest'] as const,
  preferences: () => [...notificationKeys.all, 'preferences'] as const,
};

/** A route that is not there answers the same every time: do not ask again. */
const retryUnlessMissing = (failures: number, error: unknown) => !isRouteMissing(error) && failures < 2;

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) => notificationsApi.unreadCount(signal),
    refetchInterval: (query) => (isRouteMissing(query.state.error) ? false : unreadPollMs),
    refetchOnWindowFocus: true,
    retry: retryUnlessMissing,
  });
}

export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) => notificationsApi.list({ limit: 20, signal }),
    enabled,
    staleTime: 0,
    retry: retryUnlessMissing,
  });
}

function useRefreshNotifications() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

export function useMarkRead() {
  const refresh = useRefreshNotifications();
  return useMutation({ mutationFn: (id: number) => notificationsApi.markRead(id), onSettled: refresh });
}

export function useMarkAllRead() {
  const refresh = useRefreshNotifications();
  return useMutation({ mutationFn: () => notificationsApi.markAllRead(), onSettled: refresh });
}

export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) => notificationsApi.preferences(signal),
    retry: retryUnlessMissing,
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ preferences, etag }: { preferences: NotificationPreferences; etag: string | null }) => notificationsApi.savePreferences(preferences, etag),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences(), saved),
  });
}
