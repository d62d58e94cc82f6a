import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

const adminRoles = ['admin'] as const;

export const routes: RouteObject[] = [
  {
    path: 'admin',
    ...lazyPage(() => import('./components/AdminPage').then((m) => m.AdminPage), (page) => <RequireRole roles={adminRoles}>{page}</RequireRole>),
  },
];

export const navigation: NavItem[] = [{ to: '/admin', ns: 'admin', label: 'nav', order: 100, roles: adminRoles }];
