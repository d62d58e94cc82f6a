import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

// Each screen is its own chunk, so the first load carries only the shell and the screen it opens.
const RegulationListPage = lazy(() => import('./components/RegulationListPage').then((m) => ({ default: m.RegulationListPage })));
const RegulationDetailPage = lazy(() => import('./components/RegulationDetailPage').then((m) => ({ default: m.RegulationDetailPage })));
const ComparePage = lazy(() => import('./components/ComparePage').then((m) => ({ default: m.ComparePage })));

export const routes: RouteObject[] = [
  { path: 'regulations', element: <RegulationListPage /> },
  { path: 'regulations/:id', element: <RegulationDetailPage /> },
  { path: 'regulations/:id/compare', element: <ComparePage /> },
];

export const navigation: NavItem[] = [{ to: '/regulations', ns: 'regulations', label: 'nav', order: 10 }];
