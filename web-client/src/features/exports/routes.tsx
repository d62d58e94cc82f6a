import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

/** Auditors and coordinators export; of them, only auditors see the audit trail dataset. */
const exportRoles = ['auditor', 'coordinator'] as const;

export const routes: RouteObject[] = [
  {
    path: 'exports',
    ...lazyPage(() => import('./components/ExportsPage').then((m) => m.ExportsPage), (page) => <RequireRole roles={exportRoles}>{page}</RequireRole>),
  },
];

export const navigation: NavItem[] = [{ to: '/exports', ns: 'exports', label: 'nav', order: 80, roles: exportRoles }];
