import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '@/lib/i18n/localize';
import { arcPath, donutArcs, type Slice, type StackedBar, type UnitBar } from '../chartData';
import './dashboard.css';

function useStatusLabel(): (status: string) => string {
  const { code } = useLocalized();
  return (status) => code('taskStatus', status);
}

/** Counts by status as a ring, the total in its middle; the legend carries the numbers for everyone. */
export function StatusDonut({ slices, total, title }: { slices: readonly Slice[]; total: number; title: string }) {
  const statusLabel = useStatusLabel();
  const { count } = useLocalized();
  const totalText = count(total);
  const { t: td } = useTranslation('dashboard');
  const id = useId();
  const arcs = donutArcs(slices);
  const summary = slices.map((s) => `${statusLabel(s.key)}: ${s.value}`).join(', ');
  return (
    <figure className="chart chart--donut">
      <svg viewBox="0 0 160 160" width="160" height="160" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {arcs.length === 0 ? (
          <circle cx="80" cy="80" r="60" fill="none" stroke="var(--line)" strokeWidth="28" />
        ) : (
          arcs.map((arc) => <path key={arc.key} d={arcPath(80, 80, 74, 46, arc.start, arc.end)} className={`fill-status-${arc.key}`} />)
        )}
        {/* The ring's hole is about 90 units wide: long totals get a smaller font so they stay inside it. */}
        <text x="80" y="78" textAnchor="middle" className="chart__total" style={totalText.length > 5 ? { fontSize: `${Math.max(11, 150 / totalText.length)}px` } : undefined}>
          {totalText}
        </text>
        <text x="80" y="98" textAnchor="middle" className="chart__total-label">
          {td('tasksWord')}
        </text>
      </svg>
      <ul className="chart-legend">
        {slices.map((s) => (
          <li key={s.key}>
            <span className={`swatch bg-status-${s.key}`} aria-hidden="true" />
            <span className="chart-legend__label">{statusLabel(s.key)}</span>
            <span className="chart-legend__value">{count(s.value)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** One horizontal bar per lead agency with its statuses stacked. */
export function AgencyBars({ bars, title }: { bars: readonly StackedBar[]; title: string }) {
  const statusLabel = useStatusLabel();
  const { count } = useLocalized();
  const { t: td } = useTranslation('dashboard');
  const id = useId();
  const rowHeight = 34;
  const labelWidth = 56;
  const width = 420;
  // Room after the bar for the largest total, however many digits it has.
  const valueWidth = 12 + 8 * Math.max(2, ...bars.map((b) => count(b.total).length));
  const barWidth = width - labelWidth - valueWidth;
  const height = bars.length * rowHeight + 4;
  const summary = bars
    .map((b) => `${b.label}: ${b.total} (${b.segments.map((s) => `${statusLabel(s.key)} ${s.value}`).join(', ')}; ${td('overdueCount', { count: b.overdue })})`)
    .join('. ');
  return (
    <figure className="chart chart--bars">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {bars.map((bar, i) => {
          const y = i * rowHeight + 4;
          return (
            <g key={bar.label}>
              <text x="0" y={y + 17} className="chart__label">
                {bar.label}
              </text>
              <rect x={labelWidth} y={y} width={barWidth} height="24" className="chart__track" />
              {bar.segments
                .filter((s) => s.value > 0)
                .map((s) => (
                  <rect key={s.key} x={labelWidth + s.offset * barWidth} y={y} width={s.width * barWidth} height="24" className={`fill-status-${s.key}`}>
                    <title>{`${bar.label} · ${statusLabel(s.key)}: ${s.value}`}</title>
                  </rect>
                ))}
              <text x={labelWidth + barWidth + 6} y={y + 17} className="chart__value">
                {count(bar.total)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend chart-legend--inline">
        {bars.map((bar) => (
          <li key={bar.label}>
            <strong>{bar.label}</strong> {td('agencyTotal', { count: bar.total })} ·{' '}
            <span className={bar.overdue > 0 ? 'text-overdue' : undefined}>{td('overdueCount', { count: bar.overdue })}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Average progress of each lead unit as a bar out of 100 %. Plain HTML so long unit names wrap on a phone. */
export function UnitProgressBars({ bars, title, ownUnit }: { bars: readonly UnitBar[]; title: string; ownUnit?: string | null | undefined }) {
  const { t } = useTranslation('dashboard');
  return (
    <ul className="progress-bars" aria-label={title}>
      {bars.map((bar) => (
        <li key={bar.unitCode} className={`progress-bars__item${bar.unitCode === ownUnit ? ' progress-bars__item--own' : ''}`} data-unit={bar.unitCode}>
          <div className="progress-bars__head">
            <span className="progress-bars__name">
              <span className="code">{bar.unitCode}</span> {bar.name}
              {bar.unitCode === ownUnit && <span className="badge badge--own">{t('ownUnit')}</span>}
            </span>
            <span className="progress-bars__value">{bar.percent}%</span>
          </div>
          <div
            className="meter"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={bar.percent}
            aria-label={`${bar.unitCode}: ${bar.percent}%`}
          >
            <span className="meter__fill" style={{ width: `${bar.percent}%` }} />
          </div>
          <p className="progress-bars__facts">{t('unitFacts', { count: bar.tasks, completed: bar.completed })}</p>
        </li>
      ))}
    </ul>
  );
}
