import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import type { NavItem } from '@/lib/routing/types';

const AdminPage = lazy(() => import('./components/AdminPage').then((m) => ({ default: m.AdminPage })));

const adminRoles = ['admin'] as const;

export const routes: RouteObject[] = [
  {
    path: 'admin',
    element: (
      <RequireRole roles={adminRoles}>
        <AdminPage />
      </RequireRole>
    ),
  },
];

export const navigation: NavItem[] = [{ to: '/admin', ns: 'admin', label: 'nav', order: 100, roles: adminRoles }];
