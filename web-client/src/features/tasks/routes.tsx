import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

/** Coordinators create any task of their regulations; officers those their own unit leads. */
export const taskWriterRoles = ['coordinator', 'officer'] as const;

export const routes: RouteObject[] = [
  { path: 'tasks', ...lazyPage(() => import('./components/TaskListPage').then((m) => m.TaskListPage)) },
  {
    path: 'tasks/new',
    ...lazyPage(() => import('./components/TaskFormPage').then((m) => m.TaskCreatePage), (page) => <RequireRole roles={taskWriterRoles}>{page}</RequireRole>),
  },
  { path: 'tasks/:id', ...lazyPage(() => import('./components/TaskDetailPage').then((m) => m.TaskDetailPage)) },
  {
    path: 'tasks/:id/edit',
    ...lazyPage(() => import('./components/TaskFormPage').then((m) => m.TaskEditPage), (page) => <RequireRole roles={taskWriterRoles}>{page}</RequireRole>),
  },
];

export const navigation: NavItem[] = [
  { to: '/tasks', ns: 'tasks', label: 'nav', order: 20 },
  { to: '/tasks/new', ns: 'tasks', label: 'navNew', order: 21, roles: taskWriterRoles },
];
