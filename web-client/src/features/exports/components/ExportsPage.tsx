import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/auth/session';
import { vocabulary, type Schemas } from '@/lib/api/vocabulary';
import { useLocalized } from '@/lib/i18n/localize';
import { useUnitLabel } from '@/lib/reference/agencies';
import { classifications, taskFilterStatuses, taskSorts } from '@/lib/tasks/vocabulary';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useDownloadExport, useExportChoices } from '../api/exports';
import { datasetsFor, formats, type Dataset, type FilterSpec, type FilterValues, type Format } from '../datasets';
import './exports.css';

const reviewStatuses = vocabulary<Schemas['ReviewStatus']>()(['planned', 'scheduled', 'held', 'concluded', 'postponed', 'cancelled']);

function FilterInput({ filter, value, onChange, choices }: { filter: FilterSpec; value: string | string[] | undefined; onChange: (v: string | string[]) => void; choices: ReturnType<typeof useExportChoices> }) {
  const { t } = useTranslation('exports');
  const { t: tc } = useTranslation();
  const { pick } = useLocalized();
  const unitLabel = useUnitLabel();
  const id = `export-${filter.name}`;
  const label = `${String(t(`filters.${filter.name}` as never, { defaultValue: filter.name }))}${filter.required ? ' *' : ''}`;
  const text = typeof value === 'string' ? value : '';
  const select = (options: { value: string; label: string }[]) => (
    <select id={id} value={text} onChange={(e) => onChange(e.target.value)} required={filter.required}>
      {!filter.required && <option value="">{filter.kind === 'sort' ? t('sorts.due') : tc('common.all')}</option>}
      {filter.required && <option value="">—</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );

  if (filter.kind === 'taskStatus') {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className="checkbox-row field--wide">
        <legend>{label}</legend>
        {taskFilterStatuses.map((s) => (
          <label key={s} className="checkbox">
            <input type="checkbox" checked={list.includes(s)} onChange={(e) => onChange(e.target.checked ? [...list, s] : list.filter((x) => x !== s))} />
            {tc(`taskStatus.${s}` as never)}
          </label>
        ))}
      </fieldset>
    );
  }

  let control;
  switch (filter.kind) {
    case 'agency':
      control = select(choices.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${pick(a.nameVi, a.nameEn).text ?? ''}` })));
      break;
    case 'regulation':
      control = select(choices.regulations.map((r) => ({ value: String(r.id), label: `${r.code} — ${pick(r.titleVi, r.titleEn).text ?? ''}` })));
      break;
    case 'unit':
      control = select(choices.units.map((u) => ({ value: u.code, label: unitLabel(u) })));
      break;
    case 'classification':
      control = select(classifications.map((c) => ({ value: c, label: tc(`clearance.${c}` as never) })));
      break;
    case 'sort':
      control = select(taskSorts.filter((s) => s !== 'due').map((s) => ({ value: s, label: t(`sorts.${s}` as never) })));
      break;
    case 'reviewStatus':
      control = select(reviewStatuses.map((s) => ({ value: s, label: t(`reviewStatuses.${s}` as never) })));
      break;
    default: {
      const type = filter.kind === 'int' ? 'number' : filter.kind === 'date' ? 'date' : filter.kind === 'datetime' ? 'datetime-local' : 'text';
      control = <input id={id} type={type} inputMode={filter.kind === 'int' ? 'numeric' : undefined} value={text} onChange={(e) => onChange(e.target.value)} />;
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control}
    </div>
  );
}

function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function ExportsPage() {
  const { t } = useTranslation('exports');
  const { language } = useLocalized();
  const { me } = useSession();
  const available = datasetsFor(me?.roles);
  const [datasetName, setDatasetName] = useState<Dataset['name']>(available[0]?.name ?? 'tasks');
  const [format, setFormat] = useState<Format>('csv');
  const [values, setValues] = useState<FilterValues>({});
  const choices = useExportChoices();
  const download = useDownloadExport();
  useDocumentTitle(t('title'));

  const dataset = available.find((d) => d.name === datasetName) ?? available[0];
  const missing = dataset?.filters.filter((f) => f.required && !values[f.name]) ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!dataset || missing.length > 0) return;
    download.mutate({ dataset, format, values });
  }

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('title')}</h1>
        <p className="lead">{t('intro')}</p>
      </header>
      {!dataset ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <form className="section export-form" onSubmit={submit}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="export-dataset">{t('dataset')}</label>
              <select
                id="export-dataset"
                value={dataset.name}
                onChange={(e) => {
                  setDatasetName(e.target.value as Dataset['name']);
                  setValues({});
                  download.reset();
                }}
              >
                {available.map((d) => (
                  <option key={d.name} value={d.name}>
                    {t(`datasets.${d.name}.label`)}
                  </option>
                ))}
              </select>
              <p className="field__hint">{t(`datasets.${dataset.name}.hint`)}</p>
            </div>
            <fieldset className="radio-row">
              <legend>{t('format')}</legend>
              {formats.map((f) => (
                <label key={f} className="checkbox">
                  <input type="radio" name="format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                  {t(`formats.${f}`)}
                </label>
              ))}
            </fieldset>
          </div>
          <h2 className="subheading">{t('filtersTitle')}</h2>
          <div className="filter-form__grid">
            {dataset.filters.map((filter) => (
              <FilterInput
                key={`${dataset.name}-${filter.name}`}
                filter={filter}
                value={values[filter.name]}
                choices={choices}
                onChange={(v) => setValues((current) => ({ ...current, [filter.name]: v }))}
              />
            ))}
          </div>
          {format === 'csv' && <p className="field__hint">{t('csvHint')}</p>}
          {missing.length > 0 && <p className="field__error">{t('required')}</p>}
          {download.isError && <ErrorMessage error={download.error} />}
          {download.data && (
            <p className="note note--ok" role="status">
              {t('done', { filename: download.data.filename, size: formatBytes(download.data.bytes, language) })}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={download.isPending || missing.length > 0}>
              {download.isPending ? t('downloading') : t('download')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
