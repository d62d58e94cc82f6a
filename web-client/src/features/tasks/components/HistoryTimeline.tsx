import { useTranslation } from 'react-i18next';
import { AuthorName } from '@/lib/ui/Badges';
import { formatInstant } from '@/lib/ui/formatInstant';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useTaskHistory, type TaskHistoryEntry } from '../api/tasks';
import './tasks.css';

function Changes({ changes }: { changes: unknown }) {
  const { t } = useTranslation('tasks');
  if (!changes || typeof changes !== 'object') return null;
  const entries = Object.entries(changes as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <ul className="history__changes">
      {entries.map(([field, value]) =>
        Array.isArray(value) && value.length === 2 ? (
          <li key={field}>
            {t(`fields.${field}` as never, { defaultValue: field })}: <del>{String(value[0] ?? '—')}</del> → <ins>{String(value[1] ?? '—')}</ins>
          </li>
        ) : (
          <li key={field}>
            {t(`fields.${field}` as never, { defaultValue: field })}: {String(value)}
          </li>
        ),
      )}
    </ul>
  );
}

function Entry({ entry }: { entry: TaskHistoryEntry }) {
  const { t, i18n } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const status = (s?: string | null) => (s ? tc(`taskStatus.${s}` as never, { defaultValue: s }) : '');
  let what: string;
  if (entry.kind === 'transition') what = t('history.transition', { from: status(entry.fromStatus), to: status(entry.toStatus) });
  else if (entry.kind === 'report' && entry.redacted) what = t('history.reportWithheld');
  else if (entry.kind === 'report') {
    const report = (entry.changes ?? {}) as { percent?: number; unit?: string };
    what = t('history.report', { percent: report.percent ?? '?', unit: report.unit ?? '' });
  } else what = t(`history.${entry.kind}` as never, { defaultValue: entry.kind });
  return (
    <li className={`history__entry history__entry--${entry.kind}`}>
      <p className="history__head">
        <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt, i18n.resolvedLanguage)}</time> · <strong>
          <AuthorName name={entry.actorName} kind={entry.actorKind} />
        </strong>
      </p>
      <p className="history__what">{what}</p>
      {entry.redacted && <p className="history__redacted">{t('history.redacted')}</p>}
      {entry.comment && <blockquote className="history__comment">{entry.comment}</blockquote>}
      {entry.kind === 'edited' && <Changes changes={entry.changes} />}
    </li>
  );
}

/** What happened to the task, newest first. */
export function HistoryTimeline({ taskId }: { taskId: number }) {
  const { t } = useTranslation('tasks');
  const history = useTaskHistory(taskId);
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorMessage error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <p className="empty">{t('history.empty')}</p>;
  const entries = [...history.data].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.id - a.id);
  return (
    <ol className="history" aria-label={t('history.title')}>
      {entries.map((entry) => (
        <Entry key={entry.id} entry={entry} />
      ))}
    </ol>
  );
}
