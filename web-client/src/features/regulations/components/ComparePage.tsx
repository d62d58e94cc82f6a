import type { Schemas } from '@/lib/api/vocabulary';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRegulation } from '../api/regulations';
import { useComparison, useVersions, type ArticleChange, type Version } from '../api/text';
import { DiffText, hasChanges } from './DiffText';
import { parseId, parseVersionNumber } from './params';
import './reader.css';

function useVersionLabel() {
  const { t } = useTranslation('regulations');
  const { date } = useLocalized();
  return (version: Version) =>
    version.effectiveFrom
      ? t('reader.versionOptionEffective', { number: version.number, date: date(version.effectiveFrom) })
      : t('reader.versionOption', { number: version.number, status: t(`versionStatuses.${version.status}` as 'versionStatuses.draft') });
}

function VersionForm({ versions, from, to }: { versions: readonly Version[]; from: number | null; to: number | null }) {
  const { t } = useTranslation('regulations');
  const label = useVersionLabel();
  const [, setSearchParams] = useSearchParams();
  const [pickedFrom, setFrom] = useState(from ?? versions[0]?.number ?? 1);
  const [pickedTo, setTo] = useState(to ?? versions.at(-1)?.number ?? 1);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearchParams({ from: String(pickedFrom), to: String(pickedTo) });
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label className="inline-field">
        <span>{t('compare.from')}</span>
        <select value={pickedFrom} onChange={(e) => setFrom(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v.number} value={v.number}>
              {label(v)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('compare.to')}</span>
        <select value={pickedTo} onChange={(e) => setTo(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v.number} value={v.number}>
              {label(v)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button">
        {t('compare.submit')}
      </button>
    </form>
  );
}

function DiffPair({ title, vi, en }: { title: string; vi: ArticleChange['textViDiff']; en: ArticleChange['textEnDiff'] }) {
  const { t } = useTranslation('regulations');
  return (
    <div className="change__part">
      <h3 className="change__part-title">{title}</h3>
      <div className="bilingual bilingual--labelled">
        <div className="bilingual__col">
          <p className="bilingual__label">{t('compare.vi')}</p>
          {vi.length > 0 ? <DiffText ops={vi} lang="vi" /> : <p className="muted">—</p>}
        </div>
        <div className="bilingual__col">
          <p className="bilingual__label">{t('compare.en')}</p>
          {en.length > 0 ? <DiffText ops={en} lang="en" /> : <p className="muted">—</p>}
        </div>
      </div>
    </div>
  );
}

function ChangeCard({ change, regulationId, from, to }: { change: ArticleChange; regulationId: number; from: number; to: number }) {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const heading = pick(change.headingVi, change.headingEn);
  const headingId = `change-${change.aknId}`;
  const readIn = change.change === 'removed' ? from : to;
  const showHeading = change.headingChanged || change.change !== 'changed';
  const showText =
    change.textChanged || (change.change !== 'changed' && (hasChanges(change.textViDiff) || hasChanges(change.textEnDiff)));
  return (
    <li>
      <article className={`card change change--${change.change}`} aria-labelledby={headingId} data-akn={change.aknId}>
      <h2 id={headingId} className="change__title">
        <span className={`badge badge--change-${change.change}`}>{t(`compare.changes.${change.change}` as 'compare.changes.changed')}</span>{' '}
        {t('provision.article', { num: change.num })}
        {heading.text && (
          <>
            . <span lang={heading.fallback ? 'vi' : undefined}>{heading.text}</span>
          </>
        )}
      </h2>
      {showHeading && <DiffPair title={t('compare.heading')} vi={change.headingViDiff} en={change.headingEnDiff} />}
      {showText && <DiffPair title={t('compare.text')} vi={change.textViDiff} en={change.textEnDiff} />}
      <p className="change__link">
        <Link to={`/regulations/${regulationId}?version=${readIn}#${change.aknId}`}>{t('compare.readArticle', { number: readIn })}</Link>
      </p>
      </article>
    </li>
  );
}

function Comparison({ regulationId, from, to }: { regulationId: number; from: number; to: number }) {
  const { t } = useTranslation('regulations');
  const comparison = useComparison(regulationId, from, to);
  if (from === to) return <p className="note">{t('compare.same')}</p>;
  if (comparison.isPending) return <Loading />;
  if (comparison.isError) return <ErrorMessage error={comparison.error} onRetry={() => void comparison.refetch()} />;
  const articles = comparison.data.articles;
  const count = (kind: Schemas['ArticleChangeKind']) => articles.filter((a) => a.change === kind).length;
  return (
    <section aria-label={t('compare.title')} className="comparison">
      <p className="comparison__counts" role="status">
        {articles.length === 0
          ? t('compare.none')
          : t('compare.counts', { changed: count('changed'), added: count('added'), removed: count('removed') })}
      </p>
      {articles.length > 0 && (
        <>
          <p className="diff-legend">
            {t('compare.legend')} <ins className="diff__ins">{t('compare.legendInserted')}</ins>{' '}
            <del className="diff__del">{t('compare.legendDeleted')}</del>
          </p>
          <ol className="change-list">
            {articles.map((change) => (
              <ChangeCard key={change.aknId} change={change} regulationId={regulationId} from={from} to={to} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function CompareBody({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const [searchParams] = useSearchParams();
  const versions = useVersions(regulationId);
  if (versions.isPending) return <Loading />;
  if (versions.isError) return <ErrorMessage error={versions.error} onRetry={() => void versions.refetch()} />;
  const list = versions.data;
  const latest = list.at(-1)?.number ?? null;
  // Without a choice in the address: the latest version against the one before it.
  const to = parseVersionNumber(searchParams.get('to')) ?? latest;
  const from = parseVersionNumber(searchParams.get('from')) ?? (to !== null && to > 1 ? to - 1 : null);
  return (
    <>
      {list.length > 1 ? (
        <VersionForm key={`${from}-${to}`} versions={list} from={from} to={to} />
      ) : (
        <p className="note">{t('compare.pickTwo')}</p>
      )}
      {from !== null && to !== null && list.length > 1 && <Comparison regulationId={regulationId} from={from} to={to} />}
    </>
  );
}

export function ComparePage() {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const id = parseId(useParams().id);
  const regulation = useRegulation(id ?? 0, id !== null);
  useDocumentTitle(t('compare.title'));
  if (id === null) {
    return (
      <div className="error-message" role="alert">
        <p className="error-message__title">{t('notFound')}</p>
      </div>
    );
  }
  const title = regulation.data ? pick(regulation.data.titleVi, regulation.data.titleEn) : null;
  return (
    <div className="page compare-page">
      <p className="breadcrumb">
        <Link to={`/regulations/${id}`}>← {t('backToRegulation')}</Link>
      </p>
      <header className="page__header">
        <p className="eyebrow">{regulation.data?.code ?? '\u00a0'}</p>
        <h1>{t('compare.title')}</h1>
        {title?.text && (
          <p className="lead" lang={title.fallback ? 'vi' : undefined}>
            {title.text}
          </p>
        )}
      </header>
      <CompareBody regulationId={id} />
    </div>
  );
}
