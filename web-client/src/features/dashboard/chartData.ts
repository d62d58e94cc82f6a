import { vocabulary, type Schemas } from '@/lib/api/vocabulary';
import type { AgencyCounts, ArticleCoverage, StatusCounts, UnitProgress } from './api/dashboard';

/**
 * The statuses a task is stored in, in workflow order; `overdue` is derived and counted apart. The dashboard counts each
 * piece of work once, so a task closed as `carried_over` is counted as its successor, not here.
 */
export const statusOrder = vocabulary<Exclude<Schemas['TaskStatus'], 'carried_over'>>()(['draft', 'assigned', 'in_progress', 'completed', 'cancelled']);
export type StoredStatus = (typeof statusOrder)[number];

const countOf: Record<StoredStatus, (c: StatusCounts) => number> = {
  draft: (c) => c.draft,
  assigned: (c) => c.assigned,
  in_progress: (c) => c.inProgress,
  completed: (c) => c.completed,
  cancelled: (c) => c.cancelled,
};

export interface Slice {
  key: StoredStatus;
  value: number;
  /** Share of the total, 0–1. */
  fraction: number;
}

/** The counts by status as slices of a whole, in workflow order. */
export function statusSlices(counts: StatusCounts): Slice[] {
  const values = statusOrder.map((key) => ({ key, value: countOf[key](counts) }));
  const total = values.reduce((sum, v) => sum + v.value, 0);
  return values.map((v) => ({ ...v, fraction: total > 0 ? v.value / total : 0 }));
}

export interface Arc extends Slice {
  /** Angles in radians, clockwise from 12 o'clock. */
  start: number;
  end: number;
}

/** Consecutive arcs of a donut for the non-empty slices. */
export function donutArcs(slices: readonly Slice[]): Arc[] {
  let angle = 0;
  return slices
    .filter((s) => s.value > 0)
    .map((s) => {
      const start = angle;
      angle += s.fraction * 2 * Math.PI;
      return { ...s, start, end: angle };
    });
}

function point(cx: number, cy: number, r: number, angle: number): string {
  return `${(cx + r * Math.sin(angle)).toFixed(3)} ${(cy - r * Math.cos(angle)).toFixed(3)}`;
}

/** The SVG path of a ring segment between radii `inner` and `outer`; a full circle is drawn as two halves. */
export function arcPath(cx: number, cy: number, outer: number, inner: number, start: number, end: number): string {
  if (end - start >= 2 * Math.PI - 1e-9) {
    const mid = start + Math.PI;
    return `${arcPath(cx, cy, outer, inner, start, mid)} ${arcPath(cx, cy, outer, inner, mid, start + 2 * Math.PI)}`;
  }
  const large = end - start > Math.PI ? 1 : 0;
  return [
    `M ${point(cx, cy, outer, start)}`,
    `A ${outer} ${outer} 0 ${large} 1 ${point(cx, cy, outer, end)}`,
    `L ${point(cx, cy, inner, end)}`,
    `A ${inner} ${inner} 0 ${large} 0 ${point(cx, cy, inner, start)}`,
    'Z',
  ].join(' ');
}

export interface StackedBar {
  label: string;
  total: number;
  overdue: number;
  segments: { key: StoredStatus; value: number; /** Offset and width as fractions of the largest bar. */ offset: number; width: number }[];
}

/** One bar per lead agency, its statuses stacked, all scaled to the agency with the most tasks. */
export function agencyBars(byAgency: readonly AgencyCounts[]): StackedBar[] {
  const max = Math.max(0, ...byAgency.map((a) => a.counts.total));
  return byAgency.map((agency) => {
    let offset = 0;
    const segments = statusOrder.map((key) => {
      const value = countOf[key](agency.counts);
      const width = max > 0 ? value / max : 0;
      const segment = { key, value, offset, width };
      offset += width;
      return segment;
    });
    return { label: agency.agencyCode, total: agency.counts.total, overdue: agency.counts.overdue, segments };
  });
}

export interface UnitBar {
  unitCode: string;
  agencyCode: string;
  name: string;
  tasks: number;
  completed: number;
  /** Average percent complete, rounded to a whole percent and kept within 0–100. */
  percent: number;
}

/** Progress per lead unit: by agency, then the furthest along first, then by code so the order is stable. */
export function unitBars(units: readonly UnitProgress[], language: 'vi' | 'en'): UnitBar[] {
  return units
    .map((u) => ({
      unitCode: u.unitCode,
      agencyCode: u.agencyCode,
      name: (language === 'en' ? u.nameEn : u.nameVi) || u.nameVi || u.unitCode,
      tasks: u.tasks,
      completed: u.completed,
      percent: Math.min(100, Math.max(0, Math.round(u.averageProgress))),
    }))
    .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || b.percent - a.percent || a.unitCode.localeCompare(b.unitCode));
}

/** How many articles tasks carry out. */
export function coverageSummary(coverage: readonly ArticleCoverage[]): { cited: number; total: number; fraction: number } {
  const cited = coverage.filter((a) => a.cited).length;
  return { cited, total: coverage.length, fraction: coverage.length > 0 ? cited / coverage.length : 0 };
}
