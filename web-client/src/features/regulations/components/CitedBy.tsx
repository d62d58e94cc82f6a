import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { TaskStatusBadge } from '@/lib/ui/Badges';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useProvision, type CitingTask } from '../api/text';
import { citeAkn } from '@/lib/text/akn';

interface CitingTaskGroup {
  task: CitingTask;
  cited: string[];
}

/** A task citing several provisions of one article appears once, with everything it cites. */
export function groupCitations(citations: readonly CitingTask[]): CitingTaskGroup[] {
  const groups = new Map<number, CitingTaskGroup>();
  for (const citation of citations) {
    const group = groups.get(citation.taskId);
    if (group) {
      if (!group.cited.includes(citation.citedAknId)) group.cited.push(citation.citedAknId);
    } else groups.set(citation.taskId, { task: citation, cited: [citation.citedAknId] });
  }
  return [...groups.values()];
}

function CitingTasks({ regulationId, number, aknId }: { regulationId: number; number: number; aknId: string }) {
  const { t } = useTranslation('regulations');
  const { pick, language } = useLocalized();
  const detail = useProvision(regulationId, number, aknId);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  const groups = groupCitations(detail.data.value.citedBy);
  if (groups.length === 0) return <p className="muted">{t('citedBy.none')}</p>;
  return (
    <ul className="cited-by__list">
      {groups.map(({ task, cited }) => {
        const title = pick(task.titleVi, task.titleEn);
        return (
          <li key={task.taskId}>
            <Link to={`/tasks/${task.taskId}`}>
              <span className="code">{task.code}</span> <span lang={title.fallback ? 'vi' : undefined}>{title.text}</span>
            </Link>{' '}
            <TaskStatusBadge status={task.status} />
            <span className="cited-by__cites muted">
              {' '}
              · {t('citedBy.cites', { provision: cited.map((akn) => citeAkn(akn, language)).join('; ') })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The tasks carrying out an article, loaded when the reader asks for them. */
export function CitedBy({ regulationId, number, aknId }: { regulationId: number; number: number; aknId: string }) {
  const { t } = useTranslation('regulations');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="cited-by">
      <button type="button" className="link-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {open ? t('citedBy.hide') : t('citedBy.show')}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <CitingTasks regulationId={regulationId} number={number} aknId={aknId} />}
      </div>
    </div>
  );
}
