import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '@/lib/ui/formatInstant';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useUsers, type User } from '../api/admin';
import { CreateUserForm, EditUserForm, SetPasswordForm } from './UserForms';
import './admin.css';

type Open = { kind: 'create' } | { kind: 'edit'; id: number } | { kind: 'password'; user: User } | null;

export function UsersPanel() {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const users = useUsers();
  const [open, setOpen] = useState<Open>(null);
  const [created, setCreated] = useState<string | null>(null);

  return (
    <section aria-labelledby="users-title">
      <div className="section-head">
        <h2 id="users-title">{t('users.title')}</h2>
        {open?.kind !== 'create' && (
          <button type="button" className="button button--primary" onClick={() => { setOpen({ kind: 'create' }); setCreated(null); }}>
            {t('users.new')}
          </button>
        )}
      </div>
      {created && (
        <p className="note note--ok" role="status">
          {t('users.created', { username: created })}
        </p>
      )}
      {open?.kind === 'create' && (
        <CreateUserForm
          onDone={(user) => {
            setOpen(null);
            setCreated(user.username);
          }}
        />
      )}
      <QueryStatus query={users} />
      {users.data && users.data.length === 0 && <p className="empty">{t('users.empty')}</p>}
      {users.data && users.data.length > 0 && (
        <table className="table table--stacking admin-table">
          <caption className="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.unit')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.clearance')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => {
              const locked = user.lockedUntil && new Date(user.lockedUntil) > new Date();
              return (
                <tr key={user.id} data-username={user.username}>
                  <td data-label={t('users.username')}>
                    <strong>{user.displayName}</strong>
                    <br />
                    <code>{user.username}</code>
                  </td>
                  <td data-label={t('users.unit')}>{user.unitCode ?? tc('common.none')}</td>
                  <td data-label={t('users.roles')}>{user.roles.map((r) => tc(`role.${r}` as never, { defaultValue: r })).join(', ')}</td>
                  <td data-label={t('users.clearance')}>{tc(`clearance.${user.clearance}` as never, { defaultValue: user.clearance })}</td>
                  <td data-label={t('users.state')}>
                    {user.active ? t('users.isActive') : <span className="badge badge--inactive">{t('users.inactive')}</span>}
                    {locked && <span className="badge badge--locked">{t('users.lockedUntil', { time: formatInstant(user.lockedUntil, i18n.resolvedLanguage) })}</span>}
                    {user.failedSignIns > 0 && <span className="muted small"> · {t('users.failedSignIns', { count: user.failedSignIns })}</span>}
                  </td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" onClick={() => setOpen({ kind: 'edit', id: user.id })} aria-label={t('users.editAria', { username: user.username })}>
                      {t('users.edit')}
                    </button>
                    <button type="button" className="button button--small" onClick={() => setOpen({ kind: 'password', user })} aria-label={t('users.passwordAria', { username: user.username })}>
                      {t('users.setPassword')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {open?.kind === 'edit' && <EditUserForm key={open.id} id={open.id} onDone={() => setOpen(null)} />}
      {open?.kind === 'password' && <SetPasswordForm key={open.user.id} user={open.user} onDone={() => setOpen(null)} />}
    </section>
  );
}
