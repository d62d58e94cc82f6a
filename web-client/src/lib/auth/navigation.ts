import type { NavItem } from '@/lib/routing/types';

/** The menu entries a person with these roles may use: entries without `roles` are for everyone signed in. */
export function visibleNavigation(items: readonly NavItem[], roles: readonly string[] | null | undefined): NavItem[] {
  if (!roles) return [];
  return items.filter((item) => !item.roles || item.roles.some((role) => roles.includes(role))).sort((a, b) => a.order - b.order);
}
