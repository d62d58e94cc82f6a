import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { formFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { flattenUnits, useUnitLabel, type UnitNode } from '@/lib/reference/agencies';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useCreateUnit, useUnit, useUpdateUnit, type Unit } from '../api/registry';
import { childTiers, emptyUnit, toUnitRequest, unitSchema, unitToForm, type UnitValues } from '../forms';
import { OtherError, RegistryFormEnd, StaleNotice, useSubmissionKey } from './parts';

/** An agency's ministry unit stays its root: it keeps the ministry tier. */
const rootTiers = ['ministry'] as const;

const fields = ['code', 'agencyCode', 'parentCode', 'tier', 'nameVi', 'nameEn', 'active', 'id'];

/** The codes of a unit and of everything under it: a unit moves under none of them. */
function subtreeCodes(nodes: readonly UnitNode[], code: string): Set<string> {
  for (const node of nodes) {
    if (node.code === code) {
      const found = new Set<string>();
      const walk = (n: UnitNode) => {
        found.add(n.code);
        n.children.forEach(walk);
      };
      walk(node);
      return found;
    }
    const below = subtreeCodes(node.children, code);
    if (below.size > 0) return below;
  }
  return new Set();
}

/** The one unit form, for create (under a chosen parent) and edit (code and agency fixed; move, re-tier, retire). */
function UnitFields({
  initial,
  tree,
  editing,
  isRoot,
  error,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: UnitValues;
  tree: readonly UnitNode[];
  editing: boolean;
  isRoot: boolean;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (values: UnitValues) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const unitLabel = useUnitLabel();
  const { register, handleSubmit, formState } = useForm<UnitValues>({ resolver: zodResolver(unitSchema), defaultValues: initial });
  const { errorsFor, unplaced } = formFieldErrors(formState.errors, problemFieldErrors(error), fields);
  const excluded = editing ? subtreeCodes(tree, initial.code) : new Set<string>();
  const parents = flattenUnits(tree, initial.agencyCode).filter((u) => !excluded.has(u.code));
  return (
    <form onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <OtherError error={error} />
      <UnplacedErrors errors={unplaced} />
      <div className="form-grid">
        <Field label={t('unit.code')} errors={errorsFor('code')} hint={t('unit.codeHint')}>
          {(p) => <input {...p} {...register('code')} readOnly={editing} autoComplete="off" autoCapitalize="characters" spellCheck={false} />}
        </Field>
        <Field label={t('unit.parent')} errors={errorsFor('parentCode')} hint={isRoot ? t('unit.rootParent') : undefined}>
          {(p) =>
            isRoot ? (
              <input {...p} value="" readOnly />
            ) : (
              <select {...p} {...register('parentCode')}>
                {parents.map((u) => (
                  <option key={u.code} value={u.code}>
                    {unitLabel(u)}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <Field label={t('unit.tier')} errors={errorsFor('tier')}>
          {(p) => (
            <select {...p} {...register('tier')}>
              {(isRoot ? rootTiers : childTiers).map((tier) => (
                <option key={tier} value={tier}>
                  {tc(`unitTier.${tier}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('unit.nameVi')} errors={errorsFor('nameVi')}>
          {(p) => <input {...p} {...register('nameVi')} lang="vi" />}
        </Field>
        <Field label={t('unit.nameEn')} errors={errorsFor('nameEn')}>
          {(p) => <input {...p} {...register('nameEn')} lang="en" />}
        </Field>
      </div>
      <RegistryFormEnd
        active={editing ? { input: register('active'), label: t('unit.active'), hint: t('unit.activeHint') } : undefined}
        pending={pending}
        submitLabel={submitLabel}
        onCancel={onCancel}
      />
    </form>
  );
}

export function CreateUnitForm({
  agencyCode,
  parentCode,
  tree,
  onDone,
  onCancel,
}: {
  agencyCode: string;
  parentCode: string;
  tree: readonly UnitNode[];
  onDone: (unit: Unit) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('registry');
  const create = useCreateUnit();
  const keyFor = useSubmissionKey();
  return (
    <section className="card registry-form" aria-label={t('unit.createTitle', { parent: parentCode })}>
      <h3>{t('unit.createTitle', { parent: parentCode })}</h3>
      <UnitFields
        initial={emptyUnit(agencyCode, parentCode)}
        tree={tree}
        editing={false}
        isRoot={false}
        error={create.error}
        pending={create.isPending}
        submitLabel={t('unit.create')}
        onCancel={onCancel}
        onSubmit={(values) => {
          const body = toUnitRequest(values);
          create.mutate({ body, idempotencyKey: keyFor(body) }, { onSuccess: onDone });
        }}
      />
    </section>
  );
}

/** Edits a unit as read just now (GET with its ETag). */
export function EditUnitForm({ code, tree, onDone, onCancel }: { code: string; tree: readonly UnitNode[]; onDone: (unit: Unit) => void; onCancel: () => void }) {
  const { t } = useTranslation('registry');
  const { t: tc } = useTranslation();
  const unit = useUnit(code);
  const update = useUpdateUnit(code);
  const [generation, setGeneration] = useState(0);
  return (
    <section className="card registry-form" aria-label={t('unit.editTitle', { code })}>
      <h3>{t('unit.editTitle', { code })}</h3>
      <QueryStatus query={unit} retry={false} />
      <StaleNotice
        error={update.error}
        onReload={() =>
          void unit.refetch().then(() => {
            update.reset();
            setGeneration((g) => g + 1);
          })
        }
      />
      {unit.data && (
        <UnitFields
          key={`${generation}-${unit.data.etag}`}
          initial={unitToForm(unit.data.value)}
          tree={tree}
          editing
          isRoot={!unit.data.value.parentCode}
          error={update.error}
          pending={update.isPending}
          submitLabel={tc('common.save')}
          onCancel={onCancel}
          onSubmit={(values) => update.mutate({ body: toUnitRequest(values, unit.data.value.id), etag: unit.data.etag }, { onSuccess: onDone })}
        />
      )}
    </section>
  );
}
