import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { useUnitTree, type UnitNode } from '@/lib/reference/agencies';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { mayManageAgencies, mayManageMembers } from '../access';
import { useAgency } from '../api/registry';
import { FirstAdminPanel } from './FirstAdminPanel';
import { RetiredBadge } from './parts';
import { CreateUnitForm, EditUnitForm } from './UnitForms';
import './registry.css';

type Open = { kind: 'create'; parent: string } | { kind: 'edit'; code: string } | null;

interface TreeProps {
  tree: readonly UnitNode[];
  agencyCode: string;
  editable: boolean;
  open: Open;
  setOpen: (open: Open) => void;
  onSaved: (message: string) => void;
}

function UnitBranch({ node, props }: { node: UnitNode; props: TreeProps }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const { pick } = useLocalized();
  const { open, setOpen, editable } = props;
  const name = pick(node.nameVi, node.nameEn);
  return (
    <li className="unit-tree__item" data-unit={node.code}>
      <div className={`unit-tree__row${node.active ? '' : ' unit-tree__row--retired'}`}>
        <span className={`tier tier--${node.tier}`}>{tc(`unitTier.${node.tier}`)}</span>
        <code className="unit-tree__code">{node.code}</code>
        <span className="unit-tree__name" lang={name.lang}>
          {name.text}
        </span>
        <RetiredBadge active={node.active} label={t('agencies.retired')} />
        {editable && (
          <span className="unit-tree__actions">
            {node.active && (
              <button type="button" className="button button--small" onClick={() => setOpen({ kind: 'create', parent: node.code })} aria-label={t('agency.addUnitAria', { code: node.code })}>
                {t('agency.addUnit')}
              </button>
            )}
            <button type="button" className="button button--small" onClick={() => setOpen({ kind: 'edit', code: node.code })} aria-label={t('agency.editUnitAria', { code: node.code })}>
              {t('agency.editUnit')}
            </button>
          </span>
        )}
      </div>
      {open?.kind === 'create' && open.parent === node.code && (
        <CreateUnitForm
          agencyCode={props.agencyCode}
          parentCode={node.code}
          tree={props.tree}
          onCancel={() => setOpen(null)}
          onDone={(unit) => {
            setOpen(null);
            props.onSaved(t('unit.created', { code: unit.code }));
          }}
        />
      )}
      {open?.kind === 'edit' && open.code === node.code && (
        <EditUnitForm
          code={node.code}
          tree={props.tree}
          onCancel={() => setOpen(null)}
          onDone={(unit) => {
            setOpen(null);
            props.onSaved(t('unit.saved', { code: unit.code }));
          }}
        />
      )}
      {node.children.length > 0 && (
        <ul className="unit-tree__children">
          {node.children.map((child) => (
            <UnitBranch key={child.code} node={child} props={props} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** One agency: its names, its unit tree by tier (with the unit forms for those who keep it) and its first admin. */
export function AgencyPage() {
  // Agency codes are capitals; an address typed in lower case shows the same agency.
  const code = (useParams().code ?? '').toUpperCase();
  const { t } = useTranslation('registry');
  const { pick } = useLocalized();
  const { me } = useSession();
  const agency = useAgency(code);
  const tree = useUnitTree(code);
  const [open, setOpen] = useState<Open>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const value = agency.data?.value;
  const title = value ? `${value.code} — ${pick(value.nameVi, value.nameEn).text ?? ''}` : code;
  useDocumentTitle(title);
  const editable = mayManageMembers(me, code) && Boolean(value?.active);

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/registry">{t('agency.back')}</Link>
      </p>
      <header className="page__header">
        <h1>
          {title} {value && <RetiredBadge active={value.active} label={t('agencies.retired')} />}
        </h1>
        {value && (
          <p className="lead" lang={pick(value.nameVi, value.nameEn).lang === 'vi' ? 'en' : 'vi'}>
            {pick(value.nameVi, value.nameEn).lang === 'vi' ? value.nameEn : value.nameVi}
          </p>
        )}
        <p>
          <Link to={`/registry/persons?agency=${encodeURIComponent(code)}`}>{t('agency.persons')}</Link>
        </p>
      </header>
      <QueryStatus query={agency} retry={false} />
      {saved && (
        <p className="note note--ok" role="status">
          {saved}
        </p>
      )}
      {value && (
        <section aria-labelledby="units-title">
          <h2 id="units-title">{t('agency.units')}</h2>
          {!mayManageMembers(me, code) && <p className="muted">{t('agency.readOnly', { agency: code })}</p>}
          <QueryStatus query={tree} />
          {tree.data && (
            <ul className="unit-tree">
              {tree.data.map((node) => (
                <UnitBranch
                  key={node.code}
                  node={node}
                  props={{
                    tree: tree.data,
                    agencyCode: code,
                    editable,
                    open,
                    setOpen: (next) => {
                      setOpen(next);
                      setSaved(null);
                    },
                    onSaved: setSaved,
                  }}
                />
              ))}
            </ul>
          )}
        </section>
      )}
      {value && mayManageAgencies(me) && <FirstAdminPanel agency={value} />}
    </div>
  );
}
