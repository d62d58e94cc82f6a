import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRegulation, type RegulationDetail } from '../api/regulations';
import { lacksEnglish, ProvisionTree } from './ProvisionTree';
import { StatusBadge } from './StatusBadge';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Overview({ regulation }: { regulation: RegulationDetail }) {
  const { t, date, code } = useLocalized();
  const version = regulation.currentVersion;
  return (
    <dl className="facts">
      <div>
        <dt>{t('regulations.code')}</dt>
        <dd>{regulation.code}</dd>
      </div>
      <div>
        <dt>{t('regulations.signedOn')}</dt>
        <dd>
          <time dateTime={regulation.signedOn}>{date(regulation.signedOn)}</time>
        </dd>
      </div>
      <div>
        <dt>{t('regulations.signedAt')}</dt>
        <dd>{regulation.signedAt}</dd>
      </div>
      <div>
        <dt>{t('regulations.status')}</dt>
        <dd>
          <StatusBadge status={regulation.status} />
        </dd>
      </div>
      {version && (
        <div>
          <dt>{t('regulations.version')}</dt>
          <dd>
            {t('regulations.versionValue', {
              number: version.number,
              status: code('regulations.versionStatuses', version.status),
            })}
            {version.effectiveFrom && <>, {t('regulations.effectiveFrom', { date: date(version.effectiveFrom) })}</>}
          </dd>
        </div>
      )}
    </dl>
  );
}

function Parties({ regulation }: { regulation: RegulationDetail }) {
  const { t, pick, code } = useLocalized();
  return (
    <ul className="party-list">
      {regulation.parties.map((party) => (
        <li key={party.agencyCode} className="card">
          <p className="party-list__agency">
            {pick(party.agencyNameVi, party.agencyNameEn).text} <span className="code">({party.agencyCode})</span>
          </p>
          <dl className="facts facts--compact">
            <div>
              <dt>{t('regulations.standingBody')}</dt>
              <dd>
                {pick(party.standingUnit.nameVi, party.standingUnit.nameEn).text}{' '}
                <span className="muted">· {code('regulations.tiers', party.standingUnit.tier)}</span>
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

function Signatories({ regulation }: { regulation: RegulationDetail }) {
  const { t, pick } = useLocalized();
  const agencyName = (code: string) => {
    const party = regulation.parties.find((p) => p.agencyCode === code);
    return party ? pick(party.agencyNameVi, party.agencyNameEn).text : code;
  };
  return (
    <table className="table table--stacking">
      <thead>
        <tr>
          <th scope="col">{t('regulations.signatory.name')}</th>
          <th scope="col">{t('regulations.signatory.rank')}</th>
          <th scope="col">{t('regulations.signatory.position')}</th>
          <th scope="col">{t('regulations.signatory.agency')}</th>
        </tr>
      </thead>
      <tbody>
        {regulation.signatories.map((person) => (
          <tr key={person.personId}>
            <th scope="row" data-label={t('regulations.signatory.name')}>
              {person.fullName}
            </th>
            <td data-label={t('regulations.signatory.rank')}>{pick(person.rankVi, person.rankEn).text}</td>
            <td data-label={t('regulations.signatory.position')}>{pick(person.positionVi, person.positionEn).text}</td>
            <td data-label={t('regulations.signatory.agency')}>{agencyName(person.agencyCode)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewPolicy({ regulation }: { regulation: RegulationDetail }) {
  const { t, pick, month } = useLocalized();
  const policy = regulation.reviewPolicy;
  const firstHost = regulation.parties.find((p) => p.agencyCode === policy.firstHostAgencyCode);
  return (
    <dl className="facts">
      <div>
        <dt>{t('regulations.review.annual')}</dt>
        <dd>{policy.annualRotating ? t('regulations.review.annualRotating') : t('regulations.review.annualFixed')}</dd>
      </div>
      <div>
        <dt>{t('regulations.review.firstHost')}</dt>
        <dd>{firstHost ? pick(firstHost.agencyNameVi, firstHost.agencyNameEn).text : policy.firstHostAgencyCode}</dd>
      </div>
      <div>
        <dt>{t('regulations.review.month')}</dt>
        <dd>{month(policy.reviewMonth)}</dd>
      </div>
      <div>
        <dt>{t('regulations.review.preliminary')}</dt>
        <dd>{t('regulations.review.preliminaryAfter', { count: policy.preliminaryAfterYears })}</dd>
      </div>
    </dl>
  );
}

function Regulation({ regulation }: { regulation: RegulationDetail }) {
  const { t, pick, language } = useLocalized();
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
      <Section id="overview" title={t('regulations.sections.overview')}>
        <Overview regulation={regulation} />
      </Section>
      <Section id="parties" title={t('regulations.sections.parties')}>
        <Parties regulation={regulation} />
      </Section>
      <Section id="signatories" title={t('regulations.sections.signatories')}>
        <Signatories regulation={regulation} />
      </Section>
      <Section id="review-policy" title={t('regulations.sections.reviewPolicy')}>
        <ReviewPolicy regulation={regulation} />
      </Section>
      <Section id="text" title={t('regulations.sections.text')}>
        {language === 'en' && lacksEnglish(regulation.chapters) && (
          <p className="note">{t('regulations.provision.viOnly')}</p>
        )}
        <ProvisionTree provisions={regulation.chapters} level={3} />
      </Section>
    </article>
  );
}

function parseId(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function LoadedRegulation({ id }: { id: number }) {
  const regulation = useRegulation(id);
  if (regulation.isPending) return <Loading />;
  if (regulation.isError) return <ErrorMessage error={regulation.error} onRetry={() => void regulation.refetch()} />;
  return <Regulation regulation={regulation.data} />;
}

export function RegulationDetailPage() {
  const { t } = useLocalized();
  const id = parseId(useParams().id);
  return (
    <div className="page-frame">
      <p className="breadcrumb">
        <Link to="/regulations">← {t('common.backToList')}</Link>
      </p>
      {id === null ? (
        <div className="error-message" role="alert">
          <p className="error-message__title">{t('regulations.notFound')}</p>
        </div>
      ) : (
        <LoadedRegulation id={id} />
      )}
    </div>
  );
}
