import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { barLayout, formatRate, type CompletionSeries } from './chartData';

const locales = { vi: 'vi-VN', en: 'en-GB' } as const;

export function useRateFormat() {
  const { i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'vi').startsWith('en') ? locales.en : locales.vi;
  return (rate: number | null) => formatRate(rate, locale);
}

/** Colours by series position; each bar also carries its figures as text for those who cannot tell colours apart. */
const seriesClass = (index: number) => `completion-series completion-series--${(index % 4) + 1}`;

/**
 * Grouped bars, one group per year and one bar per series, drawn as plain SVG. It is an image with a
 * title and description for assistive technology; the same figures follow in a table.
 */
export function CompletionChart({ series, years, label }: { series: readonly CompletionSeries[]; years: readonly number[]; label: (code: string) => string }) {
  const { t } = useTranslation('reviews');
  const rate = useRateFormat();
  const id = useId();
  const frame = { width: 640, height: 280, margin: { top: 16, right: 12, bottom: 36, left: 48 } };
  const layout = barLayout(series, years, frame);
  return (
    <figure className="chart-figure">
      <svg
        className="completion-chart"
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{t('summary.chartTitle')}</title>
        <desc id={`${id}-desc`}>{t('summary.chartDesc')}</desc>
        {layout.yTicks.map((tick) => (
          <g key={tick.value} className="chart__grid">
            <line x1={layout.plot.left} x2={layout.plot.left + layout.plot.width} y1={tick.y} y2={tick.y} />
            <text x={layout.plot.left - 6} y={tick.y} dy="0.35em" textAnchor="end">
              {rate(tick.value)}
            </text>
          </g>
        ))}
        {layout.bars.map((bar) => {
          const index = series.findIndex((s) => s.code === bar.series);
          const name = label(bar.series);
          const text =
            bar.point.rate === null
              ? t('summary.noTasksYear', { series: name, year: bar.year })
              : t('summary.barLabel', { series: name, year: bar.year, rate: rate(bar.point.rate), completed: bar.point.completed, tasks: bar.point.tasks });
          return (
            <g key={`${bar.series}-${bar.year}`} className={seriesClass(index)}>
              <rect x={bar.x} y={bar.y} width={Math.max(bar.width - 2, 1)} height={bar.height}>
                <title>{text}</title>
              </rect>
              {bar.point.rate !== null && bar.width >= 24 && (
                <text x={bar.x + (bar.width - 2) / 2} y={bar.y - 4} textAnchor="middle" className="chart__value">
                  {rate(bar.point.rate)}
                </text>
              )}
            </g>
          );
        })}
        <line
          className="chart__axis"
          x1={layout.plot.left}
          x2={layout.plot.left + layout.plot.width}
          y1={layout.plot.top + layout.plot.height}
          y2={layout.plot.top + layout.plot.height}
        />
        {layout.xTicks.map((tick) => (
          <text key={tick.year} x={tick.x} y={frame.height - 12} textAnchor="middle" className="chart__year">
            {tick.year}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="completion-legend" aria-label={t('summary.agency')}>
          {series.map((s, index) => (
            <li key={s.code}>
              <span className={`completion-legend__swatch ${seriesClass(index)}`} aria-hidden="true" /> {label(s.code)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** A small horizontal bar for a table cell: the rate at a glance beside its figures. */
export function RateBar({ rate }: { rate: number | null }) {
  return (
    <svg className="rate-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="rate-bar__track" x={0} y={0} width={100} height={10} />
      {rate !== null && <rect className="rate-bar__fill" x={0} y={0} width={rate * 100} height={10} />}
    </svg>
  );
}
