import { clearances } from '@/lib/auth/roles';

// The codes the API takes for a task's kind, recurrence, priority and classification (the validators of
// Features/Tasks accept exactly these); every picker and every schema reads them from here.

export const taskKinds = ['one_off', 'recurring', 'continuous'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const taskRecurrences = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type TaskRecurrence = (typeof taskRecurrences)[number];

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof taskPriorities)[number];

/** A task is classified at one of the clearance levels, lowest first. */
export const classifications = clearances;

/** The statuses a task list is filtered by: the stored ones and the derived `overdue`. */
export const taskFilterStatuses = ['draft', 'assigned', 'in_progress', 'completed', 'cancelled', 'overdue'] as const;

/** The orders of the task list (and of its export): by due date either way, by code, latest change first. */
export const taskSorts = ['due', '-due', 'code', '-updated'] as const;
