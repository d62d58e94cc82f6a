import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { AuthorKindBadge, TaskStatusBadge } from '@/lib/ui/Badges';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { evaluationResults, useEvaluate, useEvaluateFromBaseline, useEvaluations, type Evaluation, type EvaluationResult, type Review } from '../api/reviews';
import { ResultBadge } from './parts';
import { evaluationProgress, mayEvaluate } from './reviewActions';

export const evaluationRowId = (taskId: number) => `evaluation-task-${taskId}`;

function EvaluationRow({ reviewId, row, editable }: { reviewId: number; row: Evaluation; editable: boolean }) {
  const { t } = useTranslation('reviews');
  const { pick, code } = useLocalized();
  const evaluate = useEvaluate(reviewId);
  const [result, setResult] = useState<EvaluationResult | ''>(row.result ?? '');
  const [comment, setComment] = useState(row.comment ?? '');
  const title = pick(row.task.titleVi, row.task.titleEn);
  const resultId = useId();
  const commentId = useId();
  const dirty = result !== (row.result ?? '') || comment !== (row.comment ?? '');
  const save = () => {
    if (result) evaluate.mutate({ taskId: row.task.id, etag: row.etag, result, comment: comment.trim() || null });
  };
  return (
    <tr id={evaluationRowId(row.task.id)} className={row.result ? 'evaluation--done' : 'evaluation--open'} data-task-code={row.task.code}>
      <th scope="row" data-label={t('grid.task')}>
        <Link to={`/tasks/${row.task.id}`} className="evaluation__task">
          <span className="code">{row.task.code}</span> <span lang={title.fallback ? 'vi' : undefined}>{title.text}</span>
        </Link>
      </th>
      <td data-label={t('grid.lead')}>
        <span className="code">{row.task.leadUnitCode}</span>
      </td>
      <td data-label={t('grid.status')}>
        <TaskStatusBadge status={row.task.status} overdue={row.task.overdue} />
      </td>
      <td data-label={t('grid.baseline')}>{row.baselineResult ? <ResultBadge result={row.baselineResult} /> : <span className="muted">—</span>}</td>
      <td data-label={t('grid.result')}>
        {editable ? (
          <>
            <label htmlFor={resultId} className="visually-hidden">
              {t('grid.resultFor', { code: row.task.code })}
            </label>
            <select id={resultId} value={result} onChange={(e) => setResult(e.target.value as EvaluationResult | '')} className="evaluation__select">
              <option value="">{t('results.choose')}</option>
              {evaluationResults.map((value) => (
                <option key={value} value={value}>
                  {code('reviews:results', value)}
                </option>
              ))}
            </select>
          </>
        ) : (
          <ResultBadge result={row.result} />
        )}
      </td>
      <td data-label={t('grid.comment')}>
        {editable ? (
          <>
            <label htmlFor={commentId} className="visually-hidden">
              {t('grid.commentFor', { code: row.task.code })}
            </label>
            <textarea id={commentId} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} className="evaluation__comment" />
          </>
        ) : (
          row.comment && <span className="pre-line">{row.comment}</span>
        )}
        {row.redacted && <p className="evaluation__redacted muted">{t('grid.redacted')}</p>}
        {row.evaluatedBy && (
          <p className="evaluation__by muted">
            {t('grid.evaluatedBy', { name: row.evaluatedBy })} <AuthorKindBadge kind={row.evaluatedByKind} />
          </p>
        )}
        {evaluate.isError && <ErrorMessage error={evaluate.error} />}
      </td>
      {editable && (
        <td data-label="">
          <button
            type="button"
            className="button button--small button--primary"
            disabled={!result || !dirty || evaluate.isPending}
            onClick={save}
            aria-label={t('grid.saveFor', { code: row.task.code })}
          >
            {evaluate.isPending ? t('grid.saving') : t('grid.save')}
          </button>
          <span className="evaluation__state" role="status">
            {dirty ? (result ? t('grid.unsaved') : '') : row.result ? `✓ ${t('grid.saved')}` : ''}
          </span>
        </td>
      )}
    </tr>
  );
}

/** The tasks of the review's period, a result and a comment each; each row is saved on its own. */
export function EvaluationGrid({ review }: { review: Review }) {
  const { t } = useTranslation('reviews');
  const evaluations = useEvaluations(review.id);
  const fromBaseline = useEvaluateFromBaseline(review.id);
  const editable = mayEvaluate(review);
  if (evaluations.isPending) return <Loading />;
  if (evaluations.isError) return <ErrorMessage error={evaluations.error} onRetry={() => void evaluations.refetch()} />;
  const rows = evaluations.data;
  const progress = evaluationProgress(rows);
  const hasBaseline = review.baselineReviewId != null;
  return (
    <>
      <div className="grid-tools">
        <p className="grid-tools__progress">
          <meter min={0} max={progress.total || 1} value={progress.evaluated} aria-hidden="true" />{' '}
          <span role="status">{t('grid.progress', { done: progress.evaluated, total: progress.total })}</span>
        </p>
        {editable && hasBaseline && progress.unevaluated.length > 0 && (
          <div className="grid-tools__baseline">
            <button type="button" className="button" disabled={fromBaseline.isPending} onClick={() => fromBaseline.mutate()}>
              {t('grid.fromBaseline')}
            </button>
            <p className="muted small">{t('grid.fromBaselineHint')}</p>
          </div>
        )}
      </div>
      {fromBaseline.isError && <ErrorMessage error={fromBaseline.error} />}
      {fromBaseline.isSuccess && (
        <p className="note note--ok" role="status">
          {t('grid.fromBaselineDone', { count: fromBaseline.data.filter((e) => e.result).length })}
        </p>
      )}
      {!editable && review.status !== 'concluded' && rows.length > 0 && <p className="muted">{t('grid.readOnly')}</p>}
      {rows.length === 0 ? (
        <p>{t('grid.noTasks')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--stacking evaluation-grid">
            <caption className="visually-hidden">{t('grid.caption', { year: review.periodYear })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('grid.task')}</th>
                <th scope="col">{t('grid.lead')}</th>
                <th scope="col">{t('grid.status')}</th>
                <th scope="col">{t('grid.baseline')}</th>
                <th scope="col">{t('grid.result')}</th>
                <th scope="col">{t('grid.comment')}</th>
                {editable && (
                  <th scope="col">
                    <span className="visually-hidden">{t('grid.save')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                // Keyed by what the server holds, so that a saved or copied result refreshes the row's form.
                <EvaluationRow key={`${row.task.id}-${row.result ?? ''}-${row.comment ?? ''}`} reviewId={review.id} row={row} editable={editable} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
