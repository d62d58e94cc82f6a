import { useTranslation } from 'react-i18next';
import { ApiError } from '@/lib/api/problem';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

/** Shows what went wrong in the API's own words: the problem document's title and detail. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem?.title ?? t('common.errorTitle');
  const detail = problem ? problem.detail : error instanceof Error ? error.message : undefined;
  const fieldErrors = Object.entries(problem?.errors ?? {});
  // The same request will get the same 4xx answer; retrying only helps with failures of the moment.
  const retryable = !(error instanceof ApiError && error.status >= 400 && error.status < 500);
  return (
    <div className="error-message" role="alert">
      <p className="error-message__title">{title}</p>
      {detail && <p>{detail}</p>}
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map(([field, messages]) => (
            <li key={field}>
              <code>{field}</code>: {messages.join(' ')}
            </li>
          ))}
        </ul>
      )}
      {problem?.traceId && (
        <p className="error-message__trace">
          {t('common.traceId')}: <code>{problem.traceId}</code>
        </p>
      )}
      {onRetry && retryable && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** What a query shows while it has no data: loading, or its error with a retry button (`retry={false}` for none). */
export function QueryStatus({ query, retry = true }: { query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown }; retry?: boolean }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorMessage error={query.error} onRetry={retry ? () => void query.refetch() : undefined} />;
  return null;
}
