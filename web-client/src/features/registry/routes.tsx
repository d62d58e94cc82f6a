import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';
import { registryRoles } from './access';

const guard = (page: ReactNode) => <RequireRole roles={registryRoles}>{page}</RequireRole>;

export const routes: RouteObject[] = [
  { path: 'registry', ...lazyPage(() => import('./components/AgenciesPage').then((m) => m.AgenciesPage), guard) },
  { path: 'registry/agencies/:code', ...lazyPage(() => import('./components/AgencyPage').then((m) => m.AgencyPage), guard) },
  { path: 'registry/persons', ...lazyPage(() => import('./components/PersonsPage').then((m) => m.PersonsPage), guard) },
];

// One menu entry (the menu of an admin who also coordinates is long already); the screens link to each other.
export const navigation: NavItem[] = [{ to: '/registry', ns: 'registry', label: 'nav', order: 110, roles: registryRoles }];
