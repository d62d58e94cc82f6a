import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { useTransitionTask, type Task } from '../api/tasks';

/** The label of a move: reopening a completed task is not the same act as starting an assigned one. */
export function transitionKey(from: string, to: string): string {
  if (to === 'in_progress') return from === 'completed' ? 'reopen' : 'start';
  if (to === 'assigned') return 'assign';
  if (to === 'completed') return 'complete';
  if (to === 'cancelled') return 'cancel';
  return to;
}

/** Only the moves the API says this person may make now (`allowedTransitions`), with an optional comment. */
export function TransitionPanel({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const id = useId();
  const [comment, setComment] = useState('');
  const transition = useTransitionTask(task.id);
  if (task.allowedTransitions.length === 0) return null;
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('transitions.title')}</h2>
      {transition.isError && <ErrorMessage error={transition.error} />}
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('transitions.comment')}</label>
        <textarea id={`${id}-comment`} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="form-actions">
        {task.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            className={`button ${to === 'cancelled' ? 'button--danger' : 'button--primary'}`}
            disabled={transition.isPending}
            onClick={() => transition.mutate({ to, comment }, { onSuccess: () => setComment('') })}
          >
            {t(`transitions.${transitionKey(task.status, to)}` as never, { defaultValue: to })}
          </button>
        ))}
      </div>
    </section>
  );
}
