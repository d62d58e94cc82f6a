import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '@/lib/auth/session';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage } from '@/lib/ui/QueryState';
import { useGenerateSchedule } from '../api/regulations';
import { regulationWriterRoles } from '../access';

/**
 * Generates the regulation's review schedule from its policy (for the roles the API allows). Running it again
 * changes nothing the API has not planned anew; the answer says what it did and lists the schedule now.
 */
export function GenerateSchedule({ regulationId }: { regulationId: number }) {
  const { t } = useTranslation('regulations');
  const { hasRole } = useSession();
  const { month } = useLocalized();
  const generate = useGenerateSchedule(regulationId);
  if (!hasRole(...regulationWriterRoles)) return null;
  const result = generate.data;
  return (
    <div className="generate-schedule" role="region" aria-label={t('schedule.title')}>
      <h3 className="subheading">{t('schedule.title')}</h3>
      <p className="field__hint">{t('schedule.hint')}</p>
      <button type="button" className="button button--primary" disabled={generate.isPending} onClick={() => generate.mutate()}>
        {generate.isPending ? t('schedule.generating') : t('schedule.generate')}
      </button>
      {generate.error && <ErrorMessage error={generate.error} />}
      {result && (
        <div className="note note--ok" role="status">
          <p>{t('schedule.done', { created: result.created, updated: result.updated, unchanged: result.unchanged })}</p>
          <table className="table schedule-table">
            <thead>
              <tr>
                <th scope="col">{t('schedule.year')}</th>
                <th scope="col">{t('schedule.kind')}</th>
                <th scope="col">{t('schedule.host')}</th>
                <th scope="col">{t('schedule.month')}</th>
              </tr>
            </thead>
            <tbody>
              {result.reviews.map((review) => (
                <tr key={review.id} data-review={review.id}>
                  <td data-label={t('schedule.year')}>{review.periodYear}</td>
                  <td data-label={t('schedule.kind')}>{t(`schedule.kinds.${review.kind}`)}</td>
                  <td data-label={t('schedule.host')}>
                    <code>{review.hostAgencyCode}</code>
                  </td>
                  <td data-label={t('schedule.month')}>{review.plannedMonth ? month(review.plannedMonth) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link to="/reviews">{t('schedule.open')}</Link>
          </p>
        </div>
      )}
    </div>
  );
}
