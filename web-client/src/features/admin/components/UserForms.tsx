import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { clearancesUpTo, roles } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors, type FieldErrors } from '@/lib/forms/fieldErrors';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useAgencyUnits, useUnitLabel } from '@/lib/reference/agencies';
import { useCreateUser, useSetPassword, useUpdateUser, useUser, type User } from '../api/admin';
import {
  createUserSchema,
  setPasswordSchema,
  toCreateUserRequest,
  toUpdateUserRequest,
  updateUserSchema,
  type CreateUserValues,
  type UpdateUserValues,
} from '../userForm';
import './admin.css';

/**
 * The field errors of a 400, or of a 409 that names its field (a name taken); a 409 on create that names none belongs
 * next to the username.
 */
function errorsOf(error: unknown, conflictField?: string): FieldErrors {
  if (conflictField && error instanceof ApiError && error.status === 409 && !error.problem.errors) {
    return { [conflictField]: [error.problem.detail ?? error.problem.title ?? 'Conflict'] };
  }
  return problemFieldErrors(error);
}

function OtherError({ error, handled }: { error: unknown; handled: number[] }) {
  // A refusal that names its fields is shown under them.
  if (!error || (error instanceof ApiError && (handled.includes(error.status) || error.problem.errors))) return null;
  return <ErrorMessage error={error} />;
}

function UnitSelect({ value, onChange, control }: { value: string; onChange: (v: string) => void; control: object }) {
  const { me } = useSession();
  const unitLabel = useUnitLabel();
  const { t } = useTranslation('admin');
  const units = useAgencyUnits(me?.agencyCode);
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('users.noUnit')}</option>
      {units.data?.map((u) => (
        <option key={u.code} value={u.code}>
          {unitLabel(u)}
        </option>
      ))}
    </select>
  );
}

function RoleChecks({ value, onChange, errors, name }: { value: string[]; onChange: (v: string[]) => void; errors?: string[] | undefined; name: string }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  return (
    <fieldset className={`checkbox-row${errors ? ' field--invalid' : ''}`}>
      <legend>{ta('users.roles')}</legend>
      {roles.map((role) => (
        <label key={role} className="checkbox">
          <input
            type="checkbox"
            name={`${name}-${role}`}
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          {t(`role.${role}`)}
        </label>
      ))}
      <FieldMessages errors={errors} />
    </fieldset>
  );
}

function ClearanceSelect({ value, onChange, control }: { value: string; onChange: (v: string) => void; control: object }) {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      {clearancesUpTo(me?.clearance).map((c) => (
        <option key={c} value={c}>
          {t(`clearance.${c}`)}
        </option>
      ))}
    </select>
  );
}

const createFields = ['username', 'displayName', 'unitCode', 'roles', 'clearance', 'password'];

export function CreateUserForm({ onDone }: { onDone: (user: User) => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const create = useCreateUser();
  const { control, register, handleSubmit, formState } = useForm<CreateUserValues>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { username: '', displayName: '', unitCode: '', roles: ['viewer'], clearance: 'unclassified', password: '' },
  });
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, errorsOf(create.error, 'username'), createFields);

  return (
    <form
      className="card admin-form"
      onSubmit={(event) => void handleSubmit((values) => create.mutate(toCreateUserRequest(values), { onSuccess: (user) => onDone(user) }))(event)}
      noValidate
      aria-labelledby="create-user-title"
    >
      <h3 id="create-user-title">{t('users.createTitle')}</h3>
      <OtherError error={create.error} handled={[400, 409]} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('users.username')} errors={errorsFor('username')} hint={t('users.usernameHint')}>
          {(p) => <input {...p} {...register('username')} autoComplete="off" autoCapitalize="none" spellCheck={false} />}
        </Field>
        <Field label={t('users.displayName')} errors={errorsFor('displayName')}>
          {(p) => <input {...p} {...register('displayName')} />}
        </Field>
        <Field label={t('users.unit')} errors={errorsFor('unitCode')}>
          {(p) => <Controller control={control} name="unitCode" render={({ field }) => <UnitSelect control={{ ...p, name: field.name, ref: field.ref, onBlur: field.onBlur }} value={field.value} onChange={field.onChange} />} />}
        </Field>
        <Field label={t('users.clearance')} errors={errorsFor('clearance')}>
          {(p) => (
            <Controller control={control} name="clearance" render={({ field }) => <ClearanceSelect control={{ ...p, name: field.name, ref: field.ref, onBlur: field.onBlur }} value={field.value} onChange={field.onChange} />} />
          )}
        </Field>
        <Field label={t('users.password')} errors={errorsFor('password')} hint={t('users.passwordHint')}>
          {(p) => <input {...p} {...register('password')} type="password" autoComplete="new-password" />}
        </Field>
      </div>
      <Controller control={control} name="roles" render={({ field }) => <RoleChecks name="create-role" value={field.value} onChange={field.onChange} errors={errorsFor('roles')} />} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? tc('common.saving') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

