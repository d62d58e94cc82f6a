import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { clearancesUpTo } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { newIdempotencyKey, placeFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading, QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useAllUnits, type UnitOption } from '@/lib/reference/agencies';
import { useCitableProvisions, useCreateTask, useRegulationChoices, useTask, useUpdateTask, type Task } from '../api/tasks';
import { citableProvisions } from '../citations';
import {
  emptyTaskForm,
  formToCreateRequest,
  formToUpdateRequest,
  kinds,
  priorities,
  recurrences,
  taskFormFields,
  taskToForm,
  type TaskFormValues,
} from '../taskForm';
import { todayInHanoi } from '../today';
import { useCitationText } from './TaskParts';

interface TaskFormProps {
  initial: TaskFormValues;
  mode: 'create' | 'edit';
  error: unknown;
  pending: boolean;
  onSubmit: (values: TaskFormValues) => void;
  onCancel: () => void;
}

function TaskForm({ initial, mode, error, pending, onSubmit, onCancel }: TaskFormProps) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const { language, pick } = useLocalized();
  const { me } = useSession();
  const [form, setForm] = useState(initial);
  const regulations = useRegulationChoices();
  const regulationId = form.regulationId ? Number(form.regulationId) : null;
  const text = useCitableProvisions(regulationId);
  const provisions = text.data ? citableProvisions(text.data.chapters, language) : [];
  const citationText = useCitationText();
  const { agencies, units, isPending: unitsPending } = useAllUnits();

  const { byField, unplaced } = placeFieldErrors(problemFieldErrors(error), taskFormFields(form));
  const set = <K extends keyof TaskFormValues>(key: K, value: TaskFormValues[K]) => setForm((f) => ({ ...f, [key]: value }));

  const lead = units.find((u) => u.code === form.leadUnitCode);
  const counterpartChoices = units.filter((u) => !lead || u.agencyCode !== lead.agencyCode);
  const unitLabel = (u: UnitOption) => `${'\u00a0\u00a0'.repeat(Math.max(0, u.depth - 1))}${u.code} — ${pick(u.nameVi, u.nameEn).text ?? ''}`;
  const tierLabel = (tier: string) => t(`tiers.${tier}` as never, { defaultValue: tier });
  const counterpartError = (code: string) => {
    const index = form.counterpartUnitCodes.indexOf(code);
    return index >= 0 ? byField[`counterpartUnitCodes[${index}]`] : undefined;
  };
  // Officers create tasks of their own unit; coordinators any task of their regulations.
  const leadChoices = me?.roles.includes('coordinator') || mode === 'edit' ? units : units.filter((u) => u.code === me?.unitCode);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(form);
  }

  return (
    <form className="task-form" onSubmit={submit} noValidate>
      {error instanceof ApiError && error.status !== 400 && <ErrorMessage error={error} />}
      {error instanceof ApiError && error.status === 400 && (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('form.invalid')}</p>
          <p>{t('form.fixFields')}</p>
        </div>
      )}
      {error !== null && error !== undefined && !(error instanceof ApiError) && <ErrorMessage error={error} />}
      <UnplacedErrors errors={unplaced} />

      <fieldset className="section">
        <legend>{t('form.what')}</legend>
        {mode === 'create' && (
          <Field label={t('fields.regulation')} errors={byField.regulationId}>
            {(p) => (
              <select {...p} name="regulationId" value={form.regulationId} onChange={(e) => setForm((f) => ({ ...f, regulationId: e.target.value, citations: [{ aknId: '' }] }))}>
                <option value="">{t('form.choose')}</option>
                {regulations.data?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.code} — {pick(r.titleVi, r.titleEn).text}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('fields.titleVi')} errors={byField.titleVi}>
          {(p) => <input {...p} name="titleVi" lang="vi" value={form.titleVi} maxLength={500} onChange={(e) => set('titleVi', e.target.value)} required />}
        </Field>
        <Field label={t('fields.titleEn')} errors={byField.titleEn}>
          {(p) => <input {...p} name="titleEn" lang="en" value={form.titleEn} maxLength={500} onChange={(e) => set('titleEn', e.target.value)} required />}
        </Field>
        <Field label={t('fields.descriptionVi')} errors={byField.descriptionVi}>
          {(p) => <textarea {...p} name="descriptionVi" lang="vi" rows={3} value={form.descriptionVi} onChange={(e) => set('descriptionVi', e.target.value)} />}
        </Field>
        <Field label={t('fields.descriptionEn')} errors={byField.descriptionEn}>
          {(p) => <textarea {...p} name="descriptionEn" lang="en" rows={3} value={form.descriptionEn} onChange={(e) => set('descriptionEn', e.target.value)} />}
        </Field>
      </fieldset>

      <fieldset className="section">
        <legend>{t('fields.citations')}</legend>
        <FieldMessages errors={byField.citations} />
        {form.citations.map((citation, i) => (
          <div className="row-inputs" key={i}>
            <Field label={t('form.citationN', { n: i + 1 })} errors={byField[`citations[${i}].aknId`] ?? byField[`citations[${i}].versionId`]}>
              {(p) => (
                <select
                  {...p}
                  name={`citations[${i}].aknId`}
                  value={citation.aknId}
                  onChange={(e) => set('citations', form.citations.map((c, j) => (j === i ? { aknId: e.target.value } : c)))}
                >
                  <option value="">{t('form.choose')}</option>
                  {citation.aknId && !provisions.some((p) => p.aknId === citation.aknId) && <option value={citation.aknId}>{citationText(citation.aknId)}</option>}
                  {provisions.map((p) => (
                    <option key={p.aknId} value={p.aknId}>
                      {`${'\u00a0\u00a0'.repeat(p.depth)}${citationText(p.aknId)}${p.heading && p.depth === 0 ? `. ${p.heading}` : ''}`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {form.citations.length > 1 && (
              <button type="button" className="button button--small" onClick={() => set('citations', form.citations.filter((_, j) => j !== i))}>
                {t('form.remove')}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => set('citations', [...form.citations, { aknId: '' }])}>
          {t('form.addCitation')}
        </button>
      </fieldset>

      <fieldset className="section">
        <legend>{t('form.who')}</legend>
        {unitsPending && <Loading />}
        <Field label={t('fields.leadUnit')} errors={byField.leadUnitCode} hint={lead ? t('form.leadTier', { tier: tierLabel(lead.tier) }) : undefined}>
          {(p) => (
            <select {...p} name="leadUnitCode" value={form.leadUnitCode} onChange={(e) => set('leadUnitCode', e.target.value)}>
              <option value="">{t('form.choose')}</option>
              {form.leadUnitCode && !leadChoices.some((u) => u.code === form.leadUnitCode) && <option value={form.leadUnitCode}>{form.leadUnitCode}</option>}
              {agencies.map((a) => (
                <optgroup key={a.code} label={pick(a.nameVi, a.nameEn).text ?? a.code}>
                  {leadChoices
                    .filter((u) => u.agencyCode === a.code)
                    .map((u) => (
                      <option key={u.code} value={u.code}>
                        {unitLabel(u)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <fieldset className={`unit-checklist${byField.counterpartUnitCodes ? ' field--invalid' : ''}`}>
          <legend>{t('fields.counterpartUnits')}</legend>
          <p className="field__hint">{t('form.sameLevel')}</p>
          <FieldMessages errors={byField.counterpartUnitCodes} />
          {agencies
            .filter((a) => !lead || a.code !== lead.agencyCode)
            .map((a) => (
              <div key={a.code} className="unit-checklist__agency">
                <p className="unit-checklist__agency-name">{pick(a.nameVi, a.nameEn).text}</p>
                <ul>
                  {counterpartChoices
                    .filter((u) => u.agencyCode === a.code)
                    .map((u) => {
                      const errors = counterpartError(u.code);
                      const sameTier = !lead || lead.tier === u.tier;
                      return (
                        <li key={u.code} style={{ paddingLeft: `${u.depth * 1.25}rem` }} className={errors ? 'field--invalid' : undefined}>
                          <label className={`checkbox${sameTier ? '' : ' checkbox--other-tier'}`}>
                            <input
                              type="checkbox"
                              name={`counterpart-${u.code}`}
                              checked={form.counterpartUnitCodes.includes(u.code)}
                              aria-invalid={errors ? true : undefined}
                              onChange={(e) =>
                                set('counterpartUnitCodes', e.target.checked ? [...form.counterpartUnitCodes, u.code] : form.counterpartUnitCodes.filter((c) => c !== u.code))
                              }
                            />
                            <span>
                              <span className="code">{u.code}</span> {pick(u.nameVi, u.nameEn).text} <span className="muted">· {tierLabel(u.tier)}</span>
                            </span>
                          </label>
                          <FieldMessages errors={errors} />
                        </li>
                      );
                    })}
                </ul>
              </div>
            ))}
        </fieldset>

        <h3 className="subheading">{t('sections.contacts')}</h3>
        <FieldMessages errors={byField.contacts} />
        {form.contacts.map((contact, i) => {
          const update = (patch: Partial<typeof contact>) => set('contacts', form.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)));
          return (
            <div className="row-inputs row-inputs--contact" key={i}>
              <Field label={t('contacts.name')} errors={byField[`contacts[${i}].name`]}>
                {(p) => <input {...p} name={`contacts[${i}].name`} value={contact.name} onChange={(e) => update({ name: e.target.value })} />}
              </Field>
              <Field label={t('contacts.unit')} errors={byField[`contacts[${i}].unitCode`]}>
                {(p) => (
                  <select {...p} name={`contacts[${i}].unitCode`} value={contact.unitCode} onChange={(e) => update({ unitCode: e.target.value })}>
                    <option value="">{tc('common.none')}</option>
                    {units.map((u) => (
                      <option key={u.code} value={u.code}>
                        {u.code}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('contacts.phone')} errors={byField[`contacts[${i}].phone`]}>
                {(p) => <input {...p} name={`contacts[${i}].phone`} type="tel" value={contact.phone} onChange={(e) => update({ phone: e.target.value })} />}
              </Field>
              <Field label={t('contacts.email')} errors={byField[`contacts[${i}].email`]}>
                {(p) => <input {...p} name={`contacts[${i}].email`} type="email" value={contact.email} onChange={(e) => update({ email: e.target.value })} />}
              </Field>
              <button type="button" className="button button--small" onClick={() => set('contacts', form.contacts.filter((_, j) => j !== i))}>
                {t('form.remove')}
              </button>
            </div>
          );
        })}
        <button type="button" className="button button--small" onClick={() => set('contacts', [...form.contacts, { name: '', unitCode: '', phone: '', email: '' }])}>
          {t('form.addContact')}
        </button>
      </fieldset>

      <fieldset className="section">
        <legend>{t('form.when')}</legend>
        <div className="form-grid">
          <Field label={t('fields.kind')} errors={byField.kind}>
            {(p) => (
              <select {...p} name="kind" value={form.kind} onChange={(e) => set('kind', e.target.value)}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {form.kind === 'recurring' && (
            <Field label={t('fields.recurrence')} errors={byField.recurrence}>
              {(p) => (
                <select {...p} name="recurrence" value={form.recurrence} onChange={(e) => set('recurrence', e.target.value)}>
                  <option value="">{t('form.choose')}</option>
                  {recurrences.map((r) => (
                    <option key={r} value={r}>
                      {t(`recurrences.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t('fields.planYear')} errors={byField.planYear}>
            {(p) => <input {...p} name="planYear" type="number" inputMode="numeric" min={2000} max={2100} value={form.planYear} onChange={(e) => set('planYear', e.target.value)} />}
          </Field>
          <Field label={t('fields.startDate')} errors={byField.startDate}>
            {(p) => <input {...p} name="startDate" type="date" value={form.startDate} onChange={(e) => set('startDate', e.target.value)} />}
          </Field>
          <Field label={t('fields.dueDate')} errors={byField.dueDate}>
            {(p) => <input {...p} name="dueDate" type="date" value={form.dueDate} onChange={(e) => set('dueDate', e.target.value)} />}
          </Field>
          <Field label={t('fields.priority')} errors={byField.priority}>
            {(p) => (
              <select {...p} name="priority" value={form.priority} onChange={(e) => set('priority', e.target.value)}>
                {priorities.map((k) => (
                  <option key={k} value={k}>
                    {t(`priorities.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('fields.classification')} errors={byField.classification} hint={t('form.classificationHint')}>
            {(p) => (
              <select {...p} name="classification" value={form.classification} onChange={(e) => set('classification', e.target.value)}>
                {clearancesUpTo(me?.clearance).map((c) => (
                  <option key={c} value={c}>
                    {tc(`clearance.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('saving') : mode === 'create' ? t('form.create') : t('form.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {tc('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function TaskCreatePage() {
  const { t } = useTranslation('tasks');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { me } = useSession();
  const regulations = useRegulationChoices();
  const create = useCreateTask();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  useDocumentTitle(t('newTitle'));

  function submit(values: TaskFormValues) {
    const body = formToCreateRequest(values);
    const json = JSON.stringify(body);
    // One key per submission: resending the same body (after a lost answer) replays it instead of creating a twin.
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    create.mutate({ body, idempotencyKey: attempt.current.key }, { onSuccess: (task) => void navigate(`/tasks/${task.id}`) });
  }

  const requested = Number(params.get('regulationId'));
  const year = Number(todayInHanoi().slice(0, 4));
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/tasks">← {t('backToList')}</Link>
      </p>
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>
      <QueryStatus query={regulations} retry={false} />
      {regulations.isSuccess && (
        <TaskForm
          mode="create"
          initial={emptyTaskForm({ regulationId: requested > 0 ? requested : (regulations.data[0]?.id ?? null), leadUnitCode: me?.unitCode ?? null, year })}
          error={create.error}
          pending={create.isPending}
          onSubmit={submit}
          onCancel={() => void navigate('/tasks')}
        />
      )}
    </div>
  );
}

function StaleNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation('tasks');
  return (
    <div className="error-message" role="alert">
      <p className="error-message__title">{t('form.staleTitle')}</p>
      <p>{t('form.staleText')}</p>
      <button type="button" className="button" onClick={onReload}>
        {t('form.reload')}
      </button>
    </div>
  );
}

function TaskEditForm({ task, etag, onReload }: { task: Task; etag: string | null; onReload: () => void }) {
  const navigate = useNavigate();
  const update = useUpdateTask(task.id);
  const stale = update.error instanceof ApiError && update.error.status === 412;
  return (
    <>
      {stale && <StaleNotice onReload={onReload} />}
      <TaskForm
        mode="edit"
        initial={taskToForm(task)}
        error={stale ? null : update.error}
        pending={update.isPending}
        onSubmit={(values) =>
          update.mutate({ body: formToUpdateRequest(values), etag: etag ?? '' }, { onSuccess: () => void navigate(`/tasks/${task.id}`) })
        }
        onCancel={() => void navigate(`/tasks/${task.id}`)}
      />
    </>
  );
}

export function TaskEditPage() {
  const { t } = useTranslation('tasks');
  const id = Number(useParams().id);
  const query = useTask(id);
  // A new form (and a cleared error) each time the person reloads after someone else's change.
  const [generation, setGeneration] = useState(0);
  const task = query.data?.task;
  useDocumentTitle(task ? t('editTitle', { code: task.code }) : t('detailTitle'));

  async function reload() {
    await query.refetch();
    setGeneration((g) => g + 1);
  }

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/tasks/${id}`}>← {task ? task.code : t('backToList')}</Link>
      </p>
      <h1>{task ? t('editTitle', { code: task.code }) : t('detailTitle')}</h1>
      <QueryStatus query={query} retry={false} />
      {task && !task.mayEdit && <p className="note">{t('form.mayNotEdit')}</p>}
      {task && task.mayEdit && <TaskEditForm key={`${generation}-${query.data?.etag}`} task={task} etag={query.data?.etag ?? null} onReload={() => void reload()} />}
    </div>
  );
}
