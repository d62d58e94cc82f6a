import { describe, expect, it } from 'vitest';
import type { AwaitingEvaluation, MyWorkTask } from './api/work';
import { byReview, byUrgency } from './groups';

const task = (code: string, dueState: MyWorkTask['dueState'], dueDate: string): MyWorkTask => ({
  id: code.length,
  code,
  title: code,
  status: 'assigned',
  progress: 0,
  dueDate,
  role: 'lead',
  dueState,
});

describe('my work', () => {
  it('puts overdue work first, then what is due soon, each by due date', () => {
    const ordered = byUrgency([
      task('C', 'on_track', '2026-01-01'),
      task('B', 'due_soon', '2026-12-10'),
      task('A', 'overdue', '2026-12-01'),
      task('D', 'due_soon', '2026-12-08'),
      task('E', 'overdue', '2026-11-01'),
    ]);
    expect(ordered.map((t) => t.code)).toEqual(['E', 'A', 'D', 'B', 'C']);
  });

  it('groups what awaits evaluation by review, keeping the order', () => {
    const item = (reviewId: number, taskId: number): AwaitingEvaluation => ({ reviewId, year: 2026, taskId, taskCode: `T${taskId}`, title: '' });
    const groups = byReview([item(3, 1), item(4, 2), item(3, 5)]);
    expect(groups.map((g) => [g.reviewId, g.tasks.map((t) => t.taskId)])).toEqual([
      [3, [1, 5]],
      [4, [2]],
    ]);
  });
});
