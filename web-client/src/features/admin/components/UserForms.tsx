import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { clearancesUpTo, roles } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { placeFieldErrors, problemFieldErrors, type FieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useAgencyUnits } from '@/lib/reference/agencies';
import { useCreateUser, useSetPassword, useUpdateUser, useUser, type User } from '../api/admin';

/** A 400's field errors; a 409 on create means the username is taken, which belongs next to the username. */
function errorsOf(error: unknown, conflictField?: string): FieldErrors {
  if (conflictField && error instanceof ApiError && error.status === 409) {
    return { [conflictField]: [error.problem.detail ?? error.problem.title ?? 'Conflict'] };
  }
  return problemFieldErrors(error);
}

function OtherError({ error, handled }: { error: unknown; handled: number[] }) {
  if (!error || (error instanceof ApiError && handled.includes(error.status))) return null;
  return <ErrorMessage error={error} />;
}

function UnitSelect({ value, onChange, control }: { value: string; onChange: (v: string) => void; control: object }) {
  const { me } = useSession();
  const { pick } = useLocalized();
  const { t } = useTranslation('admin');
  const units = useAgencyUnits(me?.agencyCode);
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('users.noUnit')}</option>
      {units.data?.map((u) => (
        <option key={u.code} value={u.code}>
          {`${'\u00a0\u00a0'.repeat(Math.max(0, u.depth - 1))}${u.code} — ${pick(u.nameVi, u.nameEn).text ?? ''}`}
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
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [unitCode, setUnitCode] = useState('');
  const [roleList, setRoleList] = useState<string[]>(['viewer']);
  const [clearance, setClearance] = useState('unclassified');
  const [password, setPassword] = useState('');
  const { byField, unplaced } = placeFieldErrors(errorsOf(create.error, 'username'), createFields);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { username: username.trim(), displayName: displayName.trim(), ...(unitCode ? { unitCode } : {}), roles: roleList, clearance, password },
      { onSuccess: (user) => onDone(user) },
    );
  }

  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h3 id="create-user-title">{t('users.createTitle')}</h3>
      <OtherError error={create.error} handled={[400, 409]} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('users.username')} errors={byField.username} hint={t('users.usernameHint')}>
          {(p) => <input {...p} name="username" autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('users.displayName')} errors={byField.displayName}>
          {(p) => <input {...p} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('users.unit')} errors={byField.unitCode}>
          {(p) => <UnitSelect control={{ ...p, name: 'unitCode' }} value={unitCode} onChange={setUnitCode} />}
        </Field>
        <Field label={t('users.clearance')} errors={byField.clearance}>
          {(p) => <ClearanceSelect control={{ ...p, name: 'clearance' }} value={clearance} onChange={setClearance} />}
        </Field>
        <Field label={t('users.password')} errors={byField.password} hint={t('users.passwordHint')}>
          {(p) => <input {...p} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
      </div>
      <RoleChecks name="create-role" value={roleList} onChange={setRoleList} errors={byField.roles} />
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
  const [displayName, setDisplayName] = useState(user.displayName);
  const [unitCode, setUnitCode] = useState(user.unitCode ?? '');
  const [roleList, setRoleList] = useState<string[]>(user.roles);
  const [clearance, setClearance] = useState(user.clearance);
  const [active, setActive] = useState(user.active);
  const locked = Boolean(user.lockedUntil && new Date(user.lockedUntil) > new Date());
  const [unlock, setUnlock] = useState(false);
  const stale = update.error instanceof ApiError && update.error.status === 412;
  const { byField, unplaced } = placeFieldErrors(errorsOf(update.error), updateFields);

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { body: { displayName: displayName.trim(), ...(unitCode ? { unitCode } : {}), roles: roleList, clearance, active, unlock }, etag },
      { onSuccess: onDone },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
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
        <Field label={t('users.displayName')} errors={byField.displayName}>
          {(p) => <input {...p} name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('users.unit')} errors={byField.unitCode}>
          {(p) => <UnitSelect control={{ ...p, name: 'unitCode' }} value={unitCode} onChange={setUnitCode} />}
        </Field>
        <Field label={t('users.clearance')} errors={byField.clearance}>
          {(p) => <ClearanceSelect control={{ ...p, name: 'clearance' }} value={clearance} onChange={setClearance} />}
        </Field>
      </div>
      <RoleChecks name={`edit-role-${user.id}`} value={roleList} onChange={setRoleList} errors={byField.roles} />
      <div className="checkbox-row">
        <label className="checkbox">
          <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('users.active')}
        </label>
        {locked && (
          <label className="checkbox">
            <input type="checkbox" name="unlock" checked={unlock} onChange={(e) => setUnlock(e.target.checked)} />
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
  const [password, setValue] = useState('');
  const { byField, unplaced } = placeFieldErrors(errorsOf(setPassword.error), ['password']);

  function submit(event: FormEvent) {
    event.preventDefault();
    setPassword.mutate(password, { onSuccess: () => setValue('') });
  }

  return (
    <form className="card admin-form" onSubmit={submit} noValidate>
      <h3>{t('users.passwordTitle', { username: user.username })}</h3>
      <OtherError error={setPassword.error} handled={[400]} />
      <UnplacedErrors errors={unplaced} />
      {setPassword.isSuccess && (
        <p className="note note--ok" role="status">
          {t('users.passwordSet')}
        </p>
      )}
      <Field label={t('users.newPassword')} errors={byField.password} hint={t('users.passwordHint')}>
        {(p) => <input {...p} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setValue(e.target.value)} />}
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
