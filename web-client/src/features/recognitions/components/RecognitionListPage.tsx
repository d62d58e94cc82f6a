import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useAgencies } from '@/lib/reference/agencies';
import { useRecognitions, type Recognition, type RecognitionFilters } from '../api/recognitions';
import { useAgencyName } from './parts';
import './recognitions.css';

function parseFilters(params: URLSearchParams): RecognitionFilters {
  const year = Number(params.get('year'));
  return {
    awardingAgency: params.get('awardingAgency') || null,
    recipientAgency: params.get('recipientAgency') || null,
    year: Number.isInteger(year) && year > 0 ? year : null,
  };
}

function Filters({ filters, years }: { filters: RecognitionFilters; years: readonly number[] }) {
  const { t } = useTranslation('recognitions');
  const { pick } = useLocalized();
  const agencies = useAgencies();
  const [, setSearchParams] = useSearchParams();
  const [form, setForm] = useState({
    awardingAgency: filters.awardingAgency ?? '',
    recipientAgency: filters.recipientAgency ?? '',
    year: filters.year ? String(filters.year) : '',
  });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearchParams(Object.fromEntries(Object.entries(form).filter(([, value]) => value)));
  };
  const agencySelect = (name: 'awardingAgency' | 'recipientAgency') => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{t(name)}</label>
      <select id={`${id}-${name}`} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })}>
        <option value="">{t('all')}</option>
        {(agencies.data ?? []).map((agency) => (
          <option key={agency.code} value={agency.code}>
            {agency.code} · {pick(agency.nameVi, agency.nameEn).text}
          </option>
        ))}
      </select>
    </div>
  );
  const active = !!(filters.awardingAgency || filters.recipientAgency || filters.year);
  return (
    <form className="recognition-filters" onSubmit={submit} aria-label={t('filters')}>
      {agencySelect('awardingAgency')}
      {agencySelect('recipientAgency')}
      <div className="field">
        <label htmlFor={`${id}-year`}>{t('year')}</label>
        <select id={`${id}-year`} value={form.year} onChange={(e) => setForm({ ...form, year: e.target.value })}>
          <option value="">{t('all')}</option>
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          {t('apply')}
        </button>
        {active && (
          <Link className="button" to="/recognitions">
            {t('reset')}
          </Link>
        )}
      </div>
    </form>
  );
}

function RecognitionRow({ recognition }: { recognition: Recognition }) {
  const { t } = useTranslation('recognitions');
  const { pick, date } = useLocalized();
  const agencyName = useAgencyName();
  const r = recognition.recipient;
  const award = pick(recognition.awardVi, recognition.awardEn);
  const rank = pick(r.rankVi, r.rankEn).text;
  const position = pick(r.positionVi, r.positionEn);
  const unit = pick(r.unitNameVi, r.unitNameEn);
  const occasion = pick(recognition.occasionVi, recognition.occasionEn);
  const name = r.fullName ?? unit.text ?? r.unitCode ?? '';
  return (
    <tr>
      <th scope="row" data-label={t('columns.recipient')}>
        <Link to={`/recognitions/${recognition.id}`} aria-label={t('detailFor', { name })}>
          {name}
        </Link>
        {rank && <span className="recipient__rank">{rank}</span>}
        {position.text && (
          <span className="recipient__position" lang={position.fallback ? 'vi' : undefined}>
            {position.text}
          </span>
        )}
      </th>
      <td data-label={t('columns.unit')}>
        {unit.text && <span lang={unit.fallback ? 'vi' : undefined}>{unit.text}</span>}
        <span className="code"> ({r.agencyCode})</span>
      </td>
      <td data-label={t('columns.award')}>
        <span lang={award.fallback ? 'vi' : undefined}>{award.text}</span>
      </td>
      <td data-label={t('columns.awardedBy')}>
        <abbr title={agencyName(recognition.awardingAgencyCode)}>{recognition.awardingAgencyCode}</abbr>
      </td>
      <td data-label={t('columns.date')}>
        <time dateTime={recognition.awardedOn}>{date(recognition.awardedOn)}</time>
      </td>
      <td data-label={t('columns.occasion')}>
        <span lang={occasion.fallback ? 'vi' : undefined}>{occasion.text}</span>
      </td>
    </tr>
  );
}

export function RecognitionListPage() {
  const { t } = useTranslation('recognitions');
  useDocumentTitle(t('title'));
  const [searchParams] = useSearchParams();
  const filters = parseFilters(searchParams);
  const recognitions = useRecognitions(filters);
  // The years to offer come from the whole list (cached: the same query when no filter is set).
  const all = useRecognitions({});
  const years = [...new Set((all.data ?? []).map((r) => Number(r.awardedOn.slice(0, 4))))].sort((a, b) => b - a);
  return (
    <div className="page recognitions-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <Filters key={searchParams.toString()} filters={filters} years={years} />
      <QueryStatus query={recognitions} />
      {recognitions.data && (
        <>
          <p role="status" className="muted">
            {recognitions.data.length === 0 ? t('empty') : t('count', { count: recognitions.data.length })}
          </p>
          {recognitions.data.length > 0 && (
            <table className="table table--stacking recognition-table">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('columns.recipient')}</th>
                  <th scope="col">{t('columns.unit')}</th>
                  <th scope="col">{t('columns.award')}</th>
                  <th scope="col">{t('columns.awardedBy')}</th>
                  <th scope="col">{t('columns.date')}</th>
                  <th scope="col">{t('columns.occasion')}</th>
                </tr>
              </thead>
              <tbody>
                {recognitions.data.map((recognition) => (
                  <RecognitionRow key={recognition.id} recognition={recognition} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
