import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

// The charts live in this chunk only.
export const routes: RouteObject[] = [{ path: 'dashboard', ...lazyPage(() => import('./components/DashboardPage').then((m) => m.DashboardPage)) }];

export const navigation: NavItem[] = [{ to: '/dashboard', ns: 'dashboard', label: 'nav', order: 5 }];
