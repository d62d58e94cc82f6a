import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { clearancesUpTo } from '@/lib/auth/roles';
import { useSession } from '@/lib/auth/session';
import { Field, FieldMessages, UnplacedErrors } from '@/lib/forms/Field';
import { placeFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { AuthorName } from '@/lib/ui/Badges';
import { formatInstant } from '@/lib/ui/formatInstant';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { scopes, useApiClients, useCreateApiClient, useRevokeApiClient, type ApiClientCreated, type CreateApiClientRequest } from '../api/admin';
import './admin.css';

/** The new key, shown this once: the API keeps only its hash. */
function KeyOnce({ created, onDismiss }: { created: ApiClientCreated; onDismiss: () => void }) {
  const { t } = useTranslation('admin');
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);

  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(created.apiKey);
      setCopied(true);
    } catch {
      // Without clipboard access (an insecure origin, a denied permission) the key stays selected for Ctrl+C.
      setCopied(false);
    }
  }

  return (
    <div className="key-once" role="alert" aria-labelledby="key-once-title">
      <h3 id="key-once-title">{t('clients.keyTitle', { name: created.client.name })}</h3>
      <p className="key-once__warning">{t('clients.keyWarning')}</p>
      <label htmlFor="new-api-key">{t('clients.key')}</label>
      <div className="key-once__row">
        <input id="new-api-key" ref={input} readOnly value={created.apiKey} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {t('clients.copy')}
        </button>
      </div>
      {copied === true && <p role="status">{t('clients.copied')}</p>}
      {copied === false && <p role="status">{t('clients.copyManually')}</p>}
      <p className="muted small">{t('clients.headerHint')}</p>
      <button type="button" className="button" onClick={onDismiss}>
        {t('clients.stored')}
      </button>
    </div>
  );
}

function CreateClientForm({ onCreated }: { onCreated: (created: ApiClientCreated) => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const { me } = useSession();
  const create = useCreateApiClient();
  const [name, setName] = useState('');
  const [scopeList, setScopeList] = useState<CreateApiClientRequest['scopes']>(['regulations:read', 'tasks:read']);
  const [clearance, setClearance] = useState<CreateApiClientRequest['clearance']>('unclassified');
  const { byField, unplaced } = placeFieldErrors(problemFieldErrors(create.error), ['name', 'scopes', 'clearance']);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes: scopeList, clearance }, { onSuccess: onCreated });
  }

  return (
    <form className="card admin-form" onSubmit={submit} noValidate aria-labelledby="create-client-title">
      <h3 id="create-client-title">{t('clients.createTitle')}</h3>
      {create.error && !(create.error instanceof ApiError && create.error.status === 400) && <ErrorMessage error={create.error} />}
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('clients.name')} errors={byField.name}>
          {(p) => <input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('clients.clearance')} errors={byField.clearance}>
          {(p) => (
            <select {...p} name="clearance" value={clearance} onChange={(e) => setClearance(e.target.value as CreateApiClientRequest['clearance'])}>
              {clearancesUpTo(me?.clearance).map((c) => (
                <option key={c} value={c}>
                  {tc(`clearance.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className={`checkbox-row${byField.scopes ? ' field--invalid' : ''}`}>
        <legend>{t('clients.scopes')}</legend>
        {scopes.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              name={`scope-${scope}`}
              checked={scopeList.includes(scope)}
              onChange={(e) => setScopeList(e.target.checked ? [...scopeList, scope] : scopeList.filter((s) => s !== scope))}
            />
            <code>{scope}</code>
          </label>
        ))}
        <FieldMessages errors={byField.scopes} />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? tc('common.saving') : t('clients.create')}
        </button>
      </div>
    </form>
  );
}

export function ApiClientsPanel() {
  const { t, i18n } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const clients = useApiClients();
  const revoke = useRevokeApiClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiClientCreated | null>(null);
  const when = (iso: string) => formatInstant(iso, i18n.resolvedLanguage);

  return (
    <section aria-labelledby="clients-title">
      <div className="section-head">
        <h2 id="clients-title">{t('clients.title')}</h2>
        {!creating && !created && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('clients.new')}
          </button>
        )}
      </div>
      <p className="lead">{t('clients.intro')}</p>
      {created && <KeyOnce created={created} onDismiss={() => setCreated(null)} />}
      {creating && (
        <CreateClientForm
          onCreated={(result) => {
            setCreating(false);
            setCreated(result);
          }}
        />
      )}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      <QueryStatus query={clients} />
      {clients.data && clients.data.length === 0 && <p className="empty">{t('clients.empty')}</p>}
      {clients.data && clients.data.length > 0 && (
        <table className="table table--stacking admin-table">
          <caption className="visually-hidden">{t('clients.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clients.name')}</th>
              <th scope="col">{t('clients.keyPrefix')}</th>
              <th scope="col">{t('clients.scopes')}</th>
              <th scope="col">{t('clients.clearance')}</th>
              <th scope="col">{t('clients.createdAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clients.data.map((client) => (
              <tr key={client.id} className={client.revokedAt ? 'row--revoked' : undefined} data-client={client.name}>
                <td data-label={t('clients.name')}>
                  <strong>{client.name}</strong>
                </td>
                <td data-label={t('clients.keyPrefix')}>
                  <code>{client.keyPrefix}…</code>
                </td>
                <td data-label={t('clients.scopes')}>
                  <span className="scope-list">
                    {client.scopes.map((s) => (
                      <code key={s}>{s}</code>
                    ))}
                  </span>
                </td>
                <td data-label={t('clients.clearance')}>{tc(`clearance.${client.clearance}` as never, { defaultValue: client.clearance })}</td>
                <td data-label={t('clients.createdAt')}>
                  {when(client.createdAt)} · <AuthorName name={client.createdBy} kind={client.createdByKind} />
                </td>
                <td className="table__actions">
                  {client.revokedAt ? (
                    <span className="badge badge--inactive">{t('clients.revokedAt', { time: when(client.revokedAt) })}</span>
                  ) : (
                    <button
                      type="button"
                      className="button button--small button--danger"
                      disabled={revoke.isPending}
                      onClick={() => {
                        if (window.confirm(t('clients.confirmRevoke', { name: client.name }))) revoke.mutate(client.id);
                      }}
                    >
                      {t('clients.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
