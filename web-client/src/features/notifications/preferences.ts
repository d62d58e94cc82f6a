import type { NotificationKindPreference, NotificationPreferences } from '@/lib/api/collaboration';

/** One kind's switch turned, the others as they were. */
export function withKind(preferences: NotificationPreferences, kind: string, channel: 'inApp' | 'email', on: boolean): NotificationPreferences {
  return {
    ...preferences,
    kinds: preferences.kinds.map((k): NotificationKindPreference => (k.kind === kind ? { ...k, [channel]: on } : k)),
  };
}

/** Whether two sets of preferences say the same (the Save button is idle until something changed). */
export function samePreferences(a: NotificationPreferences, b: NotificationPreferences): boolean {
  const key = (p: NotificationPreferences) =>
    JSON.stringify([p.digest, [...p.kinds].sort((x, y) => x.kind.localeCompare(y.kind)).map((k) => [k.kind, k.inApp, k.email])]);
  return key(a) === key(b);
}
