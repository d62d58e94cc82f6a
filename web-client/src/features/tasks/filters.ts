import type { paths } from '@/lib/api/schema';
import { classifications, taskFilterStatuses, taskSorts } from '@/lib/tasks/vocabulary';

export const defaultSort = 'due';

export type Sort = (typeof taskSorts)[number];

/** What the task list shows, as kept in the address bar so that a filtered list can be bookmarked and shared. */
export interface TaskFilters {
  regulationId?: number;
  status: (typeof taskFilterStatuses)[number][];
  leadAgency?: string;
  leadUnit?: string;
  counterpartUnit?: string;
  article?: string;
  planYear?: number;
  classification?: (typeof classifications)[number];
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  sort: Sort;
}

export type TaskListQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function text(params: URLSearchParams, name: string, max = 200): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value.slice(0, max) : undefined;
}

function positiveInt(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (!raw || !/^\d{1,9}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value > 0 ? value : undefined;
}

function date(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value && isoDate.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: string | null | undefined): T | undefined {
  return values.find((v) => v === value);
}

/** Reads the filters from a query string; what is malformed or unknown is dropped rather than sent to the API. */
export function parseFilters(params: URLSearchParams): TaskFilters {
  // In a fixed order, so that the same choice is the same filter (and the same cached query) however it was written.
  const asked = new Set(params.getAll('status').flatMap((s) => s.split(',')));
  const status = taskFilterStatuses.filter((s) => asked.has(s));
  const filters: TaskFilters = { status, sort: oneOf(taskSorts, params.get('sort')) ?? defaultSort };
  const regulationId = positiveInt(params, 'regulationId');
  if (regulationId) filters.regulationId = regulationId;
  const planYear = positiveInt(params, 'planYear');
  if (planYear && planYear >= 2000 && planYear <= 2100) filters.planYear = planYear;
  for (const name of ['leadAgency', 'leadUnit', 'counterpartUnit', 'article'] as const) {
    const value = text(params, name, 200);
    if (value) filters[name] = value;
  }
  const q = text(params, 'q', 200);
  if (q) filters.q = q;
  const classification = oneOf(classifications, params.get('classification'));
  if (classification) filters.classification = classification;
  const dueFrom = date(params, 'dueFrom');
  if (dueFrom) filters.dueFrom = dueFrom;
  const dueTo = date(params, 'dueTo');
  if (dueTo) filters.dueTo = dueTo;
  return filters;
}

/** The query string of the filters, in a fixed order and without defaults, so equal filters give equal addresses. */
export function filtersToSearch(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.regulationId) params.set('regulationId', String(filters.regulationId));
  for (const status of taskFilterStatuses) if (filters.status.includes(status)) params.append('status', status);
  for (const name of ['leadAgency', 'leadUnit', 'counterpartUnit', 'article'] as const) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  if (filters.planYear) params.set('planYear', String(filters.planYear));
  if (filters.classification) params.set('classification', filters.classification);
  if (filters.dueFrom) params.set('dueFrom', filters.dueFrom);
  if (filters.dueTo) params.set('dueTo', filters.dueTo);
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  if (filters.sort !== defaultSort) params.set('sort', filters.sort);
  return params;
}

/** The filters as the list endpoint's query (the export endpoint takes the same). */
export function filtersToQuery(filters: TaskFilters): TaskListQuery {
  const query: TaskListQuery = { sort: filters.sort };
  if (filters.regulationId) query.regulationId = filters.regulationId;
  if (filters.status.length) query.status = [...filters.status];
  if (filters.leadAgency) query.leadAgency = filters.leadAgency;
  if (filters.leadUnit) query.leadUnit = filters.leadUnit;
  if (filters.counterpartUnit) query.counterpartUnit = filters.counterpartUnit;
  if (filters.article) query.article = filters.article;
  if (filters.planYear) query.planYear = filters.planYear;
  if (filters.classification) query.classification = filters.classification;
  if (filters.dueFrom) query.dueFrom = filters.dueFrom;
  if (filters.dueTo) query.dueTo = filters.dueTo;
  if (filters.q) query.q = filters.q;
  return query;
}

/** How many filters narrow the list (the sort is not one). */
export function activeFilterCount(filters: TaskFilters): number {
  return [...filtersToSearch({ ...filters, sort: defaultSort }).keys()].length;
}
