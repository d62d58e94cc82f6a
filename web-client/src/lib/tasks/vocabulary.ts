import { vocabulary, type Schemas } from '@/lib/api/vocabulary';
import { clearances } from '@/lib/auth/roles';

// The codes the API takes for a task's kind, recurrence, priority and classification, checked at compile time against
// the enums of the API document (generated from Features/Tasks/TaskVocabulary.cs); every picker and every schema reads
// them from here.

export const taskKinds = vocabulary<Schemas['TaskKind']>()(['one_off', 'recurring', 'continuous']);
export type TaskKind = (typeof taskKinds)[number];

export const taskRecurrences = vocabulary<Schemas['Recurrence']>()(['monthly', 'quarterly', 'semiannual', 'annual']);
export type TaskRecurrence = (typeof taskRecurrences)[number];

export const taskPriorities = vocabulary<Schemas['Priority']>()(['low', 'normal', 'high', 'urgent']);
export type TaskPriority = (typeof taskPriorities)[number];

/** A task is classified at one of the clearance levels, lowest first. */
export const classifications = clearances;

/**
 * The statuses a task list is filtered by: the stored ones and the derived `overdue`. `carried_over` (closed by a review
 * that carried the work into the next plan year, which goes on as its successor) is listed only when asked for.
 */
export const taskFilterStatuses = vocabulary<Schemas['TaskStatusFilter']>()(['draft', 'assigned', 'in_progress', 'completed', 'cancelled', 'carried_over', 'overdue']);

/** The orders of the task list (and of its export): by due date either way, by code, latest or oldest change first. */
export const taskSorts = vocabulary<Schemas['TaskSort']>()(['due', '-due', 'code', '-updated', 'updated']);
