import { useLocalized } from '@/lib/i18n/localize';
import type { Provision } from '../api/regulations';

type HeadingLevel = 2 | 3 | 4 | 5 | 6;

const bareNumber = /^(?:\d+[a-zđ]?|[IVXLCDM]+)$/i;

function useProvisionLabel() {
  const { t } = useLocalized();
  return (provision: Provision): string => {
    const num = provision.num.trim();
    switch (provision.kind) {
      case 'chapter':
        return bareNumber.test(num) ? t('regulations.provision.chapter', { num }) : num;
      case 'article':
        return bareNumber.test(num) ? t('regulations.provision.article', { num }) : num;
      case 'clause':
        return /[.)]$/.test(num) ? num : `${num}.`;
      case 'point':
        return /[.)]$/.test(num) ? num : `${num})`;
      default:
        return num;
    }
  };
}

function SummaryBadge() {
  const { t } = useLocalized();
  return <span className="badge badge--summary">{t('regulations.provision.summaryBadge')}</span>;
}

function ProvisionText({ provision }: { provision: Provision }) {
  const { pick } = useLocalized();
  const text = pick(provision.textVi, provision.textEn);
  if (!text.text) return null;
  return (
    <p className="provision__text" lang={text.fallback ? 'vi' : undefined}>
      {text.text}
    </p>
  );
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

function ListItemProvision({ provision, placement }: { provision: Provision; placement: Placement }) {
  const label = useProvisionLabel();
  const { pick } = useLocalized();
  const heading = pick(provision.headingVi, provision.headingEn).text;
  return (
    <li className={`provision provision--${provision.kind}`} id={provision.aknId} data-kind={provision.kind}>
      <span className="provision__num">{label(provision)}</span>
      <div className="provision__body">
        {heading && <p className="provision__inline-heading">{heading}</p>}
        {summaryStarts(provision, placement) && <SummaryBadge />}
        <ProvisionText provision={provision} />
        {provision.children.length > 0 && (
          <ProvisionChildren provisions={provision.children} placement={{ ...placement, inSummary: provision.isSummary }} />
        )}
      </div>
    </li>
  );
}

function HeadedProvision({ provision, placement }: { provision: Provision; placement: Placement }) {
  const label = useProvisionLabel();
  const { pick } = useLocalized();
  const heading = pick(provision.headingVi, provision.headingEn);
  const Heading = `h${placement.level}` as const;
  const headingId = `${provision.aknId}-heading`;
  const Element = provision.kind === 'chapter' ? 'section' : 'article';
  return (
    <Element
      className={`provision provision--${provision.kind}`}
      id={provision.aknId}
      data-kind={provision.kind}
      aria-labelledby={headingId}
    >
      <Heading id={headingId} className="provision__heading">
        <span className="provision__num">
          {label(provision)}
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
      </Heading>
      {summaryStarts(provision, placement) && <SummaryBadge />}
      <ProvisionText provision={provision} />
      {provision.children.length > 0 && (
        <ProvisionChildren
          provisions={provision.children}
          placement={{ level: Math.min(placement.level + 1, 6) as HeadingLevel, inSummary: provision.isSummary }}
        />
      )}
    </Element>
  );
}

/** The text of a regulation version: chapters, their articles, and nested clauses and points. */
export function ProvisionTree({ provisions, level = 3 }: { provisions: readonly Provision[]; level?: HeadingLevel }) {
  return (
    <div className="provision-tree">
      <ProvisionChildren provisions={provisions} placement={{ level, inSummary: false }} />
    </div>
  );
}

/** Whether any provision lacks the English text that the UI would show. */
export function lacksEnglish(provisions: readonly Provision[]): boolean {
  return provisions.some(
    (p) => (p.textVi && !p.textEn) || (p.headingVi && !p.headingEn) || lacksEnglish(p.children),
  );
}
