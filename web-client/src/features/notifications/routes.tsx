import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

export const routes: RouteObject[] = [
  { path: 'notifications/preferences', ...lazyPage(() => import('./components/PreferencesPage').then((m) => m.PreferencesPage)) },
];

// Reached from the bell in the header (app/AppShell.tsx), not from the menu.
export const navigation: NavItem[] = [];
