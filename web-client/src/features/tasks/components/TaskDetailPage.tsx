import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { CommentsPanel } from '@/lib/collaboration/CommentsPanel';
import { useLocalized } from '@/lib/i18n/localize';
import { ClassificationBadge, TaskStatusBadge } from '@/lib/ui/Badges';
import { PrintHeader } from '@/lib/ui/PrintHeader';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useTask, type Task } from '../api/tasks';
import { HistoryTimeline } from './HistoryTimeline';
import { ProgressReportForm, ProgressReportList } from './ProgressReports';
import { ProgressMeter, UnitName, useCitationText } from './TaskParts';
import { TransitionPanel } from './TransitionPanel';
import './tasks.css';

function TaskFacts({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const { date, code } = useLocalized();
  const citationText = useCitationText();
  return (
    <dl className="facts">
      <div>
        <dt>{t('fields.status')}</dt>
        <dd>
          <TaskStatusBadge status={task.status} overdue={task.overdue} />
        </dd>
      </div>
      <div>
        <dt>{t('fields.progress')}</dt>
        <dd>
          <ProgressMeter percent={task.progress} />
        </dd>
      </div>
      <div>
        <dt>{t('fields.classification')}</dt>
        <dd>{tc(`clearance.${task.classification}` as never, { defaultValue: task.classification })}</dd>
      </div>
      <div>
        <dt>{t('fields.leadUnit')}</dt>
        <dd>
          <UnitName unit={task.leadUnit} /> <span className="muted">({task.leadUnit.agencyCode})</span>
        </dd>
      </div>
      <div>
        <dt>{t('fields.counterpartUnits')}</dt>
        <dd>
          {task.counterpartUnits.length === 0 ? (
            tc('common.none')
          ) : (
            <ul className="plain-list">
              {task.counterpartUnits.map((u) => (
                <li key={u.code}>
                  <UnitName unit={u} /> <span className="muted">({u.agencyCode})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('fields.citations')}</dt>
        <dd>
          <ul className="plain-list">
            {task.citations.map((c) => (
              <li key={`${c.versionId}-${c.aknId}`}>
                <Link to={`/regulations/${task.regulationId}#${c.aknId}`}>{citationText(c.aknId)}</Link>
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt>{t('fields.kind')}</dt>
        <dd>
          {code('taskKind', task.kind)}
          {task.recurrence && ` · ${code('taskRecurrence', task.recurrence)}`}
        </dd>
      </div>
      <div>
        <dt>{t('fields.planYear')}</dt>
        <dd>{task.planYear}</dd>
      </div>
      <div>
        <dt>{t('fields.startDate')}</dt>
        <dd>{date(task.startDate)}</dd>
      </div>
      <div>
        <dt>{t('fields.dueDate')}</dt>
        <dd className={task.overdue ? 'text-overdue' : undefined}>{date(task.dueDate)}</dd>
      </div>
      {task.completedAt && (
        <div>
          <dt>{t('fields.completedAt')}</dt>
          <dd>{date(task.completedAt.slice(0, 10))}</dd>
        </div>
      )}
      <div>
        <dt>{t('fields.priority')}</dt>
        <dd>{code('taskPriority', task.priority)}</dd>
      </div>
      {task.seriesTaskId && (
        <div>
          <dt>{t('fields.series')}</dt>
          <dd>
            <Link to={`/tasks/${task.seriesTaskId}`}>{t('openTask', { id: task.seriesTaskId })}</Link>
          </dd>
        </div>
      )}
      {task.continuesTaskId && (
        <div>
          <dt>{t('fields.continues')}</dt>
          <dd>
            <Link to={`/tasks/${task.continuesTaskId}`}>{t('openTask', { id: task.continuesTaskId })}</Link>
          </dd>
        </div>
      )}
      {task.carriedOverToTaskId && (
        <div>
          <dt>{t('fields.carriedOverTo')}</dt>
          <dd>
            <Link to={`/tasks/${task.carriedOverToTaskId}`}>{t('openTask', { id: task.carriedOverToTaskId })}</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

function Contacts({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  if (task.contacts.length === 0) return <p className="empty">{t('contacts.empty')}</p>;
  return (
    <ul className="contact-list">
      {task.contacts.map((c, i) => (
        <li key={i} className="card">
          <p className="contact-list__name">{c.name}</p>
          <p className="muted">
            {[c.unitCode, c.phone, c.email].filter(Boolean).map((v, j) => (
              <span key={j} className="contact-list__item">
                {v === c.email ? <a href={`mailto:${v}`}>{v}</a> : v === c.phone ? <a href={`tel:${v}`}>{v}</a> : v}
              </span>
            ))}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function TaskDetailPage() {
  const { t } = useTranslation('tasks');
  const { pick } = useLocalized();
  const id = Number(useParams().id);
  const query = useTask(id);
  const task = query.data?.task;
  const title = task ? pick(task.titleVi, task.titleEn) : null;
  const description = task ? pick(task.descriptionVi, task.descriptionEn) : null;
  useDocumentTitle(task ? `${task.code} · ${title?.text ?? ''}` : t('detailTitle'));

  if (!Number.isInteger(id) || id <= 0 || (query.error instanceof ApiError && query.error.status === 404)) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <Link to="/tasks">← {t('backToList')}</Link>
        </p>
        <h1>{t('notFoundTitle')}</h1>
        <p>{t('notFound')}</p>
      </div>
    );
  }

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/tasks">← {t('backToList')}</Link>
      </p>
      <QueryStatus query={query} />
      {task && title && (
        <>
          <PrintHeader codes={[task.code]} />
          <header className="page__header page__header--with-tools">
            <div>
              <p className="eyebrow">
                {task.code} <ClassificationBadge classification={task.classification} />
              </p>
              <h1 lang={title.lang}>{title.text}</h1>
            </div>
            {task.mayEdit && (
              <Link to={`/tasks/${task.id}/edit`} className="button">
                {t('edit')}
              </Link>
            )}
          </header>

          <section className="section" aria-labelledby="task-overview">
            <h2 id="task-overview">{t('sections.overview')}</h2>
            {description?.text && (
              <p className="pre-line task-description" lang={description.lang}>
                {description.text}
              </p>
            )}
            <TaskFacts task={task} />
          </section>

          <TransitionPanel task={task} />

          <section className="section" aria-labelledby="task-reports">
            <h2 id="task-reports">{t('reports.title')}</h2>
            {task.mayReport && task.status === 'in_progress' && <ProgressReportForm task={task} />}
            {task.mayReport && task.status !== 'in_progress' && <p className="muted">{t('reports.onlyInProgress')}</p>}
            <ProgressReportList taskId={task.id} mayUpload={task.mayReport} />
          </section>

          <CommentsPanel target={{ kind: 'task', id: task.id }} />

          <section className="section" aria-labelledby="task-contacts">
            <h2 id="task-contacts">{t('sections.contacts')}</h2>
            <Contacts task={task} />
          </section>

          <section className="section" aria-labelledby="task-history">
            <h2 id="task-history">{t('history.title')}</h2>
            <HistoryTimeline taskId={task.id} />
          </section>
        </>
      )}
    </div>
  );
}
