import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

// Each screen is its own chunk, so the first load carries only the shell and the screen it opens.
const RegulationListPage = lazy(() => import('./components/RegulationListPage').then((m) => ({ default: m.RegulationListPage })));
const RegulationDetailPage = lazy(() => import('./components/RegulationDetailPage').then((m) => ({ default: m.RegulationDetailPage })));

export const routes: RouteObject[] = [
  { path: 'regulations', element: <RegulationListPage /> },
  { path: 'regulations/:id', element: <RegulationDetailPage /> },
];

export const navigation: NavItem[] = [{ to: '/regulations', ns: 'translation', label: 'nav.regulations', order: 10 }];
