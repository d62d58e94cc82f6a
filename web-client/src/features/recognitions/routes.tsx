import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

export const routes: RouteObject[] = [
  { path: 'recognitions', ...lazyPage(() => import('./components/RecognitionListPage').then((m) => m.RecognitionListPage)) },
  { path: 'recognitions/:id', ...lazyPage(() => import('./components/RecognitionDetailPage').then((m) => m.RecognitionDetailPage)) },
];

export const navigation: NavItem[] = [{ to: '/recognitions', ns: 'recognitions', label: 'nav', order: 50 }];
