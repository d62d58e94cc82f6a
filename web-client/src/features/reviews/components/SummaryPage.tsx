import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { TaskStatusBadge } from '@/lib/ui/Badges';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useAgencies, useUnits } from '@/lib/reference/agencies';
import { useRegulationList, useSummary, type PreliminarySummary } from '../api/reviews';
import { completionSeries, type CompletionSeries } from './chartData';
import { CompletionChart, RateBar, useRateFormat } from './CompletionChart';
import { SummaryDocumentButtons } from './DocumentsPanel';
import { ResultBadge } from './parts';
import './reviews.css';

function ArticlesTable({ summary }: { summary: PreliminarySummary }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('summary.articlesCaption')}>
      <table className="table summary-table">
        <caption className="visually-hidden">{t('summary.articlesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('summary.article')}</th>
            <th scope="col">{t('summary.task')}</th>
            <th scope="col">{t('summary.planYear')}</th>
            {summary.years.map((year) => (
              <th scope="col" key={year} className="summary-table__year">
                {year}
              </th>
            ))}
            <th scope="col">{t('summary.status')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.articles.map((article) => {
            const heading = pick(article.headingVi, article.headingEn);
            const rows = Math.max(article.tasks.length, 1);
            const articleCell = (
              <th scope="rowgroup" rowSpan={rows} className="summary-table__article">
                {t('summary.article')} {article.num}
                {heading.text && (
                  <span className="summary-table__heading" lang={heading.fallback ? 'vi' : undefined}>
                    {heading.text}
                  </span>
                )}
              </th>
            );
            if (article.tasks.length === 0) {
              return (
                <tr key={article.aknId} className="summary-table__group">
                  {articleCell}
                  <td colSpan={summary.years.length + 3} className="muted">
                    {t('summary.noTasks')}
                  </td>
                </tr>
              );
            }
            return (
              <Fragment key={article.aknId}>
                {article.tasks.map((task, index) => {
                  const title = pick(task.titleVi, task.titleEn);
                  return (
                    <tr key={task.taskId} className={index === 0 ? 'summary-table__group' : undefined}>
                      {index === 0 && articleCell}
                      <td>
                        <Link to={`/tasks/${task.taskId}`}>
                          <span className="code">{task.code}</span> <span lang={title.fallback ? 'vi' : undefined}>{title.text}</span>
                        </Link>
                      </td>
                      <td>{task.planYear}</td>
                      {summary.years.map((year) => {
                        const result = task.results[String(year)];
                        return (
                          <td key={year} className="summary-table__result">
                            {result ? <ResultBadge result={result} /> : <span className="muted" aria-label={t('summary.notReviewed')}>·</span>}
                          </td>
                        );
                      })}
                      <td>
                        <TaskStatusBadge status={task.status} />
                      </td>
                    </tr>
                  );
                })}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CompletionTable({
  series,
  years,
  label,
  caption,
  firstColumn,
}: {
  series: readonly CompletionSeries[];
  years: readonly number[];
  label: (code: string) => string;
  caption: string;
  firstColumn: string;
}) {
  const { t } = useTranslation('reviews');
  const rate = useRateFormat();
  const cell = (p: CompletionSeries['total']) =>
    p.rate === null ? <span className="muted">—</span> : t('summary.cell', { rate: rate(p.rate), completed: p.completed, tasks: p.tasks });
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table completion-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {years.map((year) => (
              <th scope="col" key={year}>
                {year}
              </th>
            ))}
            <th scope="col">{t('summary.total')}</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                {label(s.code)} {label(s.code) !== s.code && <span className="code">({s.code})</span>}
              </th>
              {s.points.map((p) => (
                <td key={p.year} className="completion-table__cell">
                  {cell(p)}
                </td>
              ))}
              <td className="completion-table__total">
                <RateBar rate={s.total.rate} />
                {cell(s.total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}


function Summary({ summary }: { summary: PreliminarySummary }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  const agencies = useAgencies();
  const units = useUnits(summary.agencies.map((a) => a.code));
  const allUnits = units.units;
  const agencyName = (code: string) => {
    const agency = agencies.data?.find((a) => a.code === code);
    return agency ? (pick(agency.nameVi, agency.nameEn).text ?? code) : code;
  };
  const unitName = (code: string) => {
    const unit = allUnits.find((u) => u.code === code);
    return unit ? (pick(unit.nameVi, unit.nameEn).text ?? code) : code;
  };
  const agencySeries = completionSeries(summary.agencies, summary.years);
  const unitSeries = completionSeries(summary.units, summary.years);
  return (
    <>
      <section className="section" aria-labelledby="summary-agencies">
        <h2 id="summary-agencies">{t('summary.agenciesTitle')}</h2>
        <CompletionChart series={agencySeries} years={summary.years} label={agencyName} />
        <CompletionTable series={agencySeries} years={summary.years} label={agencyName} caption={t('summary.agenciesTitle')} firstColumn={t('summary.agency')} />
      </section>
      <section className="section" aria-labelledby="summary-units">
        <h2 id="summary-units">{t('summary.unitsTitle')}</h2>
        <CompletionTable series={unitSeries} years={summary.years} label={unitName} caption={t('summary.unitsTitle')} firstColumn={t('summary.unit')} />
      </section>
      <section className="section" aria-labelledby="summary-articles">
        <h2 id="summary-articles">{t('summary.articlesTitle')}</h2>
        <ArticlesTable summary={summary} />
      </section>
    </>
  );
}

export function SummaryPage() {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  useDocumentTitle(t('summary.title'));
  const [searchParams, setSearchParams] = useSearchParams();
  const regulations = useRegulationList();
  const requested = Number(searchParams.get('regulationId'));
  const regulationId = Number.isSafeInteger(requested) && requested > 0 ? requested : (regulations.data?.[0]?.id ?? null);
  const summary = useSummary(regulationId);
  const selectId = useId();
  return (
    <div className="page summary-page">
      <p className="breadcrumb">
        <Link to="/reviews">← {t('workspace.back')}</Link>
      </p>
      <h1>{t('summary.title')}</h1>
      <p className="lead">{t('summary.intro')}</p>
      {(regulations.data?.length ?? 0) > 1 && (
        <div className="inline-field summary-page__regulation">
          <label htmlFor={selectId}>{t('summary.regulation')}</label>
          <select id={selectId} value={regulationId ?? ''} onChange={(e) => setSearchParams({ regulationId: e.target.value })}>
            {regulations.data!.map((r) => (
              <option key={r.id} value={r.id}>
                {r.code} · {pick(r.titleVi, r.titleEn).text}
              </option>
            ))}
          </select>
        </div>
      )}
      {regulations.isError && <ErrorMessage error={regulations.error} onRetry={() => void regulations.refetch()} />}
      {regulationId !== null && summary.isPending && <Loading />}
      {summary.isError && <ErrorMessage error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.data && regulationId !== null && <SummaryDocumentButtons regulationId={regulationId} years={summary.data.years} />}
      {summary.data && <Summary summary={summary.data} />}
    </div>
  );
}
