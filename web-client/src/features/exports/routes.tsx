import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import type { NavItem } from '@/lib/routing/types';

const ExportsPage = lazy(() => import('./components/ExportsPage').then((m) => ({ default: m.ExportsPage })));

/** Auditors and coordinators export; of them, only auditors see the audit trail dataset. */
const exportRoles = ['auditor', 'coordinator'] as const;

export const routes: RouteObject[] = [
  {
    path: 'exports',
    element: (
      <RequireRole roles={exportRoles}>
        <ExportsPage />
      </RequireRole>
    ),
  },
];

export const navigation: NavItem[] = [{ to: '/exports', ns: 'exports', label: 'nav', order: 80, roles: exportRoles }];
