import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLocalized } from '@/lib/i18n/localize';
import { ErrorMessage, QueryStatus } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useCreateFeedToken, useRegulationList, useReviews, type RegulationSummary, type Review } from '../api/reviews';
import { HostBadge, ReviewStatusBadge, useReviewTitle } from './parts';
import './reviews.css';

/** The order of a schedule: by year, the annual review before the preliminary one of the same year. */
const kindOrder: Record<string, number> = { annual: 0, preliminary: 1, extraordinary: 2 };

export function scheduleOrder(a: Review, b: Review): number {
  return a.periodYear - b.periodYear || (kindOrder[a.kind] ?? 9) - (kindOrder[b.kind] ?? 9) || a.id - b.id;
}

function ReviewItem({ review, regulation }: { review: Review; regulation: RegulationSummary | undefined }) {
  const { t } = useTranslation('reviews');
  const { date, month } = useLocalized();
  const title = useReviewTitle();
  const parties = regulation?.parties ?? [];
  const preliminary = review.kind === 'preliminary';
  const years = regulation ? review.periodYear - Number(regulation.signedOn.slice(0, 4)) : null;
  return (
    <li className={`timeline__item${preliminary ? ' timeline__item--preliminary' : ''} timeline__item--${review.status}`}>
      <p className="timeline__year" aria-hidden="true">
        {review.periodYear}
      </p>
      <div className="timeline__card card">
        <p className="timeline__badges">
          <span className={`badge badge--kind-${review.kind}`}>
            {preliminary && years ? t('timeline.preliminaryMark', { count: years }) : t(`kinds.${review.kind}` as 'kinds.annual', { defaultValue: review.kind })}
          </span>
          <ReviewStatusBadge status={review.status} />
        </p>
        <h3 className="timeline__title">
          <Link to={`/reviews/${review.id}`}>{title(review, regulation?.signedOn)}</Link>
        </h3>
        <dl className="facts facts--inline">
          <div>
            <dt>{t('fields.host')}</dt>
            <dd>
              <HostBadge code={review.hostAgencyCode} parties={parties} />
            </dd>
          </div>
          <div>
            <dt>{review.scheduledOn ? t('fields.date') : t('fields.planned')}</dt>
            <dd>
              {review.scheduledOn ? (
                <time dateTime={review.scheduledOn}>{date(review.scheduledOn)}</time>
              ) : review.plannedMonth ? (
                t('fields.plannedValue', { month: month(review.plannedMonth), year: review.periodYear })
              ) : (
                review.periodYear
              )}
            </dd>
          </div>
          {review.venue && (
            <div>
              <dt>{t('fields.venue')}</dt>
              <dd>{review.venue}</dd>
            </div>
          )}
          {review.statusReason && (
            <div>
              <dt>{t('fields.reason')}</dt>
              <dd>{review.statusReason}</dd>
            </div>
          )}
        </dl>
      </div>
    </li>
  );
}

function RegulationSchedule({ reviews, regulation }: { reviews: Review[]; regulation: RegulationSummary | undefined }) {
  const { t } = useTranslation('reviews');
  const { pick } = useLocalized();
  const title = regulation ? pick(regulation.titleVi, regulation.titleEn) : null;
  const headingId = useId();
  const hosts = reviews.filter((r) => r.kind === 'annual').sort(scheduleOrder);
  return (
    <section className="section schedule" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {regulation ? (
          <>
            <span className="code">{regulation.code}</span> <span lang={title?.fallback ? 'vi' : undefined}>{title?.text}</span>
          </>
        ) : (
          `#${reviews[0]?.regulationId}`
        )}
      </h2>
      <div className="schedule__tools">
        {hosts.length > 1 && (
          <p className="schedule__rotation">
            {t('timeline.rotation')}{' '}
            {hosts.map((review, index) => (
              <span key={review.id}>
                {index > 0 && <span aria-hidden="true"> → </span>}
                <span className={`host-dot host--${(regulation?.parties.indexOf(review.hostAgencyCode) ?? -1) + 1 || 'other'}`}>
                  {review.hostAgencyCode}
                </span>
              </span>
            ))}
          </p>
        )}
        <Link className="button" to={`/reviews/summary?regulationId=${reviews[0]?.regulationId}`}>
          {t('timeline.summary')}
        </Link>
      </div>
      <ol className="timeline">
        {[...reviews].sort(scheduleOrder).map((review) => (
          <ReviewItem key={review.id} review={review} regulation={regulation} />
        ))}
      </ol>
    </section>
  );
}

function CalendarFeed() {
  const { t } = useTranslation('reviews');
  const create = useCreateFeedToken();
  const [copied, setCopied] = useState(false);
  const feedId = useId();
  const personalId = useId();
  const feedUrl = `${window.location.origin}/api/v1/reviews.ics`;
  const personal = create.data ? `${window.location.origin}${create.data.feedUrl}` : null;
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="section calendar-feed" aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title">{t('calendar.title')}</h2>
      <p>{t('calendar.intro')}</p>
      <div className="field">
        <label htmlFor={feedId}>{t('calendar.feedUrl')}</label>
        <input id={feedId} className="copy-field" readOnly value={feedUrl} onFocus={(e) => e.currentTarget.select()} />
      </div>
      {personal ? (
        <div className="calendar-feed__token" role="status">
          <p>{t('calendar.tokenIntro')}</p>
          <div className="field">
            <label htmlFor={personalId}>{t('calendar.personalUrl')}</label>
            <div className="copy-row">
              <input id={personalId} className="copy-field" readOnly value={personal} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" className="button button--small" onClick={() => void copy(personal)}>
                {t('calendar.copy')}
              </button>
            </div>
          </div>
          {copied && <p className="muted">{t('calendar.copied')}</p>}
        </div>
      ) : (
        <button type="button" className="button" disabled={create.isPending} onClick={() => create.mutate()}>
          {t('calendar.createToken')}
        </button>
      )}
      {create.isError && <ErrorMessage error={create.error} />}
    </section>
  );
}

export function ReviewTimelinePage() {
  const { t } = useTranslation('reviews');
  useDocumentTitle(t('timeline.title'));
  const reviews = useReviews();
  const regulations = useRegulationList();
  const byRegulation = new Map<number, Review[]>();
  for (const review of reviews.data ?? []) byRegulation.set(review.regulationId, [...(byRegulation.get(review.regulationId) ?? []), review]);
  return (
    <div className="page reviews-page">
      <h1>{t('timeline.title')}</h1>
      <p className="lead">{t('timeline.intro')}</p>
      <QueryStatus query={reviews} />
      {reviews.isSuccess && reviews.data.length === 0 && <p>{t('timeline.empty')}</p>}
      {[...byRegulation.entries()].map(([regulationId, list]) => (
        <RegulationSchedule key={regulationId} reviews={list} regulation={regulations.data?.find((r) => r.id === regulationId)} />
      ))}
      <CalendarFeed />
    </div>
  );
}
