import { useTranslation } from 'react-i18next';
import type { Schemas } from '@/lib/api/vocabulary';

/** Mật / Tối mật / Tuyệt mật; nothing for an unclassified record. */
export function ClassificationBadge({ classification }: { classification: Schemas['Clearance'] }) {
  const { t } = useTranslation();
  if (classification === 'unclassified') return null;
  return (
    <span className={`badge badge--classification badge--${classification}`}>
      {t(`clearance.${classification}` as never, { defaultValue: classification })}
    </span>
  );
}

/** A task's status, and "overdue" beside it when it is past due (overdue is derived, never a status of its own). */
export function TaskStatusBadge({ status, overdue = false }: { status: Schemas['TaskStatus']; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badge-group">
      <span className={`badge badge--task badge--task-${status}`}>{t(`taskStatus.${status}` as never, { defaultValue: status })}</span>
      {overdue && <span className="badge badge--overdue">{t('taskStatus.overdue')}</span>}
    </span>
  );
}

/** "hệ thống" / "system" beside the name of an author that is an agency system or the API itself; nothing for a person. */
export function AuthorKindBadge({ kind }: { kind?: Schemas['ActorKind'] | null }) {
  const { t } = useTranslation();
  if (!kind || kind === 'user') return null;
  return <span className={`badge badge--author badge--author-${kind}`}>{t(`authorKind.${kind}` as never, { defaultValue: kind })}</span>;
}

/**
 * Who wrote something, and whether it was a system: the API refuses a system named like a user, and says which kind
 * wrote what, so a system can never pass for a person.
 */
export function AuthorName({ name, kind }: { name: string; kind?: Schemas['ActorKind'] | null }) {
  return (
    <span className="author">
      {name} <AuthorKindBadge kind={kind} />
    </span>
  );
}
