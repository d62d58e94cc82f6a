import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { clearancesUpTo } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useCreateFirstAdmin, useFirstAdmin, type Agency } from '../api/registry';
import { emptyFirstAdmin, firstAdminSchema, toFirstAdminRequest, type FirstAdminValues } from '../forms';
import { OtherError, UnitSelect, useSubmissionKey } from './parts';

const fields = ['username', 'displayName', 'unitCode', 'clearance', 'password'];

function FirstAdminForm({ agency, onDone }: { agency: Agency; onDone: (username: string) => void }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const { me } = useSession();
  const create = useCreateFirstAdmin(agency.code);
  const keyFor = useSubmissionKey();
  const { control, register, handleSubmit, formState } = useForm<FirstAdminValues>({ resolver: zodResolver(firstAdminSchema), defaultValues: emptyFirstAdmin(agency.code) });
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(create.error), fields);
  return (
    <form
      onSubmit={(event) =>
        void handleSubmit((values) => {
          const body = toFirstAdminRequest(values);
          create.mutate({ body, idempotencyKey: keyFor(body) }, { onSuccess: (admin) => onDone(admin.username) });
        })(event)
      }
      noValidate
    >
      <OtherError error={create.error} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('firstAdmin.username')} errors={errorsFor('username')} hint={t('firstAdmin.usernameHint')}>
          {(p) => <input {...p} {...register('username')} autoComplete="off" autoCapitalize="none" spellCheck={false} />}
        </Field>
        <Field label={t('firstAdmin.displayName')} errors={errorsFor('displayName')}>
          {(p) => <input {...p} {...register('displayName')} />}
        </Field>
        <Field label={t('firstAdmin.unit')} errors={errorsFor('unitCode')}>
          {(p) => (
            <Controller
              control={control}
              name="unitCode"
              render={({ field }) => (
                <UnitSelect agencyCode={agency.code} value={field.value} onChange={field.onChange} emptyLabel={t('firstAdmin.noUnit')} control={{ ...p, name: field.name, onBlur: field.onBlur, ref: field.ref }} />
              )}
            />
          )}
        </Field>
        <Field label={t('firstAdmin.clearance')} errors={errorsFor('clearance')}>
          {(p) => (
            <select {...p} {...register('clearance')}>
              {clearancesUpTo(me?.clearance).map((c) => (
                <option key={c} value={c}>
                  {tc(`clearance.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('firstAdmin.password')} errors={errorsFor('password')} hint={t('firstAdmin.passwordHint')}>
          {(p) => <input {...p} {...register('password')} type="password" autoComplete="new-password" />}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? tc('common.saving') : t('firstAdmin.create')}
        </button>
      </div>
    </form>
  );
}

/** A registry admin's view of an agency's first admin: who it is, or the form that creates it while there is none. */
export function FirstAdminPanel({ agency }: { agency: Agency }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const admin = useFirstAdmin(agency.code);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section className="card registry-form" aria-labelledby="first-admin-title">
      <h2 id="first-admin-title">{t('firstAdmin.title')}</h2>
      {created && (
        <p className="note note--ok" role="status">
          {t('firstAdmin.created', { username: created })}
        </p>
      )}
      <QueryStatus query={admin} />
      {admin.data && (
        <>
          <p>{t('firstAdmin.has', { agency: agency.code })}</p>
          <dl className="registry-facts">
            <dt>{t('firstAdmin.username')}</dt>
            <dd>
              <code>{admin.data.username}</code>
            </dd>
            <dt>{t('firstAdmin.displayName')}</dt>
            <dd>{admin.data.displayName}</dd>
            <dt>{t('firstAdmin.unit')}</dt>
            <dd>{admin.data.unitCode ?? tc('common.none')}</dd>
            <dt>{t('firstAdmin.clearance')}</dt>
            <dd>{tc(`clearance.${admin.data.clearance}`)}</dd>
          </dl>
        </>
      )}
      {admin.data === null && agency.active && (
        <>
          <p className="muted">{t('firstAdmin.intro', { agency: agency.code })}</p>
          <FirstAdminForm agency={agency} onDone={setCreated} />
        </>
      )}
    </section>
  );
}
