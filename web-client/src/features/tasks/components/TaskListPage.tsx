import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { ClassificationBadge, TaskStatusBadge } from '@/lib/ui/Badges';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useTaskList, type TaskSummary } from '../api/tasks';
import { activeFilterCount, filtersToSearch, parseFilters } from '../filters';
import { TaskFilterForm } from './TaskFilterForm';
import { ProgressMeter } from './TaskParts';
import './tasks.css';

function TaskRow({ task }: { task: TaskSummary }) {
  const { t } = useTranslation('tasks');
  const { pick, date } = useLocalized();
  const title = pick(task.titleVi, task.titleEn);
  return (
    <tr className={task.overdue ? 'row--overdue' : undefined} data-task-code={task.code}>
      <td className="cell--title">
        <Link to={`/tasks/${task.id}`} className="task-link">
          <span className="code">{task.code}</span> <span lang={title.lang}>{title.text}</span>
        </Link>
        <div className="task-row__badges">
          <ClassificationBadge classification={task.classification} />
          <TaskStatusBadge status={task.status} overdue={task.overdue} />
        </div>
      </td>
      <td data-label={t('columns.lead')}>
        <span className="code">{task.leadUnitCode}</span>
      </td>
      <td data-label={t('columns.counterparts')}>{task.counterpartUnitCodes.join(', ')}</td>
      <td data-label={t('columns.due')} className={task.overdue ? 'text-overdue' : undefined}>
        {date(task.dueDate)}
      </td>
      <td data-label={t('columns.progress')}>
        <ProgressMeter percent={task.progress} />
      </td>
    </tr>
  );
}

export function TaskListPage() {
  const { t } = useTranslation('tasks');
  const { hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const list = useTaskList(filters);
  const count = activeFilterCount(filters);
  const [showFilters, setShowFilters] = useState(() => count > 0 || (typeof window.matchMedia === 'function' && window.matchMedia('(min-width: 800px)').matches));
  useDocumentTitle(t('listTitle'));

  const tasks = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <header className="page__header page__header--with-tools">
        <div>
          <h1>{t('listTitle')}</h1>
          <p className="lead">{t('listIntro')}</p>
        </div>
        {hasRole('coordinator', 'officer') && (
          <Link to="/tasks/new" className="button button--primary">
            {t('new')}
          </Link>
        )}
      </header>

      <details className="filters" open={showFilters} onToggle={(e) => setShowFilters(e.currentTarget.open)}>
        <summary>
          {t('filters.label')}
          {count > 0 && <span className="count">{count}</span>}
        </summary>
        <TaskFilterForm key={params.toString()} filters={filters} onApply={(next) => setParams(filtersToSearch(next))} />
      </details>

      <QueryStatus query={list} />
      {list.isSuccess && tasks.length === 0 && <p className="empty">{count > 0 ? t('emptyFiltered') : t('empty')}</p>}
      {tasks.length > 0 && (
        <table className="table table--stacking task-table">
          <caption className="visually-hidden">{t('listTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('columns.task')}</th>
              <th scope="col">{t('columns.lead')}</th>
              <th scope="col">{t('columns.counterparts')}</th>
              <th scope="col">{t('columns.due')}</th>
              <th scope="col">{t('columns.progress')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <TaskRow key={task.id} task={task} />
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <p className="load-more">
          <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
          </button>
        </p>
      )}
    </div>
  );
}
