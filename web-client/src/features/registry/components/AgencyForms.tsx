import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useAgency, useCreateAgency, useUpdateAgency, type Agency } from '../api/registry';
import { agencySchema, agencyToForm, emptyAgency, toAgencyRequest, type AgencyValues } from '../forms';
import { OtherError, RegistryFormEnd, StaleNotice, useSubmissionKey } from './parts';

const fields = ['code', 'nameVi', 'nameEn', 'active'];

/** The one agency form, for create (code editable) and edit (code fixed, active to retire). */
function AgencyFields({
  initial,
  editing,
  error,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: AgencyValues;
  editing: boolean;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: AgencyValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('registry');
  const { register, handleSubmit, formState } = useForm<AgencyValues>({ resolver: zodResolver(agencySchema), defaultValues: initial });
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(error), fields);
  return (
    <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <OtherError error={error} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('agencies.code')} errors={errorsFor('code')} hint={t('agencies.codeHint')}>
          {(p) => <input {...p} {...register('code')} readOnly={editing} autoComplete="off" autoCapitalize="characters" spellCheck={false} />}
        </Field>
        <Field label={t('agencies.nameVi')} errors={errorsFor('nameVi')}>
          {(p) => <input {...p} {...register('nameVi')} lang="vi" />}
        </Field>
        <Field label={t('agencies.nameEn')} errors={errorsFor('nameEn')}>
          {(p) => <input {...p} {...register('nameEn')} lang="en" />}
        </Field>
      </div>
      <RegistryFormEnd
        active={editing ? { input: register('active'), label: t('agencies.active'), hint: t('agencies.activeHint') } : undefined}
        pending={pending}
        submitLabel={submitLabel}
        onCancel={onCancel}
      />
    </form>
  );
}

export function CreateAgencyForm({ onDone, onCancel }: { onDone: (agency: Agency) => void; onCancel: () => void }) {
  const { t } = useTranslation('registry');
  const create = useCreateAgency();
  const keyFor = useSubmissionKey();
  return (
    <section className="card registry-form" aria-labelledby="create-agency-title">
      <h3 id="create-agency-title">{t('agencies.createTitle')}</h3>
      <p className="muted">{t('agencies.createHint')}</p>
      <AgencyFields
        initial={emptyAgency}
        editing={false}
        error={create.error}
        pending={create.isPending}
        submitLabel={t('agencies.create')}
        onCancel={onCancel}
        onSubmit={(values) => {
          const body = toAgencyRequest(values);
          create.mutate({ body, idempotencyKey: keyFor(body) }, { onSuccess: onDone });
        }}
      />
    </section>
  );
}

/** Edits an agency as read just now (GET with its ETag), so the If-Match is that of the version shown. */
export function EditAgencyForm({ code, onDone }: { code: string; onDone: () => void }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const agency = useAgency(code);
  const update = useUpdateAgency(code);
  const [generation, setGeneration] = useState(0);
  return (
    <section className="card registry-form" aria-labelledby="edit-agency-title">
      <h3 id="edit-agency-title">{t('agencies.editTitle', { code })}</h3>
      <QueryStatus query={agency} retry={false} />
      <StaleNotice
        error={update.error}
        onReload={() =>
          void agency.refetch().then(() => {
            update.reset();
            setGeneration((g) => g + 1);
          })
        }
      />
      {agency.data && (
        <AgencyFields
          key={`${generation}-${agency.data.etag}`}
          initial={agencyToForm(agency.data.value)}
          editing
          error={update.error}
          pending={update.isPending}
          submitLabel={tc('common.save')}
          onCancel={onDone}
          onSubmit={(values) => update.mutate({ body: toAgencyRequest(values), etag: agency.data.etag }, { onSuccess: () => onDone() })}
        />
      )}
    </section>
  );
}
