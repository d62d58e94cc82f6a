import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { useAgencies } from '@/lib/reference/agencies';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { mayManageAgencies } from '../access';
import { CreateAgencyForm, EditAgencyForm } from './AgencyForms';
import { RegistryTabs, RetiredBadge } from './parts';
import './registry.css';

type Open = { kind: 'create' } | { kind: 'edit'; code: string } | null;

export function AgenciesPage() {
  const { t } = useTranslation('registry');
  const { pick } = useLocalized();
  const { me } = useSession();
  const agencies = useAgencies();
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const keeper = mayManageAgencies(me);
  useDocumentTitle(t('agencies.title'));

  return (
    <div className="page">
      <RegistryTabs />
      <header className="page__header page__header--with-tools">
        <div>
          <h1>{t('agencies.title')}</h1>
          <p className="lead">{keeper ? t('agencies.intro') : t('agencies.introAdmin', { agency: me?.agencyCode ?? '' })}</p>
        </div>
        {keeper && open?.kind !== 'create' && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setOpen({ kind: 'create' });
              setDone(null);
            }}
          >
            {t('agencies.new')}
          </button>
        )}
      </header>
      {done && (
        <p className="note note--ok" role="status">
          {done}
        </p>
      )}
      {open?.kind === 'create' && (
        <CreateAgencyForm
          onCancel={() => setOpen(null)}
          onDone={(agency) => {
            setOpen(null);
            setDone(t('agencies.created', { code: agency.code }));
          }}
        />
      )}
      <QueryStatus query={agencies} />
      {agencies.data?.length === 0 && <p className="empty">{t('agencies.empty')}</p>}
      {agencies.data && agencies.data.length > 0 && (
        <table className="table table--stacking registry-table">
          <caption className="visually-hidden">{t('agencies.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agencies.code')}</th>
              <th scope="col">{t('agencies.nameVi')}</th>
              <th scope="col">{t('agencies.nameEn')}</th>
              <th scope="col">{t('agencies.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('agencies.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agencies.data.map((agency) => (
              <tr key={agency.code} data-agency={agency.code} className={agency.active ? undefined : 'row--retired'}>
                <td data-label={t('agencies.code')}>
                  <Link to={`/registry/agencies/${agency.code}`}>
                    <code>{agency.code}</code>
                  </Link>
                </td>
                <td data-label={t('agencies.nameVi')} lang="vi">
                  {agency.nameVi}
                </td>
                <td data-label={t('agencies.nameEn')} lang="en">
                  {agency.nameEn}
                </td>
                <td data-label={t('agencies.state')}>
                  {agency.active ? t('agencies.isActive') : <RetiredBadge active={false} label={t('agencies.retired')} />}
                </td>
                <td className="table__actions">
                  <Link className="button button--small" to={`/registry/agencies/${agency.code}`} aria-label={t('agencies.openAria', { code: agency.code })} title={pick(agency.nameVi, agency.nameEn).text ?? agency.code}>
                    {t('agencies.open')}
                  </Link>
                  {keeper && (
                    <button type="button" className="button button--small" onClick={() => setOpen({ kind: 'edit', code: agency.code })} aria-label={t('agencies.editAria', { code: agency.code })}>
                      {t('agencies.edit')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open?.kind === 'edit' && (
        <EditAgencyForm
          key={open.code}
          code={open.code}
          onDone={() => setOpen(null)}
        />
      )}
    </div>
  );
}
