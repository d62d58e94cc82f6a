import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '@/lib/api/problem';
import { CommentsPanel } from '@/lib/collaboration/CommentsPanel';
import { Field, UnplacedErrors } from '@/lib/forms/Field';
import { placeFieldErrors, problemFieldErrors } from '@/lib/forms/fieldErrors';
import { useLocalized } from '@/lib/i18n/localize';
import { PrintHeader } from '@/lib/ui/PrintHeader';
import { ErrorMessage, Loading } from '@/lib/ui/QueryState';
import { useDocumentTitle } from '@/lib/ui/useDocumentTitle';
import { useRegulationList, useReview, useReviews, useTransition, type RegulationSummary, type Review, type ReviewTransitionRequest } from '../api/reviews';
import { AdoptedPlan, ConclusionPanel } from './Conclusion';
import { DocumentsPanel } from './DocumentsPanel';
import { EvaluationGrid } from './EvaluationGrid';
import { MinutesPanel } from './MinutesPanel';
import { HostBadge, ReviewStatusBadge, useReviewTitle } from './parts';
import { formActions, initialValues, mayConclude, type ReviewAction, type ReviewField } from './reviewActions';
import './reviews.css';

function Details({ review, regulation }: { review: Review; regulation: RegulationSummary | undefined }) {
  const { t } = useTranslation('reviews');
  const { date, month, pick } = useLocalized();
  const title = regulation ? pick(regulation.titleVi, regulation.titleEn) : null;
  const reviews = useReviews();
  const baseline = reviews.data?.find((r) => r.id === review.baselineReviewId);
  const row = (label: string, value: ReactNode) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </div>
    ) : null;
  return (
    <dl className="facts">
      {row(
        t('fields.regulation'),
        regulation && (
          <Link to={`/regulations/${regulation.id}`}>
            {regulation.code} · <span lang={title?.fallback ? 'vi' : undefined}>{title?.text}</span>
          </Link>
        ),
      )}
      {row(t('fields.period'), String(review.periodYear))}
      {row(t('fields.host'), <HostBadge code={review.hostAgencyCode} parties={regulation?.parties ?? []} />)}
      {row(t('fields.status'), <ReviewStatusBadge status={review.status} />)}
      {row(
        review.scheduledOn ? t('fields.date') : t('fields.planned'),
        review.scheduledOn ? (
          <time dateTime={review.scheduledOn}>{date(review.scheduledOn)}</time>
        ) : review.plannedMonth ? (
          t('fields.plannedValue', { month: month(review.plannedMonth), year: review.periodYear })
        ) : null,
      )}
      {row(t('fields.venue'), review.venue)}
      {row(t('fields.chairs'), review.chairs)}
      {row(t('fields.attendees'), review.attendees && <span className="pre-line">{review.attendees}</span>)}
      {row(t('fields.minutes'), review.minutes && <span className="pre-line">{review.minutes}</span>)}
      {row(t('fields.reason'), review.statusReason)}
      {row(
        t('fields.baseline'),
        review.baselineReviewId && (
          <Link to={`/reviews/${review.baselineReviewId}`}>
            {baseline ? t('workspace.baselineLink', { year: baseline.periodYear }) : `#${review.baselineReviewId}`}
          </Link>
        ),
      )}
      {row(t('fields.adoptedPlanYear'), review.adoptedPlanYear && t('workspace.planLink', { year: review.adoptedPlanYear }))}
    </dl>
  );
}

const fieldInputs: Record<ReviewField, 'date' | 'text' | 'textarea'> = {
  scheduledOn: 'date',
  venue: 'text',
  chairs: 'text',
  attendees: 'textarea',
  minutes: 'textarea',
  reason: 'textarea',
};

function ActionForm({ review, action, onDone }: { review: Review; action: ReviewAction; onDone: () => void }) {
  const { t } = useTranslation('reviews');
  const transition = useTransition(review.id);
  const [values, setValues] = useState(() => initialValues(review, action));
  const id = useId();
  const error = transition.error;
  const { byField, unplaced } = placeFieldErrors(problemFieldErrors(error), action.fields);
  const label = t(`actions.${action.label}` as 'actions.held', { defaultValue: action.label });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string | null> = {};
    for (const field of action.fields) body[field] = values[field].trim() || null;
    transition.mutate({ to: action.to as ReviewTransitionRequest['to'], ...body }, { onSuccess: onDone });
  };
  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="action-form__title">
        {label}
      </p>
      {error && !(error instanceof ApiError && error.status === 400) && <ErrorMessage error={error} />}
      <UnplacedErrors errors={unplaced} />
      {action.fields.map((field) => {
        const required = action.required.includes(field);
        return (
          <Field
            key={field}
            label={
              <>
                {t(`fields.${field}`)}
                {required && <span className="required"> ({t('actions.required')})</span>}
              </>
            }
            errors={byField[field]}
          >
            {(control) => {
              const common = {
                ...control,
                value: values[field],
                required,
                onChange: (e: { target: { value: string } }) => setValues({ ...values, [field]: e.target.value }),
              };
              return fieldInputs[field] === 'textarea' ? (
                <textarea rows={field === 'minutes' ? 5 : 3} {...common} />
              ) : (
                <input type={fieldInputs[field]} {...common} />
              );
            }}
          </Field>
        );
      })}
      <div className="form-actions">
        <button type="submit" className={`button ${action.tone === 'danger' ? 'button--danger' : 'button--primary'}`} disabled={transition.isPending}>
          {label}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('actions.close')}
        </button>
      </div>
    </form>
  );
}

