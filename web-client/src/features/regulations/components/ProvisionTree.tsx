import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '@/lib/i18n/localize';
import type { Provision } from '../api/regulations';
import './regulations.css';

type HeadingLevel = 2 | 3 | 4 | 5 | 6;

/** Which language(s) of the text to show: one of them, or both side by side. */
export type TextMode = UiLanguage | 'both';

interface TreeOptions {
  /** Omitted: the UI language. */
  mode?: TextMode;
  /** The provision the address points at (`#aknId`), marked so the eye finds it. */
  targetId?: string | null;
  /** What a screen adds under a provision's own text: editing tools, the tasks citing it. */
  renderExtras?: (provision: Provision) => ReactNode;
  /** What a screen adds after a heading: badges. */
  renderBadges?: (provision: Provision) => ReactNode;
}

const TreeContext = createContext<TreeOptions>({});

const bareNumber = /^(?:\d+[a-zđ]?|[IVXLCDM]+)$/i;

/** The printed label of a provision's number in one language: "Điều 4", "Article 4", "1.", "a)". */
function useLabel() {
  const { i18n } = useTranslation('regulations');
  return (provision: Provision, language: UiLanguage): string => {
    const t = i18n.getFixedT(language, 'regulations');
    const num = provision.num.trim();
    switch (provision.kind) {
      case 'chapter':
        return bareNumber.test(num) ? t('provision.chapter', { num }) : num;
      case 'article':
        return bareNumber.test(num) ? t('provision.article', { num }) : num;
      case 'clause':
        return /[.)]$/.test(num) ? num : `${num}.`;
      case 'point':
        return /[.)]$/.test(num) ? num : `${num})`;
      default:
        return num;
    }
  };
}

function useMode(): TextMode {
  const { mode } = useContext(TreeContext);
  const { i18n } = useTranslation();
  if (mode) return mode;
  return (i18n.resolvedLanguage ?? i18n.language)?.startsWith('en') ? 'en' : 'vi';
}

/** A heading or text in one language: English falls back to the authoritative Vietnamese, marked as such. */
function inLanguage(language: UiLanguage, vi: string | null | undefined, en: string | null | undefined) {
  if (language === 'en' && en) return { text: en, lang: 'en' as const, fallback: false };
  return { text: vi || null, lang: 'vi' as const, fallback: language === 'en' && !!vi };
}

function SummaryBadge({ language }: { language?: UiLanguage }) {
  const { t, i18n } = useTranslation('regulations');
  const fixed = language ? i18n.getFixedT(language, 'regulations') : t;
  return <span className="badge badge--summary">{fixed('provision.summaryBadge')}</span>;
}

const isListItem = (p: Provision) => p.kind === 'clause' || p.kind === 'point';

interface Placement {
  level: HeadingLevel;
  /** Whether the enclosing provision is a summary: its badge then covers this one too. */
  inSummary: boolean;
}

function summaryStarts(provision: Provision, { inSummary }: Placement): boolean {
  return provision.isSummary && !inSummary;
}

/** Clauses and points read as numbered lists; chapters and articles as headed sections. */
function ProvisionChildren({ provisions, placement }: { provisions: readonly Provision[]; placement: Placement }) {
  const groups: Provision[][] = [];
  for (const provision of provisions) {
    const last = groups.at(-1);
    if (last && isListItem(provision) && isListItem(last[0]!)) last.push(provision);
    else groups.push([provision]);
  }
  return (
    <>
      {groups.map((group) =>
        isListItem(group[0]!) ? (
          <ol className="provision-list" key={group[0]!.aknId}>
            {group.map((provision) => (
              <ListItemProvision key={provision.aknId} provision={provision} placement={placement} />
            ))}
          </ol>
        ) : (
          <HeadedProvision key={group[0]!.aknId} provision={group[0]!} placement={placement} />
        ),
      )}
    </>
  );
}

function targetClass(provision: Provision, targetId: string | null | undefined) {
  return provision.aknId === targetId ? ' provision--target' : '';
}

/** The number, heading and text of a clause or point in one language. */
function ListItemContent({
  provision,
  language,
  showBadge,
  children,
}: {
  provision: Provision;
  language: UiLanguage;
  showBadge: boolean;
  children?: ReactNode;
}) {
  const label = useLabel();
  const heading = inLanguage(language, provision.headingVi, provision.headingEn);
  const text = inLanguage(language, provision.textVi, provision.textEn);
  return (
    <>
      <span className="provision__num">{label(provision, language)}</span>
      <div className="provision__body">
        {heading.text && (
          <p className="provision__inline-heading" lang={heading.fallback ? 'vi' : undefined}>
            {heading.text}
          </p>
        )}
        {showBadge && <SummaryBadge language={language} />}
        {text.text && (
          <p className="provision__text" lang={text.fallback ? 'vi' : undefined}>
            {text.text}
          </p>
        )}
        {children}
      </div>
    </>
  );
}

