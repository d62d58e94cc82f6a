import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useCoverage, useRegulationText, useVersions, type Coverage, type TextProvision, type Version } from '../api/text';
import { CitedBy } from './CitedBy';
import { AddChapter, DraftBar, DraftProvisionTools, StartAmendment } from './DraftTools';
import { ImportText } from './ImportText';
import { parseIsoDate, parseTextMode, parseVersionNumber } from './params';
import { lacksEnglish, ProvisionTree, type TextMode } from './ProvisionTree';
import { TableOfContents } from './TableOfContents';
import './reader.css';

/** The reader's state lives in the address, so that a link (from a search hit, a comparison) opens the same view. */
function useReaderParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const version = parseVersionNumber(searchParams.get('version'));
  const asOf = version ? null : parseIsoDate(searchParams.get('asOf'));
  const mode = parseTextMode(searchParams.get('show'));
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next, { preventScrollReset: true });
  };
  return { version, asOf, mode, update };
}

function LanguageToggle({ mode, onChange }: { mode: TextMode; onChange: (mode: TextMode) => void }) {
  const { t } = useTranslation('regulations');
  const options: [TextMode, string][] = [
    ['vi', t('reader.languageVi')],
    ['en', t('reader.languageEn')],
    ['both', t('reader.languageBoth')],
  ];
  return (
    <div className="segmented" role="group" aria-label={t('reader.languages')}>
      {options.map(([value, label]) => (
        <button key={value} type="button" aria-pressed={mode === value} onClick={() => onChange(value)} lang={value === 'both' ? undefined : value}>
          {label}
        </button>
      ))}
    </div>
  );
}

