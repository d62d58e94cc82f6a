import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { ClassificationBadge, TaskStatusBadge } from '@/lib/ui/Badges';
import { PrintHeader } from '@/lib/ui/PrintHeader';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useDashboard, useRegulationChoices, type Dashboard, type TaskSummary } from '../api/dashboard';
import { agencyBars, coverageSummary, statusSlices, unitBars } from '../chartData';
import { AgencyBars, StatusDonut, UnitProgressBars } from './Charts';
import './dashboard.css';

function TaskTable({ tasks, empty, caption }: { tasks: readonly TaskSummary[]; empty: string; caption: string }) {
  const { t } = useTranslation('dashboard');
  const { pick, date } = useLocalized();
  if (tasks.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table table--stacking table--compact">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('columns.task')}</th>
          <th scope="col">{t('columns.lead')}</th>
          <th scope="col">{t('columns.due')}</th>
          <th scope="col">{t('columns.progress')}</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => {
          const title = pick(task.titleVi, task.titleEn);
          return (
            <tr key={task.id} className={task.overdue ? 'row--overdue' : undefined}>
              <td className="cell--title">
                <Link to={`/tasks/${task.id}`} className="task-link">
                  <span className="code">{task.code}</span> <span lang={title.lang}>{title.text}</span>
                </Link>{' '}
                <ClassificationBadge classification={task.classification} /> <TaskStatusBadge status={task.status} overdue={task.overdue} />
              </td>
              <td data-label={t('columns.lead')}>
                <span className="code">{task.leadUnitCode}</span>
              </td>
              <td data-label={t('columns.due')}>{date(task.dueDate)}</td>
              <td data-label={t('columns.progress')}>{task.progress}%</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DashboardBody({ dashboard, regulationId }: { dashboard: Dashboard; regulationId: number | null }) {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation();
  const { language, pick, date, count } = useLocalized();
  const { me } = useSession();
  const counts = dashboard.counts;
  const coverage = coverageSummary(dashboard.coverage);
  const units = unitBars(dashboard.progressByUnit, language);
  const regulationLink = (aknId: string, id: number) => `/regulations/${id}#${aknId}`;
  const tasksLink = (query: string) => `/tasks?${regulationId ? `regulationId=${regulationId}&` : ''}${query}`;

  return (
    <>
      <ul className="kpis" aria-label={t('kpis')}>
        <li className="kpi">
          <span className="kpi__value">{count(counts.total)}</span>
          <span className="kpi__label">{t('kpi.total')}</span>
        </li>
        <li className="kpi">
          <Link to={tasksLink('status=in_progress')}>
            <span className="kpi__value">{count(counts.inProgress)}</span>
            <span className="kpi__label">{tc('taskStatus.in_progress')}</span>
          </Link>
        </li>
        <li className="kpi">
          <Link to={tasksLink('status=completed')}>
            <span className="kpi__value">{count(counts.completed)}</span>
            <span className="kpi__label">{tc('taskStatus.completed')}</span>
          </Link>
        </li>
        <li className={`kpi${counts.overdue > 0 ? ' kpi--alert' : ''}`}>
          <Link to={tasksLink('status=overdue')}>
            <span className="kpi__value">{count(counts.overdue)}</span>
            <span className="kpi__label">{tc('taskStatus.overdue')}</span>
          </Link>
        </li>
        <li className="kpi">
          <span className="kpi__value">
            {coverage.cited}/{coverage.total}
          </span>
          <span className="kpi__label">{t('kpi.coverage')}</span>
        </li>
      </ul>

      <div className="dashboard-grid">
        <section className="section" aria-labelledby="dash-status">
          <h2 id="dash-status">{t('byStatus')}</h2>
          <StatusDonut slices={statusSlices(counts)} total={counts.total} title={t('byStatus')} />
          <p className="muted small">{t('overdueNote', { count: counts.overdue })}</p>
        </section>

        <section className="section" aria-labelledby="dash-agency">
          <h2 id="dash-agency">{t('byAgency')}</h2>
          {dashboard.byAgency.length === 0 ? <p className="empty">{t('noTasks')}</p> : <AgencyBars bars={agencyBars(dashboard.byAgency)} title={t('byAgency')} />}
        </section>
      </div>

      <section className="section" aria-labelledby="dash-units">
        <h2 id="dash-units">{t('progressByUnit')}</h2>
        {units.length === 0 ? <p className="empty">{t('noTasks')}</p> : <UnitProgressBars bars={units} title={t('progressByUnit')} ownUnit={me?.unitCode} />}
      </section>

      <div className="dashboard-grid">
        <section className="section" aria-labelledby="dash-overdue">
          <h2 id="dash-overdue">
            {t('overdue')} <span className="count">{count(counts.overdue)}</span>
          </h2>
          <TaskTable tasks={dashboard.overdue} empty={t('noOverdue')} caption={t('overdue')} />
          {counts.overdue > dashboard.overdue.length && (
            <p>
              <Link to={tasksLink('status=overdue')}>{t('allOverdue', { count: counts.overdue })}</Link>
            </p>
          )}
        </section>

        <section className="section" aria-labelledby="dash-due">
          <h2 id="dash-due">{t('dueSoon')}</h2>
          <TaskTable tasks={dashboard.dueSoon} empty={t('noDueSoon')} caption={t('dueSoon')} />
        </section>
      </div>

      <div className="dashboard-grid">
        <section className="section" aria-labelledby="dash-coverage">
          <h2 id="dash-coverage">{t('coverage')}</h2>
          <p>{t('coverageSummary', { cited: coverage.cited, total: coverage.total })}</p>
          {dashboard.coverage.length === 0 ? (
            <p className="empty">{t('noCoverage')}</p>
          ) : (
            <ul className="coverage-grid">
              {dashboard.coverage.map((article) => {
                const heading = pick(article.headingVi, article.headingEn);
                return (
                  <li key={`${article.regulationId}-${article.aknId}`} className={article.cited ? 'coverage--cited' : 'coverage--uncited'}>
                    <Link to={regulationLink(article.aknId, article.regulationId)} title={heading.text ?? undefined}>
                      <span className="coverage__num">{t('article', { num: article.num })}</span>
                      <span className="coverage__state">{article.cited ? t('cited') : t('uncited')}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section className="section" aria-labelledby="dash-reviews">
          <h2 id="dash-reviews">{t('nextReviews')}</h2>
          {dashboard.nextReviews.length === 0 ? (
            <p className="empty">{t('noReviews')}</p>
          ) : (
            <ul className="plain-list">
              {dashboard.nextReviews.map((review) => (
                <li key={review.id}>
                  <Link to={`/reviews/${review.id}`}>
                    {t(`reviewKind.${review.kind}` as never, { defaultValue: review.kind })} {review.year}
                  </Link>
                  <span className="muted">
                    {' '}
                    · {t('host', { agency: review.hostAgencyCode })} · {review.scheduledOn ? date(review.scheduledOn) : t('notScheduled')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <p className="muted small">{t('asOf', { date: date(dashboard.today) })}</p>
    </>
  );
}

export function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const { pick } = useLocalized();
  const [params, setParams] = useSearchParams();
  const regulations = useRegulationChoices();
  useDocumentTitle(t('title'));

  const requested = Number(params.get('regulationId'));
  const choices = regulations.data ?? [];
  const regulationId = Number.isInteger(requested) && requested > 0 ? requested : (choices[0]?.id ?? null);
  const dashboard = useDashboard(regulationId, regulations.isSuccess);
  const current = choices.find((r) => r.id === regulationId);

  return (
    <div className="page">
      <PrintHeader codes={[current?.code]} />
      <header className="page__header page__header--with-tools">
        <div>
          <h1>{t('title')}</h1>
          {current && (
            <p className="lead">
              <span className="code">{current.code}</span> {pick(current.titleVi, current.titleEn).text}
            </p>
          )}
        </div>
        {choices.length > 1 && (
          <div className="field field--inline">
            <label htmlFor="dashboard-regulation">{t('regulation')}</label>
            <select
              id="dashboard-regulation"
              value={regulationId ?? ''}
              onChange={(e) => setParams(e.target.value ? { regulationId: e.target.value } : {}, { replace: true })}
            >
              {choices.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.code} — {pick(r.titleVi, r.titleEn).text}
                </option>
              ))}
            </select>
          </div>
        )}
      </header>
      <QueryStatus query={regulations} />
      {regulations.isSuccess && choices.length === 0 && <p className="empty">{t('noRegulations')}</p>}
      {regulations.isSuccess && choices.length > 0 && (
        <>
          <QueryStatus query={dashboard} />
          {dashboard.data && <DashboardBody dashboard={dashboard.data} regulationId={regulationId} />}
        </>
      )}
    </div>
  );
}
