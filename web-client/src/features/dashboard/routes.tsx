import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

// The charts live in this chunk only.
const DashboardPage = lazy(() => import('./components/DashboardPage').then((m) => ({ default: m.DashboardPage })));

export const routes: RouteObject[] = [{ path: 'dashboard', element: <DashboardPage /> }];

export const navigation: NavItem[] = [{ to: '/dashboard', ns: 'dashboard', label: 'nav', order: 5 }];
