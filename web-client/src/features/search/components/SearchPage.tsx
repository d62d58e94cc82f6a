import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { citeAkn } from '@/lib/text/akn';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRegulationNames, useSearch, type RegulationSummary, type SearchHit } from '../api/search';
import { Snippet } from './snippet';
import './search.css';

/** Where a hit leads: the provision in the text it was found in, or the task. */
export function hitLink(hit: SearchHit): string {
  if (hit.kind === 'task') return `/tasks/${hit.entityId}`;
  const version = hit.versionNumber ? `?version=${hit.versionNumber}` : '';
  return `/regulations/${hit.regulationId}${version}${hit.aknId ? `#${hit.aknId}` : ''}`;
}

function HitItem({ hit, regulations }: { hit: SearchHit; regulations: readonly RegulationSummary[] }) {
  const { t } = useTranslation('search');
  const { pick, language } = useLocalized();
  const heading = pick(hit.headingVi, hit.headingEn);
  const regulation = regulations.find((r) => r.id === hit.regulationId);
  const place = hit.kind === 'provision' && hit.aknId ? citeAkn(hit.aknId, language) : null;
  const title =
    hit.kind === 'task'
      ? [hit.taskCode, heading.text].filter(Boolean).join(' · ')
      : [place && place.charAt(0).toUpperCase() + place.slice(1), heading.text].filter(Boolean).join('. ');
  return (
    <li className="card search-hit">
      <p className="search-hit__meta">
        <span className={`badge badge--hit-${hit.kind}`}>{t(`kinds.${hit.kind}` as 'kinds.task', { defaultValue: hit.kind })}</span>
        {regulation && <span className="code">{regulation.code}</span>}
        {hit.versionNumber && <span className="muted">{t('version', { number: hit.versionNumber })}</span>}
      </p>
      <h2 className="search-hit__title">
        <Link to={hitLink(hit)}>{title || hit.aknId || hit.taskCode || String(hit.entityId)}</Link>
      </h2>
      {/* The snippet is the original (Vietnamese or English) text where the words were found. */}
      <Snippet snippet={hit.snippet} />
    </li>
  );
}

function Results({ q, regulationId }: { q: string; regulationId: number | null }) {
  const { t } = useTranslation('search');
  const search = useSearch(q, regulationId);
  const regulations = useRegulationNames();
  if (search.isPending) return <Loading />;
  if (search.isError) return <ErrorMessage error={search.error} onRetry={() => void search.refetch()} />;
  const hits = search.data.pages.flatMap((page) => page.items);
  return (
    <section aria-labelledby="search-results" className="search-results">
      <h2 id="search-results" className="visually-hidden">
        {t('results')}
      </h2>
      <p role="status" className="search-results__count">
        {hits.length === 0
          ? t('none', { q })
          : search.hasNextPage
            ? t('countMore', { count: hits.length })
            : t('count', { count: hits.length })}
      </p>
      {hits.length > 0 && (
        <ol className="search-hit-list">
          {hits.map((hit) => (
            <HitItem key={`${hit.kind}-${hit.entityId}`} hit={hit} regulations={regulations.data ?? []} />
          ))}
        </ol>
      )}
      {search.hasNextPage && (
        <button type="button" className="button" disabled={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}

export function SearchPage() {
  const { t } = useTranslation('search');
  const { pick } = useLocalized();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = (searchParams.get('q') ?? '').trim();
  const regulationParam = Number(searchParams.get('regulationId'));
  const regulationId = Number.isSafeInteger(regulationParam) && regulationParam > 0 ? regulationParam : null;
  const [text, setText] = useState(q);
  const [regulation, setRegulation] = useState(regulationId ? String(regulationId) : '');
  const regulations = useRegulationNames();
  const queryId = useId();
  const regulationSelectId = useId();
  useDocumentTitle(q ? `${t('title')}: ${q}` : t('title'));
  useEffect(() => setText(q), [q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (text.trim()) next.set('q', text.trim());
    if (regulation) next.set('regulationId', regulation);
    setSearchParams(next);
  };

  return (
    <div className="page search-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <form role="search" className="search-form" onSubmit={submit}>
        <div className="field search-form__q">
          <label htmlFor={queryId}>{t('query')}</label>
          <input id={queryId} type="search" name="q" value={text} placeholder={t('placeholder')} onChange={(e) => setText(e.target.value)} />
        </div>
        {(regulations.data?.length ?? 0) > 1 && (
          <div className="field">
            <label htmlFor={regulationSelectId}>{t('regulation')}</label>
            <select id={regulationSelectId} value={regulation} onChange={(e) => setRegulation(e.target.value)}>
              <option value="">{t('allRegulations')}</option>
              {regulations.data!.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.code} · {pick(r.titleVi, r.titleEn).text}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button button--primary">
          {t('submit')}
        </button>
      </form>
      {q ? <Results q={q} regulationId={regulationId} /> : <p className="muted">{t('hint')}</p>}
    </div>
  );
}
