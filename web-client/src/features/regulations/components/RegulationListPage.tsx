import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useAgencies, type Agency } from '@/lib/reference/agencies';
import { useRegulations, type RegulationSummary } from '../api/regulations';
import { regulationWriterRoles } from '../access';
import { StatusBadge } from './StatusBadge';
import './regulations.css';

function RegulationCard({ regulation, agencies }: { regulation: RegulationSummary; agencies: readonly Agency[] }) {
  const { t } = useTranslation('regulations');
  const { pick, date } = useLocalized();
  const title = pick(regulation.titleVi, regulation.titleEn);
  const partyName = (code: string) => {
    const agency = agencies.find((a) => a.code === code);
    return agency ? pick(agency.nameVi, agency.nameEn).text ?? code : code;
  };
  return (
    <li className="card regulation-card">
      <p className="regulation-card__code">{regulation.code}</p>
      <h2 className="regulation-card__title">
        <Link to={`/regulations/${regulation.id}`} lang={title.fallback ? 'vi' : undefined}>
          {title.text ?? regulation.code}
        </Link>
      </h2>
      <dl className="facts facts--inline">
        <div>
          <dt>{t('signedOn')}</dt>
          <dd>
            <time dateTime={regulation.signedOn}>{date(regulation.signedOn)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('status')}</dt>
          <dd>
            <StatusBadge status={regulation.status} />
          </dd>
        </div>
        <div>
          <dt>{t('parties')}</dt>
          <dd>{regulation.parties.map(partyName).join(' · ')}</dd>
        </div>
      </dl>
    </li>
  );
}

export function RegulationListPage() {
  const { t } = useTranslation('regulations');
  const { t: common } = useTranslation();
  useDocumentTitle(t('listTitle'));
  const regulations = useRegulations();
  // Party names are a nicety: without them the list still shows the agency codes.
  const agencies = useAgencies();
  const { hasRole } = useSession();
  const items = regulations.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <div className="page__header--with-tools">
        <h1>{t('listTitle')}</h1>
        {hasRole(...regulationWriterRoles) && (
          <Link className="button button--primary" to="/regulations/new">
            {t('create.open')}
          </Link>
        )}
      </div>
      <p className="lead">{t('listIntro')}</p>
      <QueryStatus query={regulations} />
      {regulations.isSuccess && items.length === 0 && <p>{t('empty')}</p>}
      {items.length > 0 && (
        <ul className="card-list" aria-label={t('listTitle')}>
          {items.map((regulation) => (
            <RegulationCard key={regulation.id} regulation={regulation} agencies={agencies.data ?? []} />
          ))}
        </ul>
      )}
      {regulations.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={regulations.isFetchingNextPage}
          onClick={() => void regulations.fetchNextPage()}
        >
          {regulations.isFetchingNextPage ? common('common.loading') : common('common.loadMore')}
        </button>
      )}
    </div>
  );
}