function ListItemProvision({ provision, placement }: { provision: Provision; placement: Placement }) {
  const mode = useMode();
  const { targetId, renderExtras, renderBadges } = useContext(TreeContext);
  const badge = summaryStarts(provision, placement);
  return (
    <li
      className={`provision provision--${provision.kind}${mode === 'both' ? ' provision--both' : ''}${targetClass(provision, targetId)}`}
      id={provision.aknId}
      data-kind={provision.kind}
      tabIndex={-1}
    >
      {mode === 'both' ? (
        <>
          <div className="bilingual">
            <div className="bilingual__col provision__row" lang="vi">
              <ListItemContent provision={provision} language="vi" showBadge={badge} />
            </div>
            <div className="bilingual__col provision__row" lang="en">
              <ListItemContent provision={provision} language="en" showBadge={badge} />
            </div>
          </div>
          {renderBadges?.(provision)}
          {renderExtras?.(provision)}
          {provision.children.length > 0 && (
            <ProvisionChildren provisions={provision.children} placement={{ ...placement, inSummary: provision.isSummary }} />
          )}
        </>
      ) : (
        <ListItemContent provision={provision} language={mode} showBadge={badge}>
          {renderBadges?.(provision)}
          {renderExtras?.(provision)}
          {provision.children.length > 0 && (
            <ProvisionChildren provisions={provision.children} placement={{ ...placement, inSummary: provision.isSummary }} />
          )}
        </ListItemContent>
      )}
    </li>
  );
}

function HeadingContent({ provision, language }: { provision: Provision; language: UiLanguage }) {
  const label = useLabel();
  const heading = inLanguage(language, provision.headingVi, provision.headingEn);
  return (
    <>
      <span className="provision__num">
        {label(provision, language)}
        {provision.kind === 'article' && heading.text ? '.' : ''}
      </span>
      {heading.text && (
        <>
          {' '}
          <span className="provision__title" lang={heading.fallback ? 'vi' : undefined}>
            {heading.text}
          </span>
        </>
      )}
    </>
  );
}

function TextContent({ provision, language }: { provision: Provision; language: UiLanguage }) {
  const text = inLanguage(language, provision.textVi, provision.textEn);
  if (!text.text) return null;
  return (
    <p className="provision__text" lang={text.fallback ? 'vi' : undefined}>
      {text.text}
    </p>
  );
}

function HeadedProvision({ provision, placement }: { provision: Provision; placement: Placement }) {
  const mode = useMode();
  const { targetId, renderExtras, renderBadges } = useContext(TreeContext);
  const Heading = `h${placement.level}` as const;
  const headingId = `${provision.aknId}-heading`;
  const Element = provision.kind === 'chapter' ? 'section' : 'article';
  const badge = summaryStarts(provision, placement);
  return (
    <Element
      className={`provision provision--${provision.kind}${mode === 'both' ? ' provision--both' : ''}${targetClass(provision, targetId)}`}
      id={provision.aknId}
      data-kind={provision.kind}
      aria-labelledby={headingId}
      tabIndex={-1}
    >
      {mode === 'both' ? (
        <>
          <Heading id={headingId} className="provision__heading bilingual">
            <span className="bilingual__col" lang="vi">
              <HeadingContent provision={provision} language="vi" />
            </span>{' '}
            <span className="bilingual__col" lang="en">
              <HeadingContent provision={provision} language="en" />
            </span>
          </Heading>
          {badge && <SummaryBadge />}
          {(provision.textVi || provision.textEn) && (
            <div className="bilingual">
              <div className="bilingual__col" lang="vi">
                <TextContent provision={provision} language="vi" />
              </div>
              <div className="bilingual__col" lang="en">
                <TextContent provision={provision} language="en" />
              </div>
            </div>
          )}
        </>
      ) : (
        <>
          <Heading id={headingId} className="provision__heading">
            <HeadingContent provision={provision} language={mode} />
          </Heading>
          {badge && <SummaryBadge />}
          <TextContent provision={provision} language={mode} />
        </>
      )}
      {renderBadges?.(provision)}
      {renderExtras?.(provision)}
      {provision.children.length > 0 && (
        <ProvisionChildren
          provisions={provision.children}
          placement={{ level: Math.min(placement.level + 1, 6) as HeadingLevel, inSummary: provision.isSummary }}
        />
      )}
    </Element>
  );
}

export interface ProvisionTreeProps extends TreeOptions {
  provisions: readonly Provision[];
  level?: HeadingLevel;
}

/** The text of a regulation version: chapters, their articles, and nested clauses and points. */
export function ProvisionTree({ provisions, level = 3, ...options }: ProvisionTreeProps) {
  return (
    <TreeContext.Provider value={options}>
      <div
        className={`provision-tree${options.mode === 'both' ? ' provision-tree--both' : ''}`}
        lang={options.mode && options.mode !== 'both' ? options.mode : undefined}
      >
        <ProvisionChildren provisions={provisions} placement={{ level, inSummary: false }} />
      </div>
    </TreeContext.Provider>
  );
}

/** Whether any provision lacks the English text that the UI would show. */
export function lacksEnglish(provisions: readonly Provision[]): boolean {
  return provisions.some(
    (p) => (p.textVi && !p.textEn) || (p.headingVi && !p.headingEn) || lacksEnglish(p.children),
  );
}
