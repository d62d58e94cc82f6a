import { describe, expect, it } from 'vitest';
import { boundDifferences } from '@/testing/openapiBounds';
import { taskFormSchema } from './taskForm';

describe('the task form schema', () => {
  it.each([
    // The regulation is picked from the API's own list, not typed.
    ['CreateTaskRequest', ['regulationId']],
    ['UpdateTaskRequest', []],
    ['PlanTaskInput', []],
  ])('has the bounds of %s', (request, notInForm) => {
    expect(boundDifferences(taskFormSchema, request, notInForm)).toEqual([]);
  });
});
