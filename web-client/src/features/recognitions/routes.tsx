import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

const RecognitionListPage = lazy(() => import('./components/RecognitionListPage').then((m) => ({ default: m.RecognitionListPage })));
const RecognitionDetailPage = lazy(() => import('./components/RecognitionDetailPage').then((m) => ({ default: m.RecognitionDetailPage })));

export const routes: RouteObject[] = [
  { path: 'recognitions', element: <RecognitionListPage /> },
  { path: 'recognitions/:id', element: <RecognitionDetailPage /> },
];

export const navigation: NavItem[] = [{ to: '/recognitions', ns: 'recognitions', label: 'nav', order: 50 }];