const updateFields = ['displayName', 'unitCode', 'roles', 'clearance', 'active', 'unlock'];

function EditUserFields({ user, etag, onDone, onReload }: { user: User; etag: string; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const update = useUpdateUser(user.id);
  const { control, register, handleSubmit, formState } = useForm<UpdateUserValues>({
    resolver: zodResolver(updateUserSchema),
    defaultValues: {
      displayName: user.displayName,
      unitCode: user.unitCode ?? '',
      roles: user.roles,
      clearance: user.clearance,
      active: user.active,
      unlock: false,
    },
  });
  const locked = Boolean(user.lockedUntil && new Date(user.lockedUntil) > new Date());
  const stale = update.error instanceof ApiError && update.error.status === 412;
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, errorsOf(update.error), updateFields);

  return (
    <form onSubmit={(event) => void handleSubmit((values) => update.mutate({ body: toUpdateUserRequest(values), etag }, { onSuccess: onDone }))(event)} noValidate>
      {stale && (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('users.staleTitle')}</p>
          <p>{t('users.staleText')}</p>
          <button type="button" className="button" onClick={onReload}>
            {t('users.reload')}
          </button>
        </div>
      )}
      <OtherError error={update.error} handled={[400, 412]} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('users.displayName')} errors={errorsFor('displayName')}>
          {(p) => <input {...p} {...register('displayName')} />}
        </Field>
        <Field label={t('users.unit')} errors={errorsFor('unitCode')}>
          {(p) => <Controller control={control} name="unitCode" render={({ field }) => <UnitSelect control={{ ...p, name: field.name, ref: field.ref, onBlur: field.onBlur }} value={field.value} onChange={field.onChange} />} />}
        </Field>
        <Field label={t('users.clearance')} errors={errorsFor('clearance')}>
          {(p) => (
            <Controller control={control} name="clearance" render={({ field }) => <ClearanceSelect control={{ ...p, name: field.name, ref: field.ref, onBlur: field.onBlur }} value={field.value} onChange={field.onChange} />} />
          )}
        </Field>
      </div>
      <Controller control={control} name="roles" render={({ field }) => <RoleChecks name={`edit-role-${user.id}`} value={field.value} onChange={field.onChange} errors={errorsFor('roles')} />} />
      <div className="checkbox-row">
        <label className="checkbox">
          <input type="checkbox" {...register('active')} />
          {t('users.active')}
        </label>
        {locked && (
          <label className="checkbox">
            <input type="checkbox" {...register('unlock')} />
            {t('users.unlock')}
          </label>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={update.isPending}>
          {update.isPending ? tc('common.saving') : tc('common.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {tc('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Edits a user as read just now (GET with its ETag), so the If-Match is that of the version shown. */
export function EditUserForm({ id, onDone }: { id: number; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const user = useUser(id);
  const [generation, setGeneration] = useState(0);
  return (
    <div className="card admin-form">
      <h3>{user.data ? t('users.editTitle', { username: user.data.user.username }) : t('users.editTitle', { username: '' })}</h3>
      <QueryStatus query={user} retry={false} />
      {user.data && (
        <EditUserFields
          key={`${generation}-${user.data.etag}`}
          user={user.data.user}
          etag={user.data.etag ?? ''}
          onDone={onDone}
          onReload={() => void user.refetch().then(() => setGeneration((g) => g + 1))}
        />
      )}
    </div>
  );
}

export function SetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const setPassword = useSetPassword(user.id);
  const { register, handleSubmit, formState, reset } = useForm({ resolver: zodResolver(setPasswordSchema), defaultValues: { password: '' } });
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, errorsOf(setPassword.error), ['password']);

  return (
    <form className="card admin-form" onSubmit={(event) => void handleSubmit(({ password }) => setPassword.mutate(password, { onSuccess: () => reset() }))(event)} noValidate>
      <h3>{t('users.passwordTitle', { username: user.username })}</h3>
      <OtherError error={setPassword.error} handled={[400]} />
      <UnplacedErrors errors={unplaced} />
      {setPassword.isSuccess && (
        <p className="note note--ok" role="status">
          {t('users.passwordSet')}
        </p>
      )}
      <Field label={t('users.newPassword')} errors={errorsFor('password')} hint={t('users.passwordHint')}>
        {(p) => <input {...p} {...register('password')} type="password" autoComplete="new-password" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={setPassword.isPending}>
          {t('users.setPassword')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {tc('common.close')}
        </button>
      </div>
    </form>
  );
}
