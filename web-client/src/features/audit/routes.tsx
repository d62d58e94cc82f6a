import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

const auditRoles = ['auditor', 'admin'] as const;

export const routes: RouteObject[] = [
  {
    path: 'audit',
    ...lazyPage(() => import('./components/AuditPage').then((m) => m.AuditPage), (page) => <RequireRole roles={auditRoles}>{page}</RequireRole>),
  },
];

export const navigation: NavItem[] = [{ to: '/audit', ns: 'audit', label: 'nav', order: 90, roles: auditRoles }];
