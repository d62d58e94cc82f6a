import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRegulation, type RegulationDetail } from '../api/regulations';
import { parseId } from './params';
import { TextReader } from './TextReader';
import { GenerateSchedule } from './GenerateSchedule';
import { StatusBadge } from './StatusBadge';
import './regulations.css';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Overview({ regulation }: { regulation: RegulationDetail }) {
  const { t } = useTranslation('regulations');
  const { date, code } = useLocalized();
  const version = regulation.currentVersion;
  return (
    <dl className="facts">
      <div>
        <dt>{t('code')}</dt>
        <dd>{regulation.code}</dd>
      </div>
      <div>
        <dt>{t('signedOn')}</dt>
        <dd>
          <time dateTime={regulation.signedOn}>{date(regulation.signedOn)}</time>
        </dd>
      </div>
      <div>
        <dt>{t('signedAt')}</dt>
        <dd>{regulation.signedAt}</dd>
      </div>
      <div>
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge status={regulation.status} />
        </dd>
      </div>
      {version && (
        <div>
          <dt>{t('version')}</dt>
          <dd>
            {t('versionValue', {
              number: version.number,
              status: code('regulations:versionStatuses', version.status),
            })}
            {version.effectiveFrom && <>, {t('effectiveFrom', { date: date(version.effectiveFrom) })}</>}
          </dd>
        </div>
      )}
    </dl>
  );
}

function Parties({ regulation }: { regulation: RegulationDetail }) {
  const { t } = useTranslation('regulations');
  const { pick, code } = useLocalized();
  return (
    <ul className="party-list">
      {regulation.parties.map((party) => (
        <li key={party.agencyCode} className="card">
          <p className="party-list__agency">
            {pick(party.agencyNameVi, party.agencyNameEn).text} <span className="code">({party.agencyCode})</span>
          </p>
          <dl className="facts facts--compact">
            <div>
              <dt>{t('standingBody')}</dt>
              <dd>
                {pick(party.standingUnit.nameVi, party.standingUnit.nameEn).text}{' '}
                <span className="muted">· {code('regulations:tiers', party.standingUnit.tier)}</span>
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

function Signatories({ regulation }: { regulation: RegulationDetail }) {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const agencyName = (code: string) => {
    const party = regulation.parties.find((p) => p.agencyCode === code);
    return party ? pick(party.agencyNameVi, party.agencyNameEn).text : code;
  };
  return (
    <table className="table table--stacking">
      <thead>
        <tr>
          <th scope="col">{t('signatory.name')}</th>
          <th scope="col">{t('signatory.rank')}</th>
          <th scope="col">{t('signatory.position')}</th>
          <th scope="col">{t('signatory.agency')}</th>
        </tr>
      </thead>
      <tbody>
        {regulation.signatories.map((person) => (
          <tr key={person.personId}>
            <th scope="row" data-label={t('signatory.name')}>
              {person.fullName}
            </th>
            <td data-label={t('signatory.rank')}>{pick(person.rankVi, person.rankEn).text}</td>
            <td data-label={t('signatory.position')}>{pick(person.positionVi, person.positionEn).text}</td>
            <td data-label={t('signatory.agency')}>{agencyName(person.agencyCode)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewPolicy({ regulation }: { regulation: RegulationDetail }) {
  const { t } = useTranslation('regulations');
  const { pick, month } = useLocalized();
  const policy = regulation.reviewPolicy;
  const firstHost = regulation.parties.find((p) => p.agencyCode === policy.firstHostAgencyCode);
  return (
    <dl className="facts">
      <div>
        <dt>{t('review.annual')}</dt>
        <dd>{policy.annualRotating ? t('review.annualRotating') : t('review.annualFixed')}</dd>
      </div>
      <div>
        <dt>{t('review.firstHost')}</dt>
        <dd>{firstHost ? pick(firstHost.agencyNameVi, firstHost.agencyNameEn).text : policy.firstHostAgencyCode}</dd>
      </div>
      <div>
        <dt>{t('review.month')}</dt>
        <dd>{month(policy.reviewMonth)}</dd>
      </div>
      <div>
        <dt>{t('review.preliminary')}</dt>
        <dd>{t('review.preliminaryAfter', { count: policy.preliminaryAfterYears })}</dd>
      </div>
    </dl>
  );
}

function Regulation({ regulation }: { regulation: RegulationDetail }) {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const title = pick(regulation.titleVi, regulation.titleEn);
  useDocumentTitle(regulation.code);
  return (
    <article className="page regulation" aria-labelledby="regulation-title">
      <header className="page__header">
        <p className="eyebrow">{regulation.code}</p>
        <h1 id="regulation-title" lang={title.fallback ? 'vi' : undefined}>
          {title.text ?? regulation.code}
        </h1>
      </header>
      <Section id="overview" title={t('sections.overview')}>
        <Overview regulation={regulation} />
      </Section>
      <TextReader regulationId={regulation.id} />
      <Section id="parties" title={t('sections.parties')}>
        <Parties regulation={regulation} />
      </Section>
      <Section id="signatories" title={t('sections.signatories')}>
        <Signatories regulation={regulation} />
      </Section>
      <Section id="review-policy" title={t('sections.reviewPolicy')}>
        <ReviewPolicy regulation={regulation} />
        <GenerateSchedule regulationId={regulation.id} />
      </Section>
    </article>
  );
}

function LoadedRegulation({ id }: { id: number }) {
  const regulation = useRegulation(id);
  if (regulation.isPending) return <Loading />;
  if (regulation.isError) return <ErrorMessage error={regulation.error} onRetry={() => void regulation.refetch()} />;
  return <Regulation regulation={regulation.data} />;
}

export function RegulationDetailPage() {
  const { t } = useTranslation('regulations');
  const id = parseId(useParams().id);
  return (
    <div className="page-frame">
      <p className="breadcrumb">
        <Link to="/regulations">← {t('backToList')}</Link>
      </p>
      {id === null ? (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('notFound')}</p>
        </div>
      ) : (
        <LoadedRegulation id={id} />
      )}
    </div>
  );
}
