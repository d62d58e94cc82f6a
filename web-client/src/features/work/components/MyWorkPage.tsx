import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { TaskStatusBadge } from '@/lib/ui/Badges';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useMyWork, type MyWork } from '../api/work';
import { byReview, byUrgency } from '../groups';
import './work.css';

function Figures({ work }: { work: MyWork }) {
  const { t } = useTranslation('work');
  const { count } = useLocalized();
  const figures = [
    { key: 'overdue', value: work.overdue, label: t('overdue') },
    { key: 'due_soon', value: work.dueSoon, label: t('dueSoon') },
    { key: 'open', value: work.tasks.length, label: t('open') },
    { key: 'awaiting', value: work.awaitingEvaluation.length, label: t('awaiting') },
  ];
  return (
    <ul className="work-figures" aria-label={t('figures')}>
      {figures.map((f) => (
        <li key={f.key} className={`work-figure work-figure--${f.key}`}>
          <span className="work-figure__value">{count(f.value)}</span>
          <span>{f.label}</span>
        </li>
      ))}
    </ul>
  );
}

function Tasks({ work }: { work: MyWork }) {
  const { t } = useTranslation('work');
  const { date } = useLocalized();
  if (work.tasks.length === 0) return <p className="empty">{t('noTasks')}</p>;
  return (
    <table className="table table--stacking">
      <caption className="visually-hidden">{t('tasks')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('columns.code')}</th>
          <th scope="col">{t('columns.title')}</th>
          <th scope="col">{t('columns.role')}</th>
          <th scope="col">{t('columns.status')}</th>
          <th scope="col">{t('columns.progress')}</th>
          <th scope="col">{t('columns.due')}</th>
        </tr>
      </thead>
      <tbody>
        {byUrgency(work.tasks).map((task) => (
          <tr key={task.id}>
            <td data-label={t('columns.code')}>
              <Link to={`/tasks/${task.id}`} className="code">
                {task.code}
              </Link>
            </td>
            <td data-label={t('columns.title')} className="cell--title">
              <Link to={`/tasks/${task.id}`}>{task.title}</Link>
            </td>
            <td data-label={t('columns.role')}>{t(`role.${task.role}`)}</td>
            <td data-label={t('columns.status')}>
              <TaskStatusBadge status={task.status} />
            </td>
            <td data-label={t('columns.progress')}>{task.progress}%</td>
            <td data-label={t('columns.due')}>
              {date(task.dueDate)} <span className={`due-state due-state--${task.dueState}`}>{t(`dueState.${task.dueState}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Evaluations({ work }: { work: MyWork }) {
  const { t } = useTranslation('work');
  const groups = byReview(work.awaitingEvaluation);
  if (groups.length === 0) return <p className="empty">{t('noEvaluation')}</p>;
  return (
    <>
      {groups.map((group) => (
        <div key={group.reviewId} className="work-review card">
          <h3>
            {t('review', { id: group.reviewId, year: group.year })} · <Link to={`/reviews/${group.reviewId}`}>{t('openReview')}</Link>
          </h3>
          <ul className="plain-list">
            {group.tasks.map((item) => (
              <li key={item.taskId}>
                <Link to={`/tasks/${item.taskId}`} className="code">
                  {item.taskCode}
                </Link>{' '}
                {item.title}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

export function MyWorkPage() {
  const { t } = useTranslation('work');
  const { language } = useLocalized();
  const { me } = useSession();
  const query = useMyWork(language);
  useDocumentTitle(t('title'));
  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('title')}</h1>
        <p className="muted">{me?.unitCode ? t('intro', { unit: me.unitCode }) : t('introNoUnit')}</p>
      </header>
      <QueryStatus query={query} />
      {query.data && (
        <>
          <Figures work={query.data} />
          <section className="section" aria-labelledby="work-tasks">
            <h2 id="work-tasks">{t('tasks')}</h2>
            <Tasks work={query.data} />
          </section>
          <section className="section" aria-labelledby="work-evaluation">
            <h2 id="work-evaluation">{t('evaluation')}</h2>
            <Evaluations work={query.data} />
          </section>
        </>
      )}
    </div>
  );
}
