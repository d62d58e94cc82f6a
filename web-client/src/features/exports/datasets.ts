import { vocabulary, type Schemas } from '@/lib/api/vocabulary';

/** The export formats the API writes. */
export const formats = vocabulary<Schemas['ExportFormat']>()(['csv', 'json', 'jsonl', 'xlsx']);
export type Format = (typeof formats)[number];

export type FilterKind = 'text' | 'int' | 'date' | 'datetime' | 'agency' | 'regulation' | 'unit' | 'taskStatus' | 'classification' | 'sort' | 'reviewStatus';

export interface FilterSpec {
  name: string;
  kind: FilterKind;
  required?: boolean;
  /** Sent as repeated query parameters (`status=a&status=b`). */
  multiple?: boolean;
}

export interface Dataset {
  name: 'units' | 'articles' | 'tasks' | 'progress-reports' | 'reviews' | 'evaluations' | 'recognitions' | 'audit';
  /** Roles that may export it (the API's policies: exports for auditors and coordinators, the audit trail for auditors and admins). */
  roles: readonly string[];
  filters: readonly FilterSpec[];
}

const exporters = ['auditor', 'coordinator'] as const;

/** Each dataset with the filters of its list endpoint, as `GET /api/v1/exports/{dataset}` takes them. */
export const datasets: readonly Dataset[] = [
  {
    name: 'tasks',
    roles: exporters,
    filters: [
      { name: 'regulationId', kind: 'regulation' },
      { name: 'status', kind: 'taskStatus', multiple: true },
      { name: 'leadAgency', kind: 'agency' },
      { name: 'leadUnit', kind: 'unit' },
      { name: 'counterpartUnit', kind: 'unit' },
      { name: 'article', kind: 'text' },
      { name: 'planYear', kind: 'int' },
      { name: 'classification', kind: 'classification' },
      { name: 'dueFrom', kind: 'date' },
      { name: 'dueTo', kind: 'date' },
      { name: 'q', kind: 'text' },
      { name: 'sort', kind: 'sort' },
    ],
  },
  {
    name: 'progress-reports',
    roles: exporters,
    filters: [
      { name: 'regulationId', kind: 'regulation' },
      { name: 'taskId', kind: 'int' },
      { name: 'from', kind: 'date' },
      { name: 'to', kind: 'date' },
    ],
  },
  {
    name: 'reviews',
    roles: exporters,
    filters: [
      { name: 'regulationId', kind: 'regulation' },
      { name: 'year', kind: 'int' },
      { name: 'status', kind: 'reviewStatus' },
      { name: 'hostAgency', kind: 'agency' },
    ],
  },
  {
    name: 'evaluations',
    roles: exporters,
    filters: [
      { name: 'regulationId', kind: 'regulation' },
      { name: 'reviewId', kind: 'int' },
      { name: 'year', kind: 'int' },
    ],
  },
  {
    name: 'articles',
    roles: exporters,
    filters: [
      { name: 'regulationId', kind: 'regulation', required: true },
      { name: 'version', kind: 'int' },
    ],
  },
  { name: 'units', roles: exporters, filters: [{ name: 'agency', kind: 'agency' }] },
  {
    name: 'recognitions',
    roles: exporters,
    filters: [
      { name: 'awardingAgency', kind: 'agency' },
      { name: 'recipientAgency', kind: 'agency' },
      { name: 'year', kind: 'int' },
    ],
  },
  {
    name: 'audit',
    roles: ['auditor', 'admin'],
    filters: [
      { name: 'actor', kind: 'text' },
      { name: 'entityType', kind: 'text' },
      { name: 'entityId', kind: 'text' },
      { name: 'action', kind: 'text' },
      { name: 'from', kind: 'datetime' },
      { name: 'to', kind: 'datetime' },
    ],
  },
];

export function datasetsFor(roles: readonly string[] | undefined): Dataset[] {
  return datasets.filter((d) => d.roles.some((r) => roles?.includes(r)));
}

export type FilterValues = Record<string, string | string[]>;

/** The query of one export: empty filters left out, numbers as numbers, local date-times as instants. */
export function exportQuery(dataset: Dataset, format: Format, values: FilterValues): Record<string, string | number | string[]> {
  const query: Record<string, string | number | string[]> = { format };
  for (const filter of dataset.filters) {
    const value = values[filter.name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query[filter.name] = value;
      continue;
    }
    const trimmed = value.trim();
    if (!trimmed) continue;
    if (filter.kind === 'int' || filter.kind === 'regulation') {
      const number = Number(trimmed);
      if (Number.isInteger(number)) query[filter.name] = number;
    } else if (filter.kind === 'datetime') {
      const instant = new Date(trimmed);
      if (!Number.isNaN(instant.getTime())) query[filter.name] = instant.toISOString();
    } else {
      query[filter.name] = trimmed;
    }
  }
  return query;
}
