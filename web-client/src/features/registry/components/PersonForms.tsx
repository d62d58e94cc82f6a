import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import type { Agency } from '@/lib/reference/agencies';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useCreatePerson, usePerson, useUpdatePerson, type Person } from '../api/registry';
import { emptyPerson, personSchema, personToForm, toPersonRequest, type PersonValues } from '../forms';
import { OtherError, RegistryFormEnd, StaleNotice, UnitSelect, useSubmissionKey } from './parts';

const fields = ['key', 'fullName', 'rankVi', 'rankEn', 'positionVi', 'positionEn', 'agencyCode', 'unitCode', 'active', 'id'];

/** The one person form, for create (key and agency chosen) and edit (both fixed; retire with active). */
function PersonFields({
  initial,
  agencies,
  editing,
  error,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: PersonValues;
  agencies: readonly Agency[];
  editing: boolean;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: PersonValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('registry');
  const { control, register, handleSubmit, formState, watch, setValue } = useForm<PersonValues>({ resolver: zodResolver(personSchema), defaultValues: initial });
  const agencyCode = watch('agencyCode');
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(error), fields);
  const agencyField = register('agencyCode');
  return (
    <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <OtherError error={error} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('persons.fullName')} errors={errorsFor('fullName')}>
          {(p) => <input {...p} {...register('fullName')} />}
        </Field>
        <Field label={t('persons.key')} errors={errorsFor('key')} hint={t('persons.keyHint')}>
          {(p) => <input {...p} {...register('key')} readOnly={editing} autoComplete="off" autoCapitalize="none" spellCheck={false} />}
        </Field>
        <Field label={t('persons.rankVi')} errors={errorsFor('rankVi')}>
          {(p) => <input {...p} {...register('rankVi')} lang="vi" />}
        </Field>
        <Field label={t('persons.rankEn')} errors={errorsFor('rankEn')}>
          {(p) => <input {...p} {...register('rankEn')} lang="en" />}
        </Field>
        <Field label={t('persons.positionVi')} errors={errorsFor('positionVi')}>
          {(p) => <input {...p} {...register('positionVi')} lang="vi" />}
        </Field>
        <Field label={t('persons.positionEn')} errors={errorsFor('positionEn')}>
          {(p) => <input {...p} {...register('positionEn')} lang="en" />}
        </Field>
        <Field label={t('persons.agency')} errors={errorsFor('agencyCode')}>
          {(p) =>
            editing ? (
              <input {...p} {...agencyField} readOnly />
            ) : (
              <select
                {...p}
                {...agencyField}
                onChange={(event) => {
                  void agencyField.onChange(event);
                  setValue('unitCode', '');
                }}
              >
                {agencies.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.code}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <Field label={t('persons.unit')} errors={errorsFor('unitCode')}>
          {(p) => (
            <Controller
              control={control}
              name="unitCode"
              render={({ field }) => (
                <UnitSelect agencyCode={agencyCode} value={field.value} onChange={field.onChange} emptyLabel={t('persons.noUnit')} control={{ ...p, name: field.name, onBlur: field.onBlur, ref: field.ref }} />
              )}
            />
          )}
        </Field>
      </div>
      <RegistryFormEnd
        active={editing ? { input: register('active'), label: t('persons.active'), hint: t('persons.activeHint') } : undefined}
        pending={pending}
        submitLabel={submitLabel}
        onCancel={onCancel}
      />
    </form>
  );
}

export function CreatePersonForm({
  agencies,
  initialAgency,
  onDone,
  onCancel,
}: {
  agencies: readonly Agency[];
  initialAgency?: string | undefined;
  onDone: (person: Person) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('registry');
  const create = useCreatePerson();
  const keyFor = useSubmissionKey();
  return (
    <section className="card registry-form" aria-labelledby="create-person-title">
      <h3 id="create-person-title">{t('persons.createTitle')}</h3>
      <PersonFields
        initial={emptyPerson(initialAgency ?? agencies[0]?.code ?? '')}
        agencies={agencies}
        editing={false}
        error={create.error}
        pending={create.isPending}
        submitLabel={t('persons.create')}
        onCancel={onCancel}
        onSubmit={(values) => {
          const body = toPersonRequest(values);
          create.mutate({ body, idempotencyKey: keyFor(body) }, { onSuccess: onDone });
        }}
      />
    </section>
  );
}

/** Edits a person as read just now (GET with its ETag). */
export function EditPersonForm({ personKey, onDone, onCancel }: { personKey: string; onDone: (person: Person) => void; onCancel: () => void }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const person = usePerson(personKey);
  const update = useUpdatePerson(personKey);
  const [generation, setGeneration] = useState(0);
  return (
    <section className="card registry-form" aria-labelledby="edit-person-title">
      <h3 id="edit-person-title">{t('persons.editTitle', { name: person.data?.value.fullName ?? personKey })}</h3>
      <QueryStatus query={person} retry={false} />
      <StaleNotice
        error={update.error}
        onReload={() =>
          void person.refetch().then(() => {
            update.reset();
            setGeneration((g) => g + 1);
          })
        }
      />
      {person.data && (
        <PersonFields
          key={`${generation}-${person.data.etag}`}
          initial={personToForm(person.data.value)}
          agencies={[]}
          editing
          error={update.error}
          pending={update.isPending}
          submitLabel={tc('common.save')}
          onCancel={onCancel}
          onSubmit={(values) => update.mutate({ body: toPersonRequest(values, person.data.value.id), etag: person.data.etag }, { onSuccess: onDone })}
        />
      )}
    </section>
  );
}