/** The lifecycle moves the API allows this person now; concluding has its own panel below the grid. */
function LifecycleActions({ review }: { review: Review }) {
  const { t } = useTranslation('reviews');
  const [open, setOpen] = useState<string | null>(null);
  const actions = formActions(review);
  const action = actions.find((a) => a.to === open);
  if (actions.length === 0) {
    return mayConclude(review) ? null : (
      <p className="muted">
        {t('workspace.noActions')} {t('workspace.hostManages', { agency: review.hostAgencyCode })}
      </p>
    );
  }
  return (
    <div className="lifecycle">
      {action ? (
        <ActionForm review={review} action={action} onDone={() => setOpen(null)} />
      ) : (
        <div className="form-actions">
          {actions.map((a) => (
            <button
              key={a.to}
              type="button"
              className={`button ${a.tone === 'danger' ? 'button--danger' : a.tone === 'primary' ? 'button--primary' : ''}`}
              onClick={() => setOpen(a.to)}
            >
              {t(`actions.${a.label}` as 'actions.held', { defaultValue: a.label })}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function Workspace({ review }: { review: Review }) {
  const { t } = useTranslation('reviews');
  const regulations = useRegulationList();
  const regulation = regulations.data?.find((r) => r.id === review.regulationId);
  const title = useReviewTitle()(review, regulation?.signedOn);
  useDocumentTitle(title);
  const concluded = review.status === 'concluded';
  return (
    <article className="page review-workspace" aria-labelledby="review-title">
      <PrintHeader codes={[regulation?.code, title]} />
      <header className="page__header">
        <p className="eyebrow">
          {regulation?.code} · {t(`kinds.${review.kind}` as 'kinds.annual', { defaultValue: review.kind })}
        </p>
        <h1 id="review-title">{title}</h1>
        <p className="review-workspace__status">
          <ReviewStatusBadge status={review.status} /> <HostBadge code={review.hostAgencyCode} parties={regulation?.parties ?? []} />
        </p>
      </header>
      <section className="section" aria-labelledby="review-details">
        <h2 id="review-details">{t('workspace.details')}</h2>
        <Details review={review} regulation={regulation} />
      </section>
      {!concluded && (formActions(review).length > 0 || !mayConclude(review)) && (
        <section className="section" aria-labelledby="review-actions">
          <h2 id="review-actions">{t('workspace.actions')}</h2>
          <LifecycleActions review={review} />
        </section>
      )}
      <section className="section" aria-labelledby="review-grid">
        <h2 id="review-grid">{t('grid.title')}</h2>
        <EvaluationGrid review={review} />
      </section>
      {concluded ? <AdoptedPlan review={review} /> : mayConclude(review) && <ConclusionPanel review={review} />}
      <MinutesPanel review={review} parties={regulation?.parties ?? []} />
      <DocumentsPanel reviewId={review.id} />
      <CommentsPanel target={{ kind: 'review', id: review.id }} />
    </article>
  );
}

export function ReviewWorkspacePage() {
  const { t } = useTranslation('reviews');
  const raw = useParams().id;
  const id = Number(raw);
  const valid = Number.isSafeInteger(id) && id > 0;
  return (
    <div className="page-frame">
      <p className="breadcrumb">
        <Link to="/reviews">← {t('workspace.back')}</Link>
      </p>
      {valid ? <LoadedReview id={id} /> : <ErrorMessage error={new Error(`#${raw}`)} />}
    </div>
  );
}

function LoadedReview({ id }: { id: number }) {
  const review = useReview(id);
  if (review.isPending) return <Loading />;
  if (review.isError) return <ErrorMessage error={review.error} onRetry={() => void review.refetch()} />;
  return <Workspace review={review.data} />;
}
