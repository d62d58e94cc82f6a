import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { useLocalized } from '@/lib/i18n/localize';
import { useUnits } from '@/lib/reference/agencies';
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

const classifications = ['unclassified', 'confidential', 'secret', 'top-secret'] as const;
const taskKinds = ['one_off', 'recurring', 'continuous'] as const;
const recurrences = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** A task for the next plan: the essentials only; everything else is edited on the task afterwards. */
function NewTaskForm({ review, planYear, onAdd }: { review: Review; planYear: number; onAdd: (task: PlanTaskInput) => void }) {
  const { t } = useTranslation('reviews');
  const { pick, code } = useLocalized();
  const regulation = useRegulationDetail(review.regulationId);
  const units = useUnits(regulation.data?.parties.map((p) => p.agencyCode) ?? []);
  const id = useId();
  const empty = {
    titleVi: '',
    titleEn: '',
    aknId: '',
    leadUnitCode: '',
    classification: 'unclassified',
    kind: 'one_off',
    recurrence: 'quarterly',
    startDate: `${planYear}-01-01`,
    dueDate: `${planYear}-12-31`,
    priority: 'normal',
  };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });
  const versionId = regulation.data?.currentVersion?.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!versionId) return;
    onAdd({
      titleVi: form.titleVi.trim(),
      titleEn: form.titleEn.trim(),
      citations: form.aknId ? [{ versionId, aknId: form.aknId }] : [],
      leadUnitCode: form.leadUnitCode,
      classification: form.classification,
      kind: form.kind,
      recurrence: form.kind === 'recurring' ? form.recurrence : null,
      planYear,
      startDate: form.startDate,
      dueDate: form.dueDate,
      priority: form.priority,
    });
    setForm(empty);
  };
  if (regulation.isPending) return <Loading />;
  if (regulation.isError) return <ErrorMessage error={regulation.error} />;
  const select = (name: keyof typeof empty, label: string, options: readonly string[], group: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <select id={`${id}-${name}`} value={form[name]} onChange={set(name)}>
        {options.map((value) => (
          <option key={value} value={value}>
            {code(`reviews:taskForm.${group}`, value)}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form className="new-task-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-titleVi`}>{t('taskForm.titleVi')}</label>
        <input id={`${id}-titleVi`} lang="vi" value={form.titleVi} onChange={set('titleVi')} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-titleEn`}>{t('taskForm.titleEn')}</label>
        <input id={`${id}-titleEn`} lang="en" value={form.titleEn} onChange={set('titleEn')} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-akn`}>{t('taskForm.citation')}</label>
        <select id={`${id}-akn`} value={form.aknId} onChange={set('aknId')} required>
          <option value="">{t('taskForm.choose')}</option>
          {articlesOf(regulation.data).map((article) => (
            <option key={article.aknId} value={article.aknId}>
              {article.num}. {pick(article.headingVi, article.headingEn).text}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-lead`}>{t('taskForm.leadUnit')}</label>
        <select id={`${id}-lead`} value={form.leadUnitCode} onChange={set('leadUnitCode')} required>
          <option value="">{t('taskForm.choose')}</option>
          {units.units.map((unit) => (
            <option key={unit.code} value={unit.code}>
              {unit.code} · {pick(unit.nameVi, unit.nameEn).text}
            </option>
          ))}
        </select>
      </div>
      {select('classification', t('taskForm.classification'), classifications, 'classifications')}
      {select('kind', t('taskForm.kind'), taskKinds, 'kinds')}
      {form.kind === 'recurring' && select('recurrence', t('taskForm.recurrence'), recurrences, 'recurrences')}
      {select('priority', t('taskForm.priority'), priorities, 'priorities')}
      <div className="field">
        <label htmlFor={`${id}-start`}>{t('taskForm.startDate')}</label>
        <input id={`${id}-start`} type="date" value={form.startDate} onChange={set('startDate')} required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>{t('taskForm.dueDate')}</label>
        <input id={`${id}-due`} type="date" value={form.dueDate} onChange={set('dueDate')} required />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t('conclusion.addToList')}
        </button>
      </div>
    </form>
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
