import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import { RequireRole } from '@/lib/auth/RequireRole';
import type { NavItem } from '@/lib/routing/types';

const TaskListPage = lazy(() => import('./components/TaskListPage').then((m) => ({ default: m.TaskListPage })));
const TaskDetailPage = lazy(() => import('./components/TaskDetailPage').then((m) => ({ default: m.TaskDetailPage })));
const TaskCreatePage = lazy(() => import('./components/TaskFormPage').then((m) => ({ default: m.TaskCreatePage })));
const TaskEditPage = lazy(() => import('./components/TaskFormPage').then((m) => ({ default: m.TaskEditPage })));

/** Coordinators create any task of their regulations; officers those their own unit leads. */
export const taskWriterRoles = ['coordinator', 'officer'] as const;

export const routes: RouteObject[] = [
  { path: 'tasks', element: <TaskListPage /> },
  {
    path: 'tasks/new',
    element: (
      <RequireRole roles={taskWriterRoles}>
        <TaskCreatePage />
      </RequireRole>
    ),
  },
  { path: 'tasks/:id', element: <TaskDetailPage /> },
  {
    path: 'tasks/:id/edit',
    element: (
      <RequireRole roles={taskWriterRoles}>
        <TaskEditPage />
      </RequireRole>
    ),
  },
];

export const navigation: NavItem[] = [
  { to: '/tasks', ns: 'tasks', label: 'nav', order: 20 },
  { to: '/tasks/new', ns: 'tasks', label: 'navNew', order: 21, roles: taskWriterRoles },
];
