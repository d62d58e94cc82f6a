import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/session';
import { EvidencePanel } from '@/lib/collaboration/EvidencePanel';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { newIdempotencyKey, placeFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { AuthorName } from '@/lib/ui/Badges';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useReportProgress, useTaskReports, type Task } from '../api/tasks';
import { todayInHanoi } from '../today';
import { ProgressMeter } from './TaskParts';
import './tasks.css';

const reportFields = ['reportDate', 'percent', 'narrative', 'reportingUnitCode'] as const;

export function ProgressReportForm({ task }: { task: Task }) {
  const { t } = useTranslation('tasks');
  const { pick } = useLocalized();
  const { me } = useSession();
  const id = useId();
  const units = [task.leadUnit, ...task.counterpartUnits];
  const ownUnit = units.find((u) => u.code === me?.unitCode)?.code;
  const [reportDate, setReportDate] = useState(todayInHanoi);
  const [percent, setPercent] = useState(String(task.progress));
  const [narrative, setNarrative] = useState('');
  const [unitCode, setUnitCode] = useState(ownUnit ?? task.leadUnit.code);
  const [done, setDone] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const report = useReportProgress(task.id);
  const { byField, unplaced } = placeFieldErrors(problemFieldErrors(report.error), reportFields);
  const otherError = report.error instanceof ApiError && report.error.status === 400 ? null : report.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const body = { reportDate, percent: Number(percent), narrative: narrative.trim(), reportingUnitCode: unitCode };
    const json = JSON.stringify(body);
    // The same submission retried keeps its key, so a lost answer cannot record the report twice.
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey() };
    report.mutate(
      { body, idempotencyKey: attempt.current.key },
      {
        onSuccess: () => {
          setNarrative('');
          setDone(true);
          attempt.current = null;
        },
      },
    );
  }

  return (
    <form className="report-form card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('reports.new')}</h3>
      {otherError && <ErrorMessage error={otherError} />}
      <UnplacedErrors errors={unplaced} />
      {done && (
        <p className="note note--ok" role="status">
          {t('reports.saved')}
        </p>
      )}
      <div className="form-grid">
        <Field label={t('reports.date')} errors={byField.reportDate}>
          {(p) => <input {...p} type="date" name="reportDate" value={reportDate} max={todayInHanoi()} onChange={(e) => setReportDate(e.target.value)} required />}
        </Field>
        <Field label={t('reports.percent')} errors={byField.percent} hint={t('reports.percentHint', { current: task.progress })}>
          {(p) => (
            <input {...p} type="number" name="percent" inputMode="numeric" min={0} max={100} step={1} value={percent} onChange={(e) => setPercent(e.target.value)} required />
          )}
        </Field>
        <Field label={t('reports.unit')} errors={byField.reportingUnitCode}>
          {(p) => (
            <select {...p} name="reportingUnitCode" value={unitCode} onChange={(e) => setUnitCode(e.target.value)}>
              {units.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.code} — {pick(u.nameVi, u.nameEn).text}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('reports.narrative')} errors={byField.narrative}>
        {(p) => <textarea {...p} name="narrative" rows={4} maxLength={10000} value={narrative} onChange={(e) => setNarrative(e.target.value)} required />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={report.isPending}>
          {report.isPending ? t('saving') : t('reports.submit')}
        </button>
      </div>
    </form>
  );
}

/** The reports, newest first, each with its evidence files (uploaded by those who may report). */
export function ProgressReportList({ taskId, mayUpload = false }: { taskId: number; mayUpload?: boolean }) {
  const { t } = useTranslation('tasks');
  const { date } = useLocalized();
  const reports = useTaskReports(taskId);
  if (reports.isPending) return <Loading />;
  if (reports.isError) return <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />;
  if (reports.data.length === 0) return <p className="empty">{t('reports.empty')}</p>;
  const sorted = [...reports.data].sort((a, b) => b.reportDate.localeCompare(a.reportDate) || b.id - a.id);
  return (
    <table className="table table--stacking">
      <caption className="visually-hidden">{t('reports.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.date')}</th>
          <th scope="col">{t('reports.unit')}</th>
          <th scope="col">{t('reports.percent')}</th>
          <th scope="col">{t('reports.narrative')}</th>
          <th scope="col">{t('reports.by')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.id}>
            <td data-label={t('reports.date')}>{date(r.reportDate)}</td>
            <td data-label={t('reports.unit')}>
              <span className="code">{r.reportingUnitCode}</span>
            </td>
            <td data-label={t('reports.percent')}>
              <ProgressMeter percent={r.percent} />
              {r.isCorrection && <span className="badge badge--correction">{t('reports.correction')}</span>}
            </td>
            <td data-label={t('reports.narrative')} className="pre-line">
              {r.redacted ? <span className="muted">{t('history.redacted')}</span> : r.narrative}
              {r.attachmentName && <span className="muted"> · {r.attachmentName}</span>}
              {!r.redacted && <EvidencePanel owner={{ kind: 'report', taskId, reportId: r.id }} mayUpload={mayUpload} />}
            </td>
            <td data-label={t('reports.by')}>
              <AuthorName name={r.createdBy} kind={r.createdByKind} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
