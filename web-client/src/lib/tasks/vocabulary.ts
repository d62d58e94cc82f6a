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