function VersionPicker({ versions, current, onChange }: { versions: readonly Version[]; current: number | undefined; onChange: (n: number) => void }) {
  const { t } = useTranslation('regulations');
  const { date, code } = useLocalized();
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>{t('reader.versionPicker')}</label>
      <select id={id} value={current ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {current === undefined && <option value="" />}
        {versions.map((v) => (
          <option key={v.number} value={v.number}>
            {v.effectiveFrom
              ? t('reader.versionOptionEffective', { number: v.number, date: date(v.effectiveFrom) })
              : t('reader.versionOption', { number: v.number, status: code('regulations:versionStatuses', v.status) })}
            {v.inForce ? ` · ${t('reader.inForceMark')}` : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function AsOfPicker({ asOf, onChange }: { asOf: string | null; onChange: (date: string | null) => void }) {
  const { t } = useTranslation('regulations');
  const [value, setValue] = useState(asOf ?? '');
  const id = useId();
  useEffect(() => setValue(asOf ?? ''), [asOf]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(parseIsoDate(value));
  };
  return (
    <form className="inline-field" onSubmit={submit}>
      <label htmlFor={id}>{t('reader.asOf')}</label>
      <input id={id} type="date" className="input--short" value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="button button--small">
        {t('reader.asOfApply')}
      </button>
    </form>
  );
}

function SearchBox({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const id = useId();
  return (
    <form
      role="search"
      className="inline-field reader__search"
      onSubmit={(event) => {
        event.preventDefault();
        if (q.trim()) void navigate(`/search?${new URLSearchParams({ q: q.trim(), regulationId: String(regulationId) })}`);
      }}
    >
      <label htmlFor={id}>{t('reader.search')}</label>
      <input id={id} type="search" value={q} placeholder={t('reader.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
      <button type="submit" className="button button--small">
        {t('reader.searchSubmit')}
      </button>
    </form>
  );
}

function Showing({ version, asOf, regulationId }: { version: Version; asOf: string | null; regulationId: number }) {
  const { t } = useTranslation('regulations');
  const { date, code } = useLocalized();
  return (
    <p className="reader__showing" role="status">
      {asOf && <>{t('reader.asOfNote', { date: date(asOf) })} </>}
      {version.effectiveFrom
        ? t('reader.showingEffective', { number: version.number, date: date(version.effectiveFrom) })
        : t('reader.showing', { number: version.number, status: code('regulations:versionStatuses', version.status) })}
      {version.inForce && <> · <strong>{t('reader.showingInForce')}</strong></>}
      {version.number > 1 && (
        <>
          {' · '}
          <Link to={`/regulations/${regulationId}/compare?from=${version.number - 1}&to=${version.number}`}>
            {t('reader.compareWithPrevious', { number: version.number - 1 })}
          </Link>
        </>
      )}
    </p>
  );
}

function CoverageSection({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation('regulations');
  const { pick } = useLocalized();
  const location = useLocation();
  return (
    <section className="section" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t('coverage.title')}</h2>
      <p>{t('coverage.summary', { cited: coverage.citedArticles, total: coverage.articles })}</p>
      {coverage.uncited.length === 0 ? (
        <p>{t('coverage.allCited')}</p>
      ) : (
        <>
          <p>{t('coverage.uncited')}</p>
          <ul className="uncited-list">
            {coverage.uncited.map((article) => {
              const heading = pick(article.headingVi, article.headingEn);
              return (
                <li key={article.aknId}>
                  <Link to={{ pathname: location.pathname, search: location.search, hash: article.aknId }} preventScrollReset>
                    {t('provision.article', { num: article.num })}
                    {heading.text && (
                      <>
                        . <span lang={heading.fallback ? 'vi' : undefined}>{heading.text}</span>
                      </>
                    )}
                  </Link>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** Brings the provision named in the address into view once the text is there, and gives it focus for keyboard users. */
function useScrollToTarget(targetId: string | null, ready: boolean) {
  useEffect(() => {
    if (!targetId || !ready) return;
    const element = document.getElementById(targetId);
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  }, [targetId, ready]);
}

export function TextReader({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const { language } = useLocalized();
  const { hasRole } = useSession();
  const { hash } = useLocation();
  const targetId = hash ? decodeURIComponent(hash.slice(1)) : null;
  const params = useReaderParams();
  const mode: TextMode = params.mode ?? language;
  const text = useRegulationText(regulationId, { version: params.version, asOf: params.asOf });
  const versions = useVersions(regulationId);
  const shown = text.data?.version;
  const coverage = useCoverage(regulationId, shown?.number);
  const isCoordinator = hasRole('coordinator');
  const editable = shown?.status === 'draft' && isCoordinator;
  const draft = versions.data?.find((v) => v.status === 'draft');
  const uncited = useMemo(() => new Set(coverage.data?.uncited.map((a) => a.aknId) ?? []), [coverage.data]);
  useScrollToTarget(targetId, text.isSuccess);

  const renderBadges = (provision: TextProvision) =>
    provision.kind === 'article' && uncited.has(provision.aknId) ? (
      <p className="provision__badges" lang={language}>
        <span className="badge badge--uncited">{t('coverage.badge')}</span>
      </p>
    ) : null;
  // The tools speak the interface's language, whatever the language of the text around them.
  const renderExtras = (provision: TextProvision) => (
    <div className="provision__extras" lang={language}>
      {provision.kind === 'article' && shown && !uncited.has(provision.aknId) && (
        <CitedBy regulationId={regulationId} number={shown.number} aknId={provision.aknId} />
      )}
      {editable && shown && <DraftProvisionTools regulationId={regulationId} number={shown.number} provision={provision} />}
    </div>
  );

  return (
    <>
      <section className="section reader" aria-labelledby="text">
        <h2 id="text">{t('sections.text')}</h2>
        <div className="reader__toolbar" role="group" aria-label={t('reader.toolbar')}>
          {versions.data && (
            <VersionPicker versions={versions.data} current={shown?.number} onChange={(n) => params.update({ version: String(n), asOf: null })} />
          )}
          <AsOfPicker asOf={params.asOf} onChange={(date) => params.update({ asOf: date, version: null })} />
          <LanguageToggle mode={mode} onChange={(next) => params.update({ show: next })} />
          <SearchBox regulationId={regulationId} />
        </div>
        {(params.version || params.asOf) && (
          <p className="reader__reset">
            <Link to={{ search: params.mode ? `?show=${params.mode}` : '' }}>{t('reader.today')}</Link>
          </p>
        )}
        {isCoordinator && versions.data && (
          <div className="reader__amend">
            {draft ? (
              shown?.number !== draft.number && (
                <Link className="button" to={{ search: `?version=${draft.number}` }}>
                  {t('draft.openDraft', { number: draft.number })}
                </Link>
              )
            ) : (
              <>
                <StartAmendment regulationId={regulationId} />
                <ImportText regulationId={regulationId} />
              </>
            )}
          </div>
        )}
        <QueryStatus query={text} />
        {text.data && shown && (
          <>
            <Showing version={shown} asOf={params.asOf} regulationId={regulationId} />
            {editable && <DraftBar regulationId={regulationId} number={shown.number} />}
            {mode === 'en' && lacksEnglish(text.data.chapters) && <p className="note">{t('provision.viOnly')}</p>}
            <div className={`reader__layout${mode === 'both' ? ' reader__layout--both' : ''}`}>
              <TableOfContents provisions={text.data.chapters} language={mode === 'both' ? language : mode} uncited={uncited} targetId={targetId} />
              <div className="reader__text">
                {mode === 'both' && (
                  <div className="bilingual bilingual__header" aria-hidden="true">
                    <span className="bilingual__col" lang="vi">
                      {t('reader.languageVi')}
                    </span>
                    <span className="bilingual__col" lang="en">
                      {t('reader.languageEn')}
                    </span>
                  </div>
                )}
                {text.data.chapters.length === 0 && <p>{t('reader.empty')}</p>}
                <ProvisionTree
                  provisions={text.data.chapters}
                  level={3}
                  mode={mode}
                  targetId={targetId}
                  renderBadges={renderBadges}
                  renderExtras={renderExtras}
                />
                {editable && <AddChapter regulationId={regulationId} number={shown.number} />}
              </div>
            </div>
          </>
        )}
      </section>
      {coverage.data && <CoverageSection coverage={coverage.data} />}
    </>
  );
}
