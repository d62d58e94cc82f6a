import { useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { NavLink } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import type { FieldControlProps } from '@/lib/forms/Field';
import { newIdempotencyKey } from '@/lib/forms/fieldErrors';
import { useAgencyUnits, useUnitLabel } from '@/lib/reference/agencies';
import { ErrorMessage } from '@/lib/ui/QueryState';

/**
 * The Idempotency-Key of a create form: one per submission, kept while the same body is sent again (a retry after a
 * lost answer replays the first result instead of creating a twin), new once the body changes.
 */
export function useSubmissionKey(): (body: unknown) => string {
  const attempt = useRef<{ body: string; key: string } | null>(null);
  return (body) => {
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    return attempt.current.key;
  };
}

/** A refusal the fields do not show: field errors (400, and a 409 for a taken code) sit under their inputs, a 412 has its own notice. */
export function OtherError({ error }: { error: unknown }) {
  if (!error || (error instanceof ApiError && (error.status === 412 || error.problem.errors))) return null;
  return <ErrorMessage error={error} />;
}

/** Someone else changed the record since it was read (412): reload it before editing on. */
export function StaleNotice({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation('registry');
  if (!(error instanceof ApiError && error.status === 412)) return null;
  return (
    <div className="error-message" role="alert">
      <p className="error-message__title">{t('stale.title')}</p>
      <p>{t('stale.text')}</p>
      <button type="button" className="button" onClick={onReload}>
        {t('stale.reload')}
      </button>
    </div>
  );
}

/** An agency's, unit's or person's state: nothing said while active, a badge once retired. */
export function RetiredBadge({ active, label }: { active: boolean; label: string }) {
  return active ? null : <span className="badge badge--inactive">{label}</span>;
}

/**
 * A unit picker whose options arrive after the form (the agency's unit tree is read on its own): controlled, so a value
 * set before its option exists is kept rather than dropped by the browser.
 */
export function UnitSelect({
  agencyCode,
  value,
  onChange,
  emptyLabel,
  control,
}: {
  agencyCode: string;
  value: string;
  onChange: (value: string) => void;
  emptyLabel: string;
  control: FieldControlProps & { name: string; onBlur: () => void; ref: Ref<HTMLSelectElement> };
}) {
  const units = useAgencyUnits(agencyCode);
  const unitLabel = useUnitLabel();
  const known = units.data?.some((u) => u.code === value) ?? false;
  return (
    <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{emptyLabel}</option>
      {value && !known && <option value={value}>{value}</option>}
      {units.data?.map((u) => (
        <option key={u.code} value={u.code}>
          {unitLabel(u)}
        </option>
      ))}
    </select>
  );
}

/** The register's two lists, side by side under one menu entry. */
export function RegistryTabs() {
  const { t } = useTranslation('registry');
  return (
    <nav className="registry-tabs" aria-label={t('tabs.label')}>
      <NavLink to="/registry" end>
        {t('tabs.agencies')}
      </NavLink>
      <NavLink to="/registry/persons">{t('tabs.persons')}</NavLink>
    </nav>
  );
}

/**
 * The end of every registry form: the "active" checkbox (when editing: unchecking it retires the record) and the
 * submit and cancel buttons.
 */
export function RegistryFormEnd({
  active,
  pending,
  submitLabel,
  onCancel,
}: {
  active?: { input: UseFormRegisterReturn; label: string; hint: string };
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
}) {
  const { t: tc } = useTranslation();
  return (
    <>
      {active && (
        <div className="checkbox-row">
          <label className="checkbox">
            <input type="checkbox" {...active.input} />
            {active.label}
          </label>
          <p className="field__hint">{active.hint}</p>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? tc('common.saving') : submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {tc('common.cancel')}
        </button>
      </div>
    </>
  );
}
