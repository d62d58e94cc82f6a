import { describe, expect, it } from 'vitest';
import { datasets, datasetsFor, exportQuery } from './datasets';

const dataset = (name: string) => datasets.find((d) => d.name === name)!;

describe('export datasets', () => {
  it('are offered by role: the audit trail to auditors only on this page', () => {
    expect(datasetsFor(['auditor']).map((d) => d.name)).toContain('audit');
    expect(datasetsFor(['coordinator']).map((d) => d.name)).not.toContain('audit');
    expect(datasetsFor(['coordinator']).map((d) => d.name)).toContain('tasks');
    expect(datasetsFor(['viewer'])).toEqual([]);
    expect(datasetsFor(undefined)).toEqual([]);
  });

  it('send only the filters that were filled, numbers as numbers, statuses repeated', () => {
    expect(exportQuery(dataset('tasks'), 'csv', { regulationId: '1', status: ['overdue', 'in_progress'], planYear: ' 2024 ', q: '  ', leadUnit: '' })).toEqual({
      format: 'csv',
      regulationId: 1,
      status: ['overdue', 'in_progress'],
      planYear: 2024,
    });
    expect(exportQuery(dataset('tasks'), 'xlsx', { status: [] })).toEqual({ format: 'xlsx' });
  });

  it('send local date-times as instants', () => {
    const query = exportQuery(dataset('audit'), 'jsonl', { from: '2024-05-01T08:30', actor: 'mps.admin' });
    expect(query.format).toBe('jsonl');
    expect(query.actor).toBe('mps.admin');
    expect(query.from).toBe(new Date('2024-05-01T08:30').toISOString());
  });
});
