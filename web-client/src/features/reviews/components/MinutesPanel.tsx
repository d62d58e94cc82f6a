import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useFieldArray, useForm, useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/session';
import { EvidencePanel } from '@/lib/collaboration/EvidencePanel';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { useAgencyUnits, useUnitLabel } from '@/lib/reference/agencies';
import { formatInstant } from '@/lib/ui/formatInstant';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useMinutes, useSaveMinutes, type ReviewMinutes, type TaggedMinutes } from '../api/minutes';
import type { Review } from '../api/reviews';
import { emptyAttendee, formToMinutes, minutesFormFields, minutesFormSchema, minutesToForm, type MinutesFormValues } from '../minutesForm';
import './minutes.css';

function MinutesView({ minutes }: { minutes: ReviewMinutes }) {
  const { t, i18n } = useTranslation('reviews');
  const { date } = useLocalized();
  if (minutes.updatedAt === null) return <p className="muted">{t('minutes.none')}</p>;
  return (
    <div className="minutes-view">
      <dl className="facts">
        {minutes.heldOn && (
          <div>
            <dt>{t('minutes.fields.heldOn')}</dt>
            <dd>
              <time dateTime={minutes.heldOn}>{date(minutes.heldOn)}</time>
            </dd>
          </div>
        )}
        {minutes.place && (
          <div>
            <dt>{t('minutes.fields.place')}</dt>
            <dd>{minutes.place}</dd>
          </div>
        )}
        {minutes.chairedBy && (
          <div>
            <dt>{t('minutes.fields.chairedBy')}</dt>
            <dd>{minutes.chairedBy}</dd>
          </div>
        )}
      </dl>
      <h3>{t('minutes.attendees')}</h3>
      {minutes.attendees.length === 0 ? (
        <p className="muted">{t('minutes.noAttendees')}</p>
      ) : (
        <table className="table table--stacking minutes-attendees">
          <thead>
            <tr>
              <th scope="col">{t('minutes.fields.name')}</th>
              <th scope="col">{t('minutes.fields.title')}</th>
              <th scope="col">{t('minutes.fields.agency')}</th>
              <th scope="col">{t('minutes.fields.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {minutes.attendees.map((a, i) => (
              <tr key={`${a.personKey ?? a.name}-${i}`}>
                <th scope="row" data-label={t('minutes.fields.name')}>
                  {a.name}
                </th>
                <td data-label={t('minutes.fields.title')}>{a.title}</td>
                <td data-label={t('minutes.fields.agency')}>
                  <span className="code">{a.agencyCode}</span>
                </td>
                <td data-label={t('minutes.fields.unit')}>{a.unitCode && <span className="code">{a.unitCode}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('minutes.decisions')}</h3>
      {minutes.decisions.length === 0 ? (
        <p className="muted">{t('minutes.noDecisions')}</p>
      ) : (
        <ol className="minutes-decisions">
          {minutes.decisions.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ol>
      )}
      {minutes.notes && (
        <>
          <h3>{t('minutes.fields.notes')}</h3>
          <p className="pre-line">{minutes.notes}</p>
        </>
      )}
      <p className="muted minutes-view__updated">{t('minutes.updatedAt', { at: formatInstant(minutes.updatedAt, i18n.language) })}</p>
    </div>
  );
}

/** A unit picker limited to the attendee's agency. */
function UnitSelect({ control, index, errors }: { control: Control<MinutesFormValues>; index: number; errors: string[] | undefined }) {
  const { t } = useTranslation('reviews');
  const agencyCode = useWatch({ control, name: `attendees.${index}.agencyCode` });
  const units = useAgencyUnits(agencyCode || undefined);
  const unitLabel = useUnitLabel();
  return (
    <Field label={t('minutes.fields.unit')} errors={errors}>
      {(p) => (
        // Controlled, so that a choice the list has not loaded yet is kept rather than read back as empty.
        <Controller
          control={control}
          name={`attendees.${index}.unitCode`}
          render={({ field }) => (
            <select {...p} {...field}>
              <option value="">{t('minutes.noUnit')}</option>
              {units.data?.map((u) => (
                <option key={u.code} value={u.code}>
                  {unitLabel(u)}
                </option>
              ))}
            </select>
          )}
        />
      )}
    </Field>
  );
}

function MinutesForm({
  reviewId,
  loaded,
  agencyCodes,
  onSaved,
  onCancel,
  onReload,
}: {
  reviewId: number;
  loaded: TaggedMinutes;
  agencyCodes: readonly string[];
  onSaved: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation('reviews');
  const save = useSaveMinutes(reviewId);
  const { control, register, setValue, handleSubmit, formState } = useForm<MinutesFormValues>({
    resolver: zodResolver(minutesFormSchema),
    defaultValues: minutesToForm(loaded.value),
  });
  const attendees = useFieldArray({ control, name: 'attendees' });
  const decisions = useFieldArray({ control, name: 'decisions' });
  const { errorsFor, unplaced } = formFieldErrors(
    formState.errors,
    problemFieldErrors(save.error),
    minutesFormFields(attendees.fields.length, decisions.fields.length),
  );
  const stale = save.error instanceof ApiError && save.error.status === 412;
  const submit = (values: MinutesFormValues) =>
    // The ETag read goes back in If-Match, the first time too (minutes never recorded are read with the ETag "0").
    save.mutate({ body: formToMinutes(values), etag: loaded.etag ?? '' }, { onSuccess: onSaved });
  return (
    <form className="minutes-form" aria-label={t('minutes.formTitle')} onSubmit={(event) => void handleSubmit(submit)(event)} noValidate>
      {save.error && !(save.error instanceof ApiError && save.error.status === 400) && <ErrorMessage error={save.error} />}
      {stale && (
        <p className="note">
          {t('minutes.stale')}{' '}
          <button type="button" className="link-button" onClick={onReload}>
            {t('minutes.reload')}
          </button>
        </p>
      )}
      <UnplacedErrors errors={unplaced} />
      <div className="minutes-form__facts">
        <Field label={t('minutes.fields.heldOn')} errors={errorsFor('heldOn')}>
          {(p) => <input {...p} type="date" className="input--short" {...register('heldOn')} />}
        </Field>
        <Field label={t('minutes.fields.place')} errors={errorsFor('place')}>
          {(p) => <input {...p} {...register('place')} />}
        </Field>
        <Field label={t('minutes.fields.chairedBy')} errors={errorsFor('chairedBy')}>
          {(p) => <input {...p} {...register('chairedBy')} />}
        </Field>
      </div>

      <fieldset className="minutes-form__group">
        <legend>{t('minutes.attendees')}</legend>
        <FieldMessages errors={errorsFor('attendees')} />
        {attendees.fields.map((row, i) => (
          <div className="minutes-row" key={row.id} role="group" aria-label={t('minutes.attendeeN', { n: i + 1 })}>
            <Field label={t('minutes.fields.name')} errors={errorsFor(`attendees[${i}].name`)}>
              {(p) => <input {...p} {...register(`attendees.${i}.name`)} />}
            </Field>
            <Field label={t('minutes.fields.title')} errors={errorsFor(`attendees[${i}].title`)}>
              {(p) => <input {...p} {...register(`attendees.${i}.title`)} />}
            </Field>
            <Field label={t('minutes.fields.agency')} errors={errorsFor(`attendees[${i}].agencyCode`)}>
              {(p) => (
                <Controller
                  control={control}
                  name={`attendees.${i}.agencyCode`}
                  render={({ field }) => (
                    <select
                      {...p}
                      {...field}
                      onChange={(e) => {
                        field.onChange(e.target.value);
                        // A unit belongs to one agency: another agency's choice starts without one.
                        setValue(`attendees.${i}.unitCode`, '');
                      }}
                    >
                      <option value="">{t('minutes.choose')}</option>
                      {agencyCodes.map((code) => (
                        <option key={code} value={code}>
                          {code}
                        </option>
                      ))}
                    </select>
                  )}
                />
              )}
            </Field>
            <UnitSelect control={control} index={i} errors={errorsFor(`attendees[${i}].unitCode`)} />
            <button type="button" className="button button--small" onClick={() => attendees.remove(i)}>
              {t('minutes.removeAttendee', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => attendees.append(emptyAttendee(agencyCodes.length === 1 ? agencyCodes[0] : ''))}>
          {t('minutes.addAttendee')}
        </button>
      </fieldset>

      <fieldset className="minutes-form__group">
        <legend>{t('minutes.decisions')}</legend>
        <FieldMessages errors={errorsFor('decisions')} />
        {decisions.fields.map((row, i) => (
          <div className="minutes-row minutes-row--decision" key={row.id}>
            <Field label={t('minutes.decisionN', { n: i + 1 })} errors={errorsFor(`decisions[${i}].text`) ?? errorsFor(`decisions[${i}]`)}>
              {(p) => <textarea {...p} rows={2} {...register(`decisions.${i}.text`)} />}
            </Field>
            <button type="button" className="button button--small" onClick={() => decisions.remove(i)}>
              {t('minutes.removeDecision', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => decisions.append({ text: '' })}>
          {t('minutes.addDecision')}
        </button>
      </fieldset>

      <Field label={t('minutes.fields.notes')} errors={errorsFor('notes')}>
        {(p) => <textarea {...p} rows={4} {...register('notes')} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('minutes.saving') : t('minutes.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('actions.close')}
        </button>
      </div>
    </form>
  );
}

/** The minutes of the review's meeting: read by everyone who reads the review, recorded by the parties' coordinators. */
export function MinutesPanel({ review, parties }: { review: Review; parties: readonly string[] }) {
  const { t } = useTranslation('reviews');
  const { me, hasRole } = useSession();
  const minutes = useMinutes(review.id);
  const [editing, setEditing] = useState(false);
  // Which form a reload starts: a 412 means the form's copy is stale, so the form is built again from the new one.
  const [generation, setGeneration] = useState(0);
  const [saved, setSaved] = useState(false);
  const mayEdit = hasRole('coordinator', 'admin') && !!me && parties.includes(me.agencyCode);
  return (
    <section className="section minutes" aria-labelledby="minutes-title">
      <h2 id="minutes-title">{t('minutes.title')}</h2>
      <QueryStatus query={minutes} />
      {minutes.data &&
        (editing ? (
          <MinutesForm
            key={generation}
            reviewId={review.id}
            loaded={minutes.data}
            agencyCodes={parties}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
            }}
            onCancel={() => setEditing(false)}
            onReload={() => void minutes.refetch().then(() => setGeneration((g) => g + 1))}
          />
        ) : (
          <>
            {saved && (
              <p className="note note--ok" role="status">
                {t('minutes.saved')}
              </p>
            )}
            <MinutesView minutes={minutes.data.value} />
            <EvidencePanel owner={{ kind: 'minutes', reviewId: review.id }} mayUpload={mayEdit} />
            {mayEdit && (
              <p>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setSaved(false);
                    setEditing(true);
                  }}
                >
                  {minutes.data.value.updatedAt === null ? t('minutes.record') : t('minutes.edit')}
                </button>
              </p>
            )}
          </>
        ))}
    </section>
  );
}
