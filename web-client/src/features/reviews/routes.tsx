import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

export const routes: RouteObject[] = [
  { path: 'reviews', ...lazyPage(() => import('./components/ReviewTimelinePage').then((m) => m.ReviewTimelinePage)) },
  { path: 'reviews/summary', ...lazyPage(() => import('./components/SummaryPage').then((m) => m.SummaryPage)) },
  { path: 'reviews/:id', ...lazyPage(() => import('./components/ReviewWorkspacePage').then((m) => m.ReviewWorkspacePage)) },
];

export const navigation: NavItem[] = [{ to: '/reviews', ns: 'reviews', label: 'nav', order: 40 }];
