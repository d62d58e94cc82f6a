import type { Schemas } from '@/lib/api/vocabulary';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useFieldArray, useForm, useWatch, type Control, type FieldPathByValue } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { clearancesUpTo } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors, type FieldControlProps } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { useAllUnits, useUnitLabel } from '@/lib/reference/agencies';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { taskFormFields, taskFormSchema, type TaskFormValues } from './taskForm';
import { taskKinds, taskPriorities, taskRecurrences } from './vocabulary';
import './taskForm.css';

/** A provision a task may cite, labelled as the picker shows it. */
export interface ProvisionChoice {
  aknId: string;
  label: string;
}

export interface TaskFormProps {
  /** `create` chooses the regulation; `plan` is a task of a review's next plan, whose year is the plan's. */
  mode: 'create' | 'edit' | 'plan';
  initial: TaskFormValues;
  /** The regulations to choose from (create only). */
  regulations?: readonly { id: number; label: string }[];
  onRegulationChange?: (regulationId: string) => void;
  /** What the chosen regulation's text lets a task cite. */
  provisions: readonly ProvisionChoice[];
  /** The label of a citation the list does not hold (a provision of an older version). */
  citationLabel?: (aknId: string) => string;
  /** Limits the unit pickers to these agencies (the regulation's parties); all agencies when left out. */
  agencyCodes?: readonly string[];
  /** The last answer of the API to this form: a 400's field errors appear under their fields. */
  error: unknown;
  pending?: boolean;
  submitLabel: string;
  onSubmit: (values: TaskFormValues) => void;
  onCancel?: () => void;
}

const emptyContact = { name: '', unitCode: '', phone: '', email: '' };

