import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '@/lib/i18n/localize';
import { useAllUnits, useUnitLabel } from '@/lib/reference/agencies';
import { useCitableProvisions, useRegulationChoices } from '../api/tasks';
import { citableProvisions } from '../citations';
import { classifications, taskFilterStatuses, taskSorts } from '@/lib/tasks/vocabulary';
import { defaultSort, type TaskFilters } from '../filters';
import { useCitationText } from './TaskParts';
import './tasks.css';

/** The list's filters; applied to the address bar on submit, so Back and bookmarks keep them. */
export function TaskFilterForm({ filters, onApply }: { filters: TaskFilters; onApply: (filters: TaskFilters) => void }) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const { language, pick } = useLocalized();
  const unitLabel = useUnitLabel();
  const [draft, setDraft] = useState<TaskFilters>(filters);
  const { agencies, units } = useAllUnits();
  const regulations = useRegulationChoices();
  const regulationForArticles = draft.regulationId ?? regulations.data?.[0]?.id ?? null;
  const text = useCitableProvisions(regulationForArticles);
  const provisions = text.data ? citableProvisions(text.data.chapters, language) : [];
  const citationText = useCitationText();

  const set = <K extends keyof TaskFilters>(key: K, value: TaskFilters[K] | '' | undefined) =>
    setDraft((d) => {
      const next = { ...d };
      if (value === '' || value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  function toggleStatus(status: TaskFilters['status'][number], checked: boolean) {
    setDraft((d) => ({ ...d, status: checked ? [...d.status, status] : d.status.filter((s) => s !== status) }));
  }

  const unitOptions = units.map((u) => (
    <option key={u.code} value={u.code}>
      {unitLabel(u)}
    </option>
  ));

  return (
    <form className="filter-form" onSubmit={submit} role="search" aria-label={t('filters.label')}>
      <div className="filter-form__grid">
        <div className="field filter-form__q">
          <label htmlFor="f-q">{t('filters.q')}</label>
          <input id="f-q" type="search" value={draft.q ?? ''} onChange={(e) => set('q', e.target.value)} placeholder={t('filters.qPlaceholder')} />
        </div>
        {(regulations.data?.length ?? 0) > 1 && (
          <div className="field">
            <label htmlFor="f-regulation">{t('fields.regulation')}</label>
            <select id="f-regulation" value={draft.regulationId ?? ''} onChange={(e) => set('regulationId', e.target.value ? Number(e.target.value) : '')}>
              <option value="">{tc('common.all')}</option>
              {regulations.data!.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.code}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="f-lead-agency">{t('filters.leadAgency')}</label>
          <select id="f-lead-agency" value={draft.leadAgency ?? ''} onChange={(e) => set('leadAgency', e.target.value)}>
            <option value="">{tc('common.all')}</option>
            {agencies.map((a) => (
              <option key={a.code} value={a.code}>
                {a.code} — {pick(a.nameVi, a.nameEn).text}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-lead-unit">{t('filters.leadUnit')}</label>
          <select id="f-lead-unit" value={draft.leadUnit ?? ''} onChange={(e) => set('leadUnit', e.target.value)}>
            <option value="">{tc('common.all')}</option>
            {unitOptions}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-counterpart">{t('filters.counterpartUnit')}</label>
          <select id="f-counterpart" value={draft.counterpartUnit ?? ''} onChange={(e) => set('counterpartUnit', e.target.value)}>
            <option value="">{tc('common.all')}</option>
            {unitOptions}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-article">{t('filters.article')}</label>
          <select id="f-article" value={draft.article ?? ''} onChange={(e) => set('article', e.target.value)}>
            <option value="">{tc('common.all')}</option>
            {draft.article && !provisions.some((p) => p.aknId === draft.article) && <option value={draft.article}>{citationText(draft.article)}</option>}
            {provisions.map((p) => (
              <option key={p.aknId} value={p.aknId}>
                {`${'\u00a0\u00a0'.repeat(p.depth)}${citationText(p.aknId)}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-year">{t('fields.planYear')}</label>
          <input
            id="f-year"
            type="number"
            inputMode="numeric"
            min={2000}
            max={2100}
            value={draft.planYear ?? ''}
            onChange={(e) => set('planYear', e.target.value ? Number(e.target.value) : '')}
          />
        </div>
        <div className="field">
          <label htmlFor="f-classification">{t('fields.classification')}</label>
          <select id="f-classification" value={draft.classification ?? ''} onChange={(e) => set('classification', e.target.value as TaskFilters['classification'])}>
            <option value="">{tc('common.all')}</option>
            {classifications.map((c) => (
              <option key={c} value={c}>
                {tc(`clearance.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-due-from">{t('filters.dueFrom')}</label>
          <input id="f-due-from" type="date" value={draft.dueFrom ?? ''} onChange={(e) => set('dueFrom', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-due-to">{t('filters.dueTo')}</label>
          <input id="f-due-to" type="date" value={draft.dueTo ?? ''} onChange={(e) => set('dueTo', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-sort">{t('filters.sort')}</label>
          <select id="f-sort" value={draft.sort} onChange={(e) => set('sort', (e.target.value || defaultSort) as TaskFilters['sort'])}>
            {taskSorts.map((s) => (
              <option key={s} value={s}>
                {t(`sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="checkbox-row">
        <legend>{t('fields.status')}</legend>
        {taskFilterStatuses.map((status) => (
          <label key={status} className="checkbox">
            <input type="checkbox" checked={draft.status.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
            {tc(`taskStatus.${status}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          {t('filters.apply')}
        </button>
        <button type="button" className="button" onClick={() => onApply({ status: [], sort: defaultSort })}>
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}
