import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { UiLanguage } from '@/lib/i18n/localize';
import type { TextProvision } from '../api/text';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

function entryLabel(provision: TextProvision, language: UiLanguage, t: (key: 'provision.chapter' | 'provision.article', options: { num: string }) => string) {
  const heading = language === 'en' ? provision.headingEn || provision.headingVi : provision.headingVi;
  const num = provision.kind === 'chapter' ? t('provision.chapter', { num: provision.num }) : t('provision.article', { num: provision.num });
  return heading ? (provision.kind === 'article' ? `${num}. ${heading}` : `${num} ${heading}`) : num;
}

interface Props {
  provisions: readonly TextProvision[];
  language: UiLanguage;
  uncited: ReadonlySet<string>;
  targetId: string | null;
}

function Entries({ provisions, language, uncited, targetId }: Props) {
  const { t, i18n } = useTranslation('regulations');
  const fixed = i18n.getFixedT(language, 'regulations');
  const location = useLocation();
  const shown = provisions.filter((p) => p.kind === 'chapter' || p.kind === 'article');
  if (shown.length === 0) return null;
  return (
    <ol>
      {shown.map((provision) => (
        <li key={provision.aknId} className={`toc__${provision.kind}`}>
          <Link
            to={{ pathname: location.pathname, search: location.search, hash: provision.aknId }}
            preventScrollReset
            aria-current={provision.aknId === targetId ? 'location' : undefined}
            lang={language}
          >
            {entryLabel(provision, language, (key, options) => fixed(key, options))}
            {uncited.has(provision.aknId) && (
              <span className="toc__uncited" title={t('reader.uncitedMark')}>
                <span aria-hidden="true"> ○</span>
                <span className="visually-hidden"> ({t('reader.uncitedMark')})</span>
              </span>
            )}
          </Link>
          {provision.kind === 'chapter' && <Entries {...{ provisions: provision.children, language, uncited, targetId }} />}
        </li>
      ))}
    </ol>
  );
}

/** Chapters and articles, each a link to its anchor; beside the text on wide screens, folded above it on phones. */
export function TableOfContents(props: Props) {
  const { t } = useTranslation('regulations');
  const wide = useMediaQuery('(min-width: 900px)');
  return (
    <nav className="reader__toc toc" aria-label={t('reader.toc')}>
      {wide ? (
        <>
          <p className="toc__title" aria-hidden="true">
            {t('reader.toc')}
          </p>
          <Entries {...props} />
        </>
      ) : (
        <details>
          <summary>{t('reader.tocToggle')}</summary>
          <Entries {...props} />
        </details>
      )}
    </nav>
  );
}