/** A select over a vocabulary, bound to one field of the form; `none` adds an empty first choice. */
function SelectOf<T extends string>({
  control,
  name,
  'control-props': props,
  values,
  label,
  none,
}: {
  control: Control<TaskFormValues>;
  name: FieldPathByValue<TaskFormValues, string | null | undefined>;
  'control-props': FieldControlProps;
  values: readonly T[];
  label: (value: T) => string;
  none?: string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <select {...props} {...field} value={field.value ?? ''}>
          {none !== undefined && <option value="">{none}</option>}
          {values.map((value) => (
            <option key={value} value={value}>
              {label(value)}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** The one form of a task: create, edit, and a new task of a review's next plan. */
export function TaskForm({
  mode,
  initial,
  regulations,
  onRegulationChange,
  provisions,
  citationLabel,
  agencyCodes,
  error,
  pending = false,
  submitLabel,
  onSubmit,
  onCancel,
}: TaskFormProps) {
  const { t } = useTranslation();
  const { pick, code } = useLocalized();
  const unitLabel = useUnitLabel();
  const { me } = useSession();
  const { control, register, setValue, handleSubmit, formState } = useForm({ resolver: zodResolver(taskFormSchema), defaultValues: initial });
  const citations = useFieldArray({ control, name: 'citations' });
  const contacts = useFieldArray({ control, name: 'contacts' });
  const [kind, leadUnitCode, counterpartUnitCodes] = useWatch({ control, name: ['kind', 'leadUnitCode', 'counterpartUnitCodes'] });
  const all = useAllUnits();
  const agencies = agencyCodes ? all.agencies.filter((a) => agencyCodes.includes(a.code)) : all.agencies;
  const units = agencyCodes ? all.units.filter((u) => agencyCodes.includes(u.agencyCode)) : all.units;

  const { errorsFor, unplaced } = formFieldErrors(
    formState.errors,
    problemFieldErrors(error),
    taskFormFields({ citations: citations.fields, counterpartUnitCodes, contacts: contacts.fields }),
  );
  const invalid = (error instanceof ApiError && error.status === 400) || Object.keys(formState.errors).length > 0;

  const lead = units.find((u) => u.code === leadUnitCode);
  const counterpartChoices = units.filter((u) => !lead || u.agencyCode !== lead.agencyCode);
  const tierLabel = (tier: Schemas['UnitTier']) => code('unitTier', tier);
  const counterpartErrors = (unitCode: string) => {
    const index = counterpartUnitCodes.indexOf(unitCode);
    return index >= 0 ? errorsFor(`counterpartUnitCodes[${index}]`) : undefined;
  };
  // Officers create tasks of their own unit; coordinators any task of their regulations.
  const leadChoices = mode !== 'create' || me?.roles.includes('coordinator') ? units : units.filter((u) => u.code === me?.unitCode);

  return (
    <form className="task-form" onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      {error instanceof ApiError && error.status !== 400 && <ErrorMessage error={error} />}
      {error !== null && error !== undefined && !(error instanceof ApiError) && <ErrorMessage error={error} />}
      {invalid && (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('taskForm.invalid')}</p>
          <p>{t('taskForm.fixFields')}</p>
        </div>
      )}
      <UnplacedErrors errors={unplaced} />

      <fieldset className="section">
        <legend>{t('taskForm.what')}</legend>
        {mode === 'create' && (
          <Field label={t('taskForm.fields.regulation')} errors={errorsFor('regulationId')}>
            {(p) => (
              <Controller
                control={control}
                name="regulationId"
                render={({ field }) => (
                  <select
                    {...p}
                    {...field}
                    onChange={(e) => {
                      field.onChange(e.target.value);
                      citations.replace([{ aknId: '' }]);
                      onRegulationChange?.(e.target.value);
                    }}
                  >
                    <option value="">{t('taskForm.choose')}</option>
                    {regulations?.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                )}
              />
            )}
          </Field>
        )}
        <Field label={t('taskForm.fields.titleVi')} errors={errorsFor('titleVi')}>
          {(p) => <input {...p} {...register('titleVi')} lang="vi" maxLength={500} required />}
        </Field>
        <Field label={t('taskForm.fields.titleEn')} errors={errorsFor('titleEn')}>
          {(p) => <input {...p} {...register('titleEn')} lang="en" maxLength={500} required />}
        </Field>
        <Field label={t('taskForm.fields.descriptionVi')} errors={errorsFor('descriptionVi')}>
          {(p) => <textarea {...p} {...register('descriptionVi')} lang="vi" rows={3} />}
        </Field>
        <Field label={t('taskForm.fields.descriptionEn')} errors={errorsFor('descriptionEn')}>
          {(p) => <textarea {...p} {...register('descriptionEn')} lang="en" rows={3} />}
        </Field>
      </fieldset>

      <fieldset className="section">
        <legend>{t('taskForm.fields.citations')}</legend>
        <FieldMessages errors={errorsFor('citations')} />
        {citations.fields.map((row, i) => (
          <div className="row-inputs" key={row.id}>
            <Field label={t('taskForm.citationN', { n: i + 1 })} errors={errorsFor(`citations[${i}].aknId`) ?? errorsFor(`citations[${i}].versionId`)}>
              {(p) => (
                <Controller
                  control={control}
                  name={`citations.${i}.aknId`}
                  render={({ field }) => (
                    // A new choice cites the version in force: the version of the old citation goes with it.
                    <select
                      {...p}
                      {...field}
                      onChange={(e) => {
                        field.onChange(e.target.value);
                        setValue(`citations.${i}.versionId`, undefined);
                      }}
                    >
                      <option value="">{t('taskForm.choose')}</option>
                      {field.value && !provisions.some((c) => c.aknId === field.value) && (
                        <option value={field.value}>{citationLabel ? citationLabel(field.value) : field.value}</option>
                      )}
                      {provisions.map((c) => (
                        <option key={c.aknId} value={c.aknId}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  )}
                />
              )}
            </Field>
            {citations.fields.length > 1 && (
              <button type="button" className="button button--small" onClick={() => citations.remove(i)}>
                {t('taskForm.remove')}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => citations.append({ aknId: '' }, { shouldFocus: false })}>
          {t('taskForm.addCitation')}
        </button>
      </fieldset>

      <fieldset className="section">
        <legend>{t('taskForm.who')}</legend>
        {all.isPending && <Loading />}
        <Field
          label={t('taskForm.fields.leadUnit')}
          errors={errorsFor('leadUnitCode')}
          hint={lead ? t('taskForm.leadTier', { tier: tierLabel(lead.tier) }) : undefined}
        >
          {(p) => (
            <Controller
              control={control}
              name="leadUnitCode"
              render={({ field }) => (
                <select {...p} {...field}>
                  <option value="">{t('taskForm.choose')}</option>
                  {field.value && !leadChoices.some((u) => u.code === field.value) && <option value={field.value}>{field.value}</option>}
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
            />
          )}
        </Field>
        <Controller
          control={control}
          name="counterpartUnitCodes"
          render={({ field }) => (
            <fieldset className={`unit-checklist${errorsFor('counterpartUnitCodes') ? ' field--invalid' : ''}`}>
              <legend>{t('taskForm.fields.counterpartUnits')}</legend>
              <p className="field__hint">{t('taskForm.sameLevel')}</p>
              <FieldMessages errors={errorsFor('counterpartUnitCodes')} />
              {agencies
                .filter((a) => !lead || a.code !== lead.agencyCode)
                .map((a) => (
                  <div key={a.code} className="unit-checklist__agency">
                    <p className="unit-checklist__agency-name">{pick(a.nameVi, a.nameEn).text}</p>
                    <ul>
                      {counterpartChoices
                        .filter((u) => u.agencyCode === a.code)
                        .map((u) => {
                          const errors = counterpartErrors(u.code);
                          const sameTier = !lead || lead.tier === u.tier;
                          return (
                            <li key={u.code} style={{ paddingLeft: `${u.depth * 1.25}rem` }} className={errors ? 'field--invalid' : undefined}>
                              <label className={`checkbox${sameTier ? '' : ' checkbox--other-tier'}`}>
                                <input
                                  type="checkbox"
                                  name={`counterpart-${u.code}`}
                                  checked={field.value.includes(u.code)}
                                  aria-invalid={errors ? true : undefined}
                                  onChange={(e) => field.onChange(e.target.checked ? [...field.value, u.code] : field.value.filter((c) => c !== u.code))}
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
          )}
        />

        <h3 className="subheading">{t('taskForm.contacts')}</h3>
        <FieldMessages errors={errorsFor('contacts')} />
        {contacts.fields.map((row, i) => (
          <div className="row-inputs row-inputs--contact" key={row.id}>
            <Field label={t('taskForm.contact.name')} errors={errorsFor(`contacts[${i}].name`)}>
              {(p) => <input {...p} {...register(`contacts.${i}.name`)} />}
            </Field>
            <Field label={t('taskForm.contact.unit')} errors={errorsFor(`contacts[${i}].unitCode`)}>
              {(p) => (
                <SelectOf
                  control={control}
                  name={`contacts.${i}.unitCode`}
                  control-props={p}
                  none={t('common.none')}
                  values={units.map((u) => u.code)}
                  label={(c) => c}
                />
              )}
            </Field>
            <Field label={t('taskForm.contact.phone')} errors={errorsFor(`contacts[${i}].phone`)}>
              {(p) => <input {...p} {...register(`contacts.${i}.phone`)} type="tel" />}
            </Field>
            <Field label={t('taskForm.contact.email')} errors={errorsFor(`contacts[${i}].email`)}>
              {(p) => <input {...p} {...register(`contacts.${i}.email`)} type="email" />}
            </Field>
            <button type="button" className="button button--small" onClick={() => contacts.remove(i)}>
              {t('taskForm.remove')}
            </button>
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => contacts.append(emptyContact, { shouldFocus: false })}>
          {t('taskForm.addContact')}
        </button>
      </fieldset>

      <fieldset className="section">
        <legend>{t('taskForm.when')}</legend>
        <div className="form-grid">
          <Field label={t('taskForm.fields.kind')} errors={errorsFor('kind')}>
            {(p) => (
              <SelectOf control={control} name="kind" control-props={p} values={taskKinds} label={(k) => t(`taskKind.${k}`)} />
            )}
          </Field>
          {kind === 'recurring' && (
            <Field label={t('taskForm.fields.recurrence')} errors={errorsFor('recurrence')}>
              {(p) => (
                <SelectOf
                  control={control}
                  name="recurrence"
                  control-props={p}
                  none={t('taskForm.choose')}
                  values={taskRecurrences}
                  label={(r) => t(`taskRecurrence.${r}`)}
                />
              )}
            </Field>
          )}
          {mode !== 'plan' && (
            <Field label={t('taskForm.fields.planYear')} errors={errorsFor('planYear')}>
              {(p) => <input {...p} {...register('planYear', { valueAsNumber: true })} type="number" inputMode="numeric" min={2000} max={2100} />}
            </Field>
          )}
          <Field label={t('taskForm.fields.startDate')} errors={errorsFor('startDate')}>
            {(p) => <input {...p} {...register('startDate')} type="date" />}
          </Field>
          <Field label={t('taskForm.fields.dueDate')} errors={errorsFor('dueDate')}>
            {(p) => <input {...p} {...register('dueDate')} type="date" />}
          </Field>
          <Field label={t('taskForm.fields.priority')} errors={errorsFor('priority')}>
            {(p) => (
              <SelectOf control={control} name="priority" control-props={p} values={taskPriorities} label={(k) => t(`taskPriority.${k}`)} />
            )}
          </Field>
          <Field label={t('taskForm.fields.classification')} errors={errorsFor('classification')} hint={t('taskForm.classificationHint')}>
            {(p) => (
              <SelectOf
                control={control}
                name="classification"
                control-props={p}
                values={clearancesUpTo(me?.clearance)}
                label={(c) => t(`clearance.${c}`)}
              />
            )}
          </Field>
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('common.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
