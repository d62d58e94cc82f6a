import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { FieldMessages } from '@/lib/forms/Field';
import { problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { TaskForm } from '@/lib/tasks/TaskForm';
import { emptyTaskForm, formToPlanTask } from '@/lib/tasks/taskForm';
import { TaskStatusBadge } from '@/lib/ui/Badges';
import { ErrorMessage, Loading, QueryStatus } from '@/lib/ui/QueryState';
import {
  usePlan,
  useRegulationDetail,
  useTransition,
  type Plan,
  type PlanItem,
  type PlanTaskInput,
  type RegulationDetail,
  type Review,
} from '../api/reviews';
import { evaluationRowId } from './EvaluationGrid';

interface UnevaluatedTask {
  id: number;
  code: string;
  titleVi?: string;
  titleEn?: string;
}

/** The tasks a 409 of concluding lists as not evaluated yet (the problem's `unevaluated` extension). */
export function unevaluatedOf(error: unknown): UnevaluatedTask[] | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const list = (error.problem as { unevaluated?: unknown }).unevaluated;
  return Array.isArray(list) ? (list as UnevaluatedTask[]) : null;
}

function PlanItems({ items }: { items: readonly PlanItem[] }) {
  const { t } = useTranslation('reviews');
  const { pick, code } = useLocalized();
  return (
    <ul className="plan-list">
      {items.map((item, index) => {
        const title = pick(item.titleVi, item.titleEn);
        return (
          <li key={item.task?.id ?? `${item.origin}-${item.sourceTaskId ?? index}`} className={`plan-item plan-item--${item.origin}`}>
            <span className={`badge badge--origin-${item.origin}`}>{code('reviews:conclusion.origins', item.origin)}</span>{' '}
            {item.task ? (
              <Link to={`/tasks/${item.task.id}`}>
                <span className="code">{item.task.code}</span> <span lang={title.fallback ? 'vi' : undefined}>{title.text}</span>
              </Link>
            ) : (
              <span lang={title.fallback ? 'vi' : undefined}>{title.text}</span>
            )}
            {item.sourceTaskCode && (
              <span className="muted">
                {' '}
                · {t('conclusion.continues', { code: item.sourceTaskCode })}
              </span>
            )}
            {item.task && (
              <>
                {' '}
                <TaskStatusBadge status={item.task.status} overdue={item.task.overdue} />
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}


/** What a new task of the plan may cite: the articles of the regulation's text in force. */
function articlesOf(regulation: RegulationDetail) {
  const out: { aknId: string; num: string; headingVi?: string | null; headingEn?: string | null }[] = [];
  const walk = (nodes: RegulationDetail['chapters']) => {
    for (const node of nodes) {
      if (node.kind === 'article') out.push(node);
      else walk(node.children);
    }
  };
  walk(regulation.chapters);
  return out;
}

/** A task for the next plan, in the same form as any task; its regulation and plan year are the review's. */
function NewTaskForm({ review, planYear, onAdd, onCancel }: { review: Review; planYear: number; onAdd: (task: PlanTaskInput) => void; onCancel: () => void }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  const regulation = useRegulationDetail(review.regulationId);
  if (regulation.isPending) return <Loading />;
  if (regulation.isError) return <ErrorMessage error={regulation.error} />;
  const versionId = regulation.data.currentVersion?.id;
  return (
    <div className="new-task-form">
      <TaskForm
        mode="plan"
        initial={emptyTaskForm({ regulationId: review.regulationId, year: planYear })}
        provisions={articlesOf(regulation.data).map((article) => ({ aknId: article.aknId, label: `${article.num}. ${pick(article.headingVi, article.headingEn).text ?? ''}` }))}
        agencyCodes={regulation.data.parties.map((p) => p.agencyCode)}
        error={null}
        submitLabel={t('conclusion.addToList')}
        onSubmit={(values) => {
          const task = formToPlanTask(values);
          // The plan cites the text the review looked at: the version current when it is concluded.
          onAdd({ ...task, citations: task.citations.map((c) => ({ ...(versionId ? { versionId } : {}), ...c })) });
        }}
        onCancel={onCancel}
      />
    </div>
  );
}

function UnevaluatedList({ tasks }: { tasks: readonly UnevaluatedTask[] }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  return (
    <div className="error-message unevaluated" role="alert">
      <p className="error-message__title">{t('conclusion.unevaluatedTitle', { count: tasks.length })}</p>
      <p>{t('conclusion.unevaluatedHint')}</p>
      <ul>
        {tasks.map((task) => (
          <li key={task.id}>
            <a href={`#${evaluationRowId(task.id)}`}>
              <span className="code">{task.code}</span> {pick(task.titleVi, task.titleEn).text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Concluding: the preview of the next plan, new tasks for it, and the 409 naming what is still unevaluated. */
export function ConclusionPanel({ review }: { review: Review }) {
  const { t } = useTranslation('reviews');
  const plan = usePlan(review.id);
  const transition = useTransition(review.id);
  const [newTasks, setNewTasks] = useState<PlanTaskInput[]>([]);
  const [adding, setAdding] = useState(false);
  const unevaluated = unevaluatedOf(transition.error);
  // A 400 names a new task's field as `newTasks[i].field`: its message goes beside that task in the list.
  const fieldErrors = Object.entries(problemFieldErrors(transition.error));
  const errorsOfNewTask = (index: number) =>
    fieldErrors.flatMap(([key, messages]) => {
      const match = /^newTasks\[(\d+)\]\.?(.*)$/i.exec(key);
      return match && Number(match[1]) === index ? messages.map((m) => (match[2] ? `${match[2]}: ${m}` : m)) : [];
    });
  const planYear = plan.data?.planYear ?? review.periodYear + 1;
  return (
    <section className="section conclusion" aria-labelledby="conclusion-title">
      <h2 id="conclusion-title">{t('conclusion.title', { year: planYear })}</h2>
      <p>{t('conclusion.preview', { year: planYear })}</p>
      <QueryStatus query={plan} />
      {plan.data && (plan.data.items.length === 0 ? <p className="muted">{t('conclusion.emptyPlan')}</p> : <PlanItems items={plan.data.items} />)}
      {newTasks.length > 0 && (
        <>
          <h3>{t('conclusion.newTasks')}</h3>
          <ul className="plan-list">
            {newTasks.map((task, index) => (
              <li key={index} className="plan-item plan-item--new">
                <span className="badge badge--origin-new">{t('conclusion.origins.new')}</span> {task.titleVi}{' '}
                <span className="muted">· {task.leadUnitCode}</span>{' '}
                <button type="button" className="link-button" onClick={() => setNewTasks(newTasks.filter((_, i) => i !== index))}>
                  {t('conclusion.remove')}
                </button>
                <FieldMessages errors={errorsOfNewTask(index)} />
              </li>
            ))}
          </ul>
        </>
      )}
      {adding ? (
        <NewTaskForm
          review={review}
          planYear={planYear}
          onAdd={(task) => {
            setNewTasks([...newTasks, task]);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('conclusion.addTask')}
          </button>
        </p>
      )}
      {unevaluated ? <UnevaluatedList tasks={unevaluated} /> : transition.isError && <ErrorMessage error={transition.error} />}
      <p>
        <button
          type="button"
          className="button button--primary button--large"
          disabled={transition.isPending}
          onClick={() => transition.mutate({ to: 'concluded', newTasks: newTasks.length > 0 ? newTasks : null })}
        >
          {transition.isPending ? t('conclusion.concluding') : t('conclusion.conclude')}
        </button>
      </p>
    </section>
  );
}

/** What a concluded review decided: the plan it adopted, kept as a record. */
export function AdoptedPlan({ review }: { review: Review }) {
  const { t } = useTranslation('reviews');
  const { date } = useLocalized();
  const plan = usePlan(review.id);
  const year = review.adoptedPlanYear ?? plan.data?.planYear ?? review.periodYear + 1;
  return (
    <section className="section adopted-plan" aria-labelledby="adopted-plan-title">
      <h2 id="adopted-plan-title">{t('conclusion.adoptedTitle', { year })}</h2>
      <QueryStatus query={plan} />
      {plan.data && <AdoptedItems plan={plan.data} concludedAt={review.concludedAt ? date(review.concludedAt.slice(0, 10)) : ''} />}
    </section>
  );
}

function AdoptedItems({ plan, concludedAt }: { plan: Plan; concludedAt: string }) {
  const { t } = useTranslation('reviews');
  return (
    <>
      <p className="note note--ok">{t('conclusion.adopted', { date: concludedAt, year: plan.planYear, count: plan.items.length })}</p>
      {plan.items.length > 0 && <PlanItems items={plan.items} />}
    </>
  );
}
