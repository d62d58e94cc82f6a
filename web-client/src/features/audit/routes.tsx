import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import type { NavItem } from '@/lib/routing/types';

const AuditPage = lazy(() => import('./components/AuditPage').then((m) => ({ default: m.AuditPage })));

const auditRoles = ['auditor', 'admin'] as const;

export const routes: RouteObject[] = [
  {
    path: 'audit',
    element: (
      <RequireRole roles={auditRoles}>
        <AuditPage />
      </RequireRole>
    ),
  },
];

export const navigation: NavItem[] = [{ to: '/audit', ns: 'audit', label: 'nav', order: 90, roles: auditRoles }];
