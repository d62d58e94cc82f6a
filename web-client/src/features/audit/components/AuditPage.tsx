import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { formatInstant } from '@/lib/ui/formatInstant';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useAuditEntries, useVerifyChain, type AuditEntry } from '../api/audit';
import { auditFiltersToSearch, parseAuditFilters, type AuditFilters } from '../filters';
import './audit.css';

const entityTypes = ['user', 'api-client', 'task', 'progress-report', 'regulation', 'regulation-version', 'provision', 'review', 'recognition', 'export'];
const actions = ['auth.sign-in', 'auth.sign-in-failed', 'user.create', 'user.update', 'user.lock', 'user.set-password', 'api-client.create', 'api-client.revoke', 'task.create', 'task.update', 'task.assigned', 'task.in_progress', 'task.completed', 'task.cancelled', 'task.report', 'task.read', 'task.list', 'regulation.create', 'regulation.update', 'version.create', 'version.publish', 'review.create', 'review.evaluate', 'recognition.create', 'export'];

function useInstant() {
  const { i18n } = useTranslation();
  return (iso: string) => formatInstant(iso, i18n.resolvedLanguage, true);
}

function Json({ value, label }: { value: unknown; label: string }) {
  const { t } = useTranslation('audit');
  return (
    <div className="json-block">
      <p className="json-block__label">{label}</p>
      {value === undefined || value === null ? <p className="muted">{t('none')}</p> : <pre>{JSON.stringify(value, null, 2)}</pre>}
    </div>
  );
}

function EntryRows({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const instant = useInstant();
  const [open, setOpen] = useState(false);
  const detailsId = `audit-entry-${entry.id}`;
  return (
    <>
      <tr className={open ? 'row--open' : undefined} data-entry={entry.id}>
        <td data-label={t('columns.id')}>
          <button type="button" className="disclosure" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> #{entry.id}
          </button>
        </td>
        <td data-label={t('columns.time')}>
          <time dateTime={entry.occurredAt}>{instant(entry.occurredAt)}</time>
        </td>
        <td data-label={t('columns.actor')}>
          {entry.actorName} <span className="muted small">({t(`actorTypes.${entry.actorType}` as never, { defaultValue: entry.actorType })})</span>
        </td>
        <td data-label={t('columns.action')}>
          <code>{entry.action}</code>
        </td>
        <td data-label={t('columns.entity')}>
          {entry.entityType} <code>{entry.entityId}</code>
          {entry.classification !== 'unclassified' && (
            <span className={`badge badge--classification badge--${entry.classification}`}>{tc(`clearance.${entry.classification}` as never, { defaultValue: entry.classification })}</span>
          )}
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="row--details">
          <td colSpan={5}>
            <div className="json-pair">
              <Json value={entry.before} label={t('before')} />
              <Json value={entry.after} label={t('after')} />
            </div>
            <dl className="facts facts--inline small">
              <div>
                <dt>{t('requestId')}</dt>
                <dd>
                  <code>{entry.requestId ?? '—'}</code>
                </dd>
              </div>
              <div>
                <dt>{t('clientIp')}</dt>
                <dd>
                  <code>{entry.clientIp ?? '—'}</code>
                </dd>
              </div>
              <div>
                <dt>{t('hash')}</dt>
                <dd>
                  <code className="hash">{entry.hash}</code>
                </dd>
              </div>
              <div>
                <dt>{t('prevHash')}</dt>
                <dd>
                  <code className="hash">{entry.prevHash}</code>
                </dd>
              </div>
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}

function VerifyChain() {
  const { t } = useTranslation('audit');
  const verify = useVerifyChain();
  const result = verify.data;
  return (
    <section className="section verify" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verify.title')}</h2>
      <p>{t('verify.intro')}</p>
      <button type="button" className="button button--primary" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? t('verify.running') : t('verify.run')}
      </button>
      <div aria-live="polite">
        {verify.isError && <ErrorMessage error={verify.error} />}
        {result?.valid && (
          <p className="verify__result verify__result--ok" role="status">
            <strong>{t('verify.valid')}</strong> {t('verify.checked', { count: result.entriesChecked })}
          </p>
        )}
        {result && !result.valid && (
          <div className="verify__result verify__result--broken" role="alert">
            <p>
              <strong>{t('verify.broken')}</strong> {t('verify.checked', { count: result.entriesChecked })}
            </p>
            <p>
              {t('verify.firstBroken')}: <strong>#{result.firstBrokenEntryId ?? '?'}</strong>
            </p>
            {result.reason && (
              <p>
                {t('verify.reason')}: {result.reason}
              </p>
            )}
          </div>
        )}
      </div>
    </section>
  );
}

function FilterForm({ filters, onApply }: { filters: AuditFilters; onApply: (f: AuditFilters) => void }) {
  const { t } = useTranslation('audit');
  const [draft, setDraft] = useState(filters);
  const input = (name: keyof AuditFilters, type = 'text', list?: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{t(`filters.${name}`)}</label>
      <input id={`audit-${name}`} type={type} list={list} value={draft[name] ?? ''} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </div>
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }
  return (
    <form className="filter-form" role="search" aria-label={t('filters.label')} onSubmit={submit}>
      <div className="filter-form__grid">
        {input('actor')}
        {input('entityType', 'text', 'audit-entity-types')}
        {input('entityId')}
        {input('action', 'text', 'audit-actions')}
        {input('from', 'datetime-local')}
        {input('to', 'datetime-local')}
      </div>
      <datalist id="audit-entity-types">
        {entityTypes.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <datalist id="audit-actions">
        {actions.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          {t('filters.apply')}
        </button>
        <button type="button" className="button" onClick={() => onApply({})}>
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}

export function AuditPage() {
  const { t } = useTranslation('audit');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(params), [params]);
  const entries = useAuditEntries(filters);
  useDocumentTitle(t('title'));
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro')}</p>
      </header>
      <VerifyChain />
      <section className="section" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title">{t('entries')}</h2>
        <FilterForm key={params.toString()} filters={filters} onApply={(f) => setParams(auditFiltersToSearch(f))} />
        <QueryStatus query={entries} />
        {entries.isSuccess && rows.length === 0 && <p className="empty">{t('empty')}</p>}
        {rows.length > 0 && (
          <table className="table table--stacking audit-table">
            <caption className="visually-hidden">{t('entries')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.id')}</th>
                <th scope="col">{t('columns.time')}</th>
                <th scope="col">{t('columns.actor')}</th>
                <th scope="col">{t('columns.action')}</th>
                <th scope="col">{t('columns.entity')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((entry) => (
                <Fragment key={entry.id}>
                  <EntryRows entry={entry} />
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        {entries.hasNextPage && (
          <p className="load-more">
            <button type="button" className="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
              {entries.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
            </button>
          </p>
        )}
      </section>
    </div>
  );
}
