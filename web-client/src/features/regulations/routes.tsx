import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';
import { regulationWriterRoles } from './access';

// Each screen is its own chunk, so the first load carries only the shell and the screen it opens.
export const routes: RouteObject[] = [
  { path: 'regulations', ...lazyPage(() => import('./components/RegulationListPage').then((m) => m.RegulationListPage)) },
  {
    path: 'regulations/new',
    ...lazyPage(() => import('./components/RegulationCreatePage').then((m) => m.RegulationCreatePage), (page) => <RequireRole roles={regulationWriterRoles}>{page}</RequireRole>),
  },
  { path: 'regulations/:id', ...lazyPage(() => import('./components/RegulationDetailPage').then((m) => m.RegulationDetailPage)) },
  { path: 'regulations/:id/compare', ...lazyPage(() => import('./components/ComparePage').then((m) => m.ComparePage)) },
];

export const navigation: NavItem[] = [{ to: '/regulations', ns: 'regulations', label: 'nav', order: 10 }];
