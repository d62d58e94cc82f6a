import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

const ReviewTimelinePage = lazy(() => import('./components/ReviewTimelinePage').then((m) => ({ default: m.ReviewTimelinePage })));
const ReviewWorkspacePage = lazy(() => import('./components/ReviewWorkspacePage').then((m) => ({ default: m.ReviewWorkspacePage })));
const SummaryPage = lazy(() => import('./components/SummaryPage').then((m) => ({ default: m.SummaryPage })));

export const routes: RouteObject[] = [
  { path: 'reviews', element: <ReviewTimelinePage /> },
  { path: 'reviews/summary', element: <SummaryPage /> },
  { path: 'reviews/:id', element: <ReviewWorkspacePage /> },
];

export const navigation: NavItem[] = [{ to: '/reviews', ns: 'reviews', label: 'nav', order: 40 }];
