import type { CompletionGroup } from '../api/reviews';

export interface CompletionPoint {
  year: number;
  /** Completed / tasks, 0–1; null when the year had no task (not the same as 0 %). */
  rate: number | null;
  completed: number;
  tasks: number;
}

export interface CompletionSeries {
  code: string;
  agencyCode: string;
  points: CompletionPoint[];
  total: CompletionPoint;
}

function point(year: number, completed: number, tasks: number): CompletionPoint {
  const rate = tasks > 0 ? Math.min(1, Math.max(0, completed / tasks)) : null;
  return { year, rate, completed, tasks };
}

/**
 * One series per agency or unit with one point per year of the period, in the period's order: a
 * year the API left out, or one without tasks, has no rate rather than a rate of zero.
 */
export function completionSeries(groups: readonly CompletionGroup[], years: readonly number[]): CompletionSeries[] {
  return [...groups]
    .sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.code.localeCompare(b.code))
    .map((group) => ({
      code: group.code,
      agencyCode: group.agencyCode,
      points: years.map((year) => {
        const found = group.byYear.find((c) => c.year === year);
        return point(year, found?.completed ?? 0, found?.tasks ?? 0);
      }),
      total: point(0, group.total.completed, group.total.tasks),
    }));
}

export interface Bar {
  series: string;
  year: number;
  x: number;
  y: number;
  width: number;
  height: number;
  point: CompletionPoint;
}

export interface ChartFrame {
  width: number;
  height: number;
  /** Room for the axis labels. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface BarLayout {
  bars: Bar[];
  xTicks: { year: number; x: number }[];
  yTicks: { value: number; y: number }[];
  plot: { left: number; top: number; width: number; height: number };
}

/** Grouped bars: one group per year, one bar per series, heights proportional to the rate (0–100 %). */
export function barLayout(series: readonly CompletionSeries[], years: readonly number[], frame: ChartFrame): BarLayout {
  const plot = {
    left: frame.margin.left,
    top: frame.margin.top,
    width: frame.width - frame.margin.left - frame.margin.right,
    height: frame.height - frame.margin.top - frame.margin.bottom,
  };
  const groupWidth = years.length > 0 ? plot.width / years.length : plot.width;
  const barWidth = series.length > 0 ? (groupWidth * 0.7) / series.length : 0;
  const groupPadding = (groupWidth - barWidth * series.length) / 2;
  const bars: Bar[] = [];
  years.forEach((year, yearIndex) => {
    series.forEach((s, seriesIndex) => {
      const p = s.points.find((candidate) => candidate.year === year) ?? point(year, 0, 0);
      const height = (p.rate ?? 0) * plot.height;
      bars.push({
        series: s.code,
        year,
        x: plot.left + yearIndex * groupWidth + groupPadding + seriesIndex * barWidth,
        y: plot.top + plot.height - height,
        width: barWidth,
        height,
        point: p,
      });
    });
  });
  return {
    bars,
    xTicks: years.map((year, i) => ({ year, x: plot.left + i * groupWidth + groupWidth / 2 })),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: plot.top + plot.height - value * plot.height })),
    plot,
  };
}

export function formatRate(rate: number | null, locale: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}
