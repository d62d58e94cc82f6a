import { zodResolver } from '@hookform/resolvers/zod';
import { useRef } from 'react';
import { Controller, useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, newIdempotencyKey, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { useAgencies, useAgencyUnits, useUnitLabel } from '@/lib/reference/agencies';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useCreateRegulation, usePersonsOf, type Person } from '../api/regulations';
import { emptyRegulation, regulationFields, regulationSchema, regulationStatuses, toRegulationRequest, type RegulationValues } from '../regulationForm';
import './regulations.css';

/** A party's standing unit, from that agency's unit tree (read once its agency is chosen). */
function StandingUnitSelect({ control, index, fieldProps }: { control: Control<RegulationValues>; index: number; fieldProps: object }) {
  const { t } = useTranslation('regulations');
  const agencyCode = useWatch({ control, name: `parties.${index}.agencyCode` });
  const units = useAgencyUnits(agencyCode || undefined);
  const unitLabel = useUnitLabel();
  return (
    <Controller
      control={control}
      name={`parties.${index}.standingUnitCode`}
      render={({ field }) => (
        <select {...fieldProps} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
          <option value="">{t('create.chooseUnit')}</option>
          {field.value && !units.data?.some((u) => u.code === field.value) && <option value={field.value}>{field.value}</option>}
          {units.data?.map((u) => (
            <option key={u.code} value={u.code}>
              {unitLabel(u)}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** The persons of the party agencies, to tick as signatories; a field error of `signatories[i]` shows beside the i-th ticked. */
function SignatoryChecks({
  persons,
  value,
  onChange,
  errorsFor,
}: {
  persons: readonly Person[];
  value: string[];
  onChange: (value: string[]) => void;
  errorsFor: (name: string) => string[] | undefined;
}) {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const known = new Set(persons.map((p) => p.key));
  const candidates = [...persons.map((p) => ({ key: p.key, label: `${p.fullName} — ${p.agencyCode}${pick(p.positionVi, p.positionEn).text ? `, ${pick(p.positionVi, p.positionEn).text}` : ''}` })), ...value.filter((key) => !known.has(key)).map((key) => ({ key, label: key }))];
  return (
    <ul className="signatory-checks">
      {candidates.map((person) => {
        const index = value.indexOf(person.key);
        const errors = index >= 0 ? errorsFor(`signatories[${index}]`) : undefined;
        return (
          <li key={person.key} className={errors ? 'field--invalid' : undefined} data-person={person.key}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={index >= 0}
                aria-invalid={errors ? true : undefined}
                onChange={(e) => onChange(e.target.checked ? [...value, person.key] : value.filter((k) => k !== person.key))}
              />
              {person.label}
            </label>
            <FieldMessages errors={errors} />
          </li>
        );
      })}
      {candidates.length === 0 && <li className="muted">{t('create.noPersons')}</li>}
    </ul>
  );
}

export function RegulationCreatePage() {
  const { t } = useTranslation('regulations');
  const { t: tc } = useTranslation();
  const { pick, code: codeLabel } = useLocalized();
  useDocumentTitle(t('create.title'));
  const navigate = useNavigate();
  const { me } = useSession();
  const agencies = useAgencies();
  const create = useCreateRegulation();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const { register, control, handleSubmit, formState, setValue } = useForm<RegulationValues>({
    resolver: zodResolver(regulationSchema),
    defaultValues: emptyRegulation(me?.agencyCode ?? ''),
  });
  const parties = useFieldArray({ control, name: 'parties' });
  const partyValues = useWatch({ control, name: 'parties' });
  const signatories = useWatch({ control, name: 'signatories' });
  const partyCodes = [...new Set(partyValues.map((p) => p.agencyCode).filter((c) => c !== ''))];
  const persons = usePersonsOf(partyCodes);
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(create.error), regulationFields({ parties: partyValues, signatories }));
  const activeAgencies = (agencies.data ?? []).filter((a) => a.active);

  function submit(values: RegulationValues) {
    const body = toRegulationRequest(values);
    const json = JSON.stringify(body);
    // One key per submission: resending the same body (after a lost answer) replays it instead of creating a twin.
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    create.mutate({ body, idempotencyKey: attempt.current.key }, { onSuccess: (regulation) => void navigate(`/regulations/${regulation.id}`) });
  }

  const otherError = create.error && !(create.error instanceof ApiError && create.error.problem.errors) ? create.error : null;

  return (
    <div className="page-frame">
      <p className="breadcrumb">
        <Link to="/regulations">← {t('backToList')}</Link>
      </p>
      <div className="page">
        <h1>{t('create.title')}</h1>
        <p className="lead">{t('create.intro')}</p>
        <form className="regulation-form" aria-label={t('create.title')} onSubmit={(event) => void handleSubmit(submit)(event)} noValidate>
          {otherError && <ErrorMessage error={otherError} />}
          <UnplacedErrors errors={unplaced} />
          <fieldset className="section">
            <legend>{t('sections.overview')}</legend>
            <div className="form-grid">
              <Field label={t('code')} errors={errorsFor('code')} hint={t('create.codeHint')}>
                {(p) => <input {...p} {...register('code')} autoComplete="off" spellCheck={false} />}
              </Field>
              <Field label={t('status')} errors={errorsFor('status')}>
                {(p) => (
                  <Controller
                    control={control}
                    name="status"
                    render={({ field }) => (
                      <select {...p} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
                        {regulationStatuses.map((s) => (
                          <option key={s} value={s}>
                            {codeLabel('regulations:statuses', s)}
                          </option>
                        ))}
                      </select>
                    )}
                  />
                )}
              </Field>
              <Field label={t('signedOn')} errors={errorsFor('signedOn')}>
                {(p) => <input {...p} {...register('signedOn')} type="date" />}
              </Field>
              <Field label={t('signedAt')} errors={errorsFor('signedAt')}>
                {(p) => <input {...p} {...register('signedAt')} lang="vi" />}
              </Field>
            </div>
            <Field label={t('create.titleVi')} errors={errorsFor('titleVi')}>
              {(p) => <textarea {...p} {...register('titleVi')} rows={2} lang="vi" />}
            </Field>
            <Field label={t('create.titleEn')} errors={errorsFor('titleEn')}>
              {(p) => <textarea {...p} {...register('titleEn')} rows={2} lang="en" />}
            </Field>
          </fieldset>

          <fieldset className="section">
            <legend>{t('sections.parties')}</legend>
            <p className="field__hint">{t('create.partiesHint')}</p>
            <FieldMessages errors={errorsFor('parties')} />
            <ol className="party-rows">
              {parties.fields.map((party, index) => (
                <li key={party.id} className="party-row" aria-label={t('create.party', { number: index + 1 })}>
                  <Field label={t('create.partyAgency', { number: index + 1 })} errors={errorsFor(`parties[${index}].agencyCode`)}>
                    {(p) => (
                      <Controller
                        control={control}
                        name={`parties.${index}.agencyCode`}
                        render={({ field }) => (
                          <select
                            {...p}
                            name={field.name}
                            ref={field.ref}
                            onBlur={field.onBlur}
                            value={field.value}
                            onChange={(e) => {
                              field.onChange(e.target.value);
                              setValue(`parties.${index}.standingUnitCode`, '');
                            }}
                          >
                            <option value="">{t('create.chooseAgency')}</option>
                            {field.value && !activeAgencies.some((a) => a.code === field.value) && <option value={field.value}>{field.value}</option>}
                            {activeAgencies.map((a) => (
                              <option key={a.code} value={a.code}>
                                {a.code} — {pick(a.nameVi, a.nameEn).text}
                              </option>
                            ))}
                          </select>
                        )}
                      />
                    )}
                  </Field>
                  <Field label={t('create.partyUnit', { number: index + 1 })} errors={errorsFor(`parties[${index}].standingUnitCode`)}>
                    {(p) => <StandingUnitSelect control={control} index={index} fieldProps={p} />}
                  </Field>
                  {parties.fields.length > 2 && (
                    <button type="button" className="button button--small" onClick={() => parties.remove(index)}>
                      {t('create.removeParty', { number: index + 1 })}
                    </button>
                  )}
                </li>
              ))}
            </ol>
            {parties.fields.length < 20 && (
              <button type="button" className="button" onClick={() => parties.append({ agencyCode: '', standingUnitCode: '' })}>
                {t('create.addParty')}
              </button>
            )}
          </fieldset>

          <fieldset className="section">
            <legend>{t('sections.signatories')}</legend>
            <p className="field__hint">{t('create.signatoriesHint')}</p>
            {persons.error && <ErrorMessage error={persons.error} />}
            <Controller
              control={control}
              name="signatories"
              render={({ field }) => <SignatoryChecks persons={persons.persons} value={field.value} onChange={field.onChange} errorsFor={errorsFor} />}
            />
            <FieldMessages errors={errorsFor('signatories')} />
          </fieldset>

          <fieldset className="section">
            <legend>{t('sections.reviewPolicy')}</legend>
            <div className="checkbox-row">
              <label className="checkbox">
                <input type="checkbox" {...register('reviewPolicy.annualRotating')} />
                {t('review.annualRotating')}
              </label>
              <FieldMessages errors={errorsFor('reviewPolicy.annualRotating')} />
            </div>
            <div className="form-grid">
              <Field label={t('review.firstHost')} errors={errorsFor('reviewPolicy.firstHostAgencyCode')}>
                {(p) => (
                  <Controller
                    control={control}
                    name="reviewPolicy.firstHostAgencyCode"
                    render={({ field }) => (
                      <select {...p} name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
                        <option value="">{t('create.chooseAgency')}</option>
                        {[...new Set([...partyCodes, field.value].filter((c) => c !== ''))].map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    )}
                  />
                )}
              </Field>
              <Field label={t('review.month')} errors={errorsFor('reviewPolicy.reviewMonth')}>
                {(p) => <input {...p} {...register('reviewPolicy.reviewMonth', { valueAsNumber: true })} type="number" min={1} max={12} />}
              </Field>
              <Field label={t('create.preliminaryAfterYears')} errors={errorsFor('reviewPolicy.preliminaryAfterYears')}>
                {(p) => <input {...p} {...register('reviewPolicy.preliminaryAfterYears', { valueAsNumber: true })} type="number" min={1} max={50} />}
              </Field>
            </div>
            <Field label={t('create.note')} errors={errorsFor('reviewPolicy.note')}>
              {(p) => <textarea {...p} {...register('reviewPolicy.note')} rows={2} />}
            </Field>
          </fieldset>

          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={create.isPending}>
              {create.isPending ? tc('common.saving') : t('create.submit')}
            </button>
            <Link className="button" to="/regulations">
              {tc('common.cancel')}
            </Link>
          </div>
        </form>
      </div>
    </div>
  );
}
