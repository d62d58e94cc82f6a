import type { paths } from '@/lib/api/schema';

export interface AuditFilters {
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  /** Local date and time as a datetime-local input holds it (yyyy-mm-ddThh:mm). */
  from?: string;
  to?: string;
}

export const auditFilterNames = ['actor', 'entityType', 'entityId', 'action', 'from', 'to'] as const;

const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of auditFilterNames) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    if ((name === 'from' || name === 'to') && !localDateTime.test(value)) continue;
    filters[name] = value.slice(0, 200);
  }
  return filters;
}

export function auditFiltersToSearch(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of auditFilterNames) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  return params;
}

type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;

/** The API takes instants: a local date and time is converted with the browser's offset. */
export function auditFiltersToQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  if (filters.actor) query.actor = filters.actor;
  if (filters.entityType) query.entityType = filters.entityType;
  if (filters.entityId) query.entityId = filters.entityId;
  if (filters.action) query.action = filters.action;
  for (const name of ['from', 'to'] as const) {
    const value = filters[name];
    if (!value) continue;
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime())) query[name] = instant.toISOString();
  }
  return query;
}
