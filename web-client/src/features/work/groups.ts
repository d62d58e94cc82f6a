import type { AwaitingEvaluation, MyWorkTask } from './api/work';

const dueOrder: Record<MyWorkTask['dueState'], number> = { overdue: 0, due_soon: 1, on_track: 2 };

/** The tasks in the order to work on them: overdue first, then due soon, then the rest; each by due date, then code. */
export function byUrgency(tasks: readonly MyWorkTask[]): MyWorkTask[] {
  return [...tasks].sort((a, b) => dueOrder[a.dueState] - dueOrder[b.dueState] || a.dueDate.localeCompare(b.dueDate) || a.code.localeCompare(b.code));
}

/** The tasks awaiting evaluation grouped by review, in the order the API gives them. */
export function byReview(items: readonly AwaitingEvaluation[]): { reviewId: number; year: number; tasks: AwaitingEvaluation[] }[] {
  const groups = new Map<number, { reviewId: number; year: number; tasks: AwaitingEvaluation[] }>();
  for (const item of items) {
    const group = groups.get(item.reviewId) ?? { reviewId: item.reviewId, year: item.year, tasks: [] };
    group.tasks.push(item);
    groups.set(item.reviewId, group);
  }
  return [...groups.values()];
}
