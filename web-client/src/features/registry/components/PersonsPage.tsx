import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { useAgencies } from '@/lib/reference/agencies';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { mayManageMembers } from '../access';
import { usePersonList, type PersonFilters } from '../api/registry';
import { RegistryTabs, RetiredBadge } from './parts';
import { CreatePersonForm, EditPersonForm } from './PersonForms';
import './registry.css';

type Open = { kind: 'create' } | { kind: 'edit'; key: string } | null;

/** The filters of the address: `?agency=MOD&q=giang&active=true`. */
export function filtersOf(params: URLSearchParams): PersonFilters {
  const active = params.get('active');
  return {
    agency: params.get('agency') || undefined,
    q: params.get('q')?.trim() || undefined,
    active: active === 'true' ? true : active === 'false' ? false : undefined,
  };
}

function Filters({ filters, onApply }: { filters: PersonFilters; onApply: (next: URLSearchParams) => void }) {
  const { t } = useTranslation('registry');
  const { pick } = useLocalized();
  const agencies = useAgencies();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['agency', 'q', 'active']) {
      const entry = form.get(name);
      const value = typeof entry === 'string' ? entry.trim() : '';
      if (value) next.set(name, value);
    }
    onApply(next);
  };
  return (
    <form className="filter-form registry-filters" role="search" aria-label={t('filters.label')} onSubmit={submit}>
      <div className="filter-form__grid">
        <div className="field">
          <label htmlFor="persons-agency">{t('filters.agency')}</label>
          <select id="persons-agency" name="agency" defaultValue={filters.agency ?? ''} key={`agency-${filters.agency ?? ''}-${agencies.data?.length ?? 0}`}>
            <option value="">{t('filters.anyAgency')}</option>
            {agencies.data?.map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {pick(a.nameVi, a.nameEn).text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="persons-q">{t('filters.q')}</label>
          <input id="persons-q" name="q" type="search" defaultValue={filters.q ?? ''} key={`q-${filters.q ?? ''}`} />
        </div>
        <div className="field">
          <label htmlFor="persons-active">{t('filters.active')}</label>
          <select id="persons-active" name="active" defaultValue={filters.active === undefined ? '' : String(filters.active)} key={`active-${String(filters.active)}`}>
            <option value="">{t('filters.anyState')}</option>
            <option value="true">{t('filters.activeOnly')}</option>
            <option value="false">{t('filters.retiredOnly')}</option>
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t('filters.apply')}
        </button>
      </div>
    </form>
  );
}

export function PersonsPage() {
  const { t } = useTranslation('registry');
  const { pick } = useLocalized();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const list = usePersonList(filters);
  const agencies = useAgencies();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(t('persons.title'));
  // The agencies whose persons this person may add: any active one for a registry admin, their own for an admin.
  const writable = (agencies.data ?? []).filter((a) => a.active && mayManageMembers(me, a.code));
  const persons = list.data?.pages.flatMap((page) => page.items) ?? [];
  const show = (next: Open) => {
    setOpen(next);
    setDone(null);
  };

  return (
    <div className="page">
      <RegistryTabs />
      <header className="page__header page__header--with-tools">
        <div>
          <h1>{t('persons.title')}</h1>
          <p className="lead">{t('persons.intro')}</p>
        </div>
        {writable.length > 0 && open?.kind !== 'create' && (
          <button type="button" className="button button--primary" onClick={() => show({ kind: 'create' })}>
            {t('persons.new')}
          </button>
        )}
      </header>
      <Filters filters={filters} onApply={(next) => setParams(next, { replace: true })} />
      {done && (
        <p className="note note--ok" role="status">
          {done}
        </p>
      )}
      {open?.kind === 'create' && (
        <CreatePersonForm
          agencies={writable}
          initialAgency={writable.some((a) => a.code === filters.agency) ? filters.agency : undefined}
          onCancel={() => setOpen(null)}
          onDone={(person) => {
            setOpen(null);
            setDone(t('persons.created', { name: person.fullName }));
          }}
        />
      )}
      {open?.kind === 'edit' && (
        <EditPersonForm
          key={open.key}
          personKey={open.key}
          onCancel={() => setOpen(null)}
          onDone={(person) => {
            setOpen(null);
            setDone(t('persons.saved', { name: person.fullName }));
          }}
        />
      )}
      <QueryStatus query={list} />
      {list.data && persons.length === 0 && <p className="empty">{t('persons.empty')}</p>}
      {persons.length > 0 && (
        <table className="table table--stacking registry-table">
          <caption className="visually-hidden">{t('persons.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('persons.fullName')}</th>
              <th scope="col">{t('persons.position')}</th>
              <th scope="col">{t('persons.unit')}</th>
              <th scope="col">{t('persons.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('persons.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {persons.map((person) => {
              const rank = pick(person.rankVi, person.rankEn);
              const position = pick(person.positionVi, person.positionEn);
              return (
                <tr key={person.key} data-person={person.key} className={person.active ? undefined : 'row--retired'}>
                  <td data-label={t('persons.fullName')}>
                    <strong>{person.fullName}</strong>
                    <br />
                    <code>{person.key}</code>
                  </td>
                  <td data-label={t('persons.position')}>
                    {rank.text && (
                      <span lang={rank.lang}>
                        {rank.text}
                        <br />
                      </span>
                    )}
                    <span lang={position.lang}>{position.text}</span>
                  </td>
                  <td data-label={t('persons.unit')}>
                    <code>{person.agencyCode}</code>
                    {person.unitCode && person.unitCode !== person.agencyCode && <> · <code>{person.unitCode}</code></>}
                  </td>
                  <td data-label={t('persons.state')}>{person.active ? t('persons.isActive') : <RetiredBadge active={false} label={t('persons.retired')} />}</td>
                  <td className="table__actions">
                    {mayManageMembers(me, person.agencyCode) && (
                      <button type="button" className="button button--small" onClick={() => show({ kind: 'edit', key: person.key })} aria-label={t('persons.editAria', { name: person.fullName })}>
                        {t('persons.edit')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <p className="load-more">
          <button type="button" className="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? t('persons.loadingMore') : t('persons.loadMore')}
          </button>
        </p>
      )}
    </div>
  );
}
