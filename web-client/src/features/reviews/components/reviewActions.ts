import type { Evaluation, Review } from '../api/reviews';

export type ReviewField = 'scheduledOn' | 'venue' | 'chairs' | 'attendees' | 'minutes' | 'reason';

export interface ReviewAction {
  /** The status the review moves to. */
  to: string;
  /** What the step records, in form order. */
  fields: readonly ReviewField[];
  /** Fields the form insists on before sending (the API validates again). */
  required: readonly ReviewField[];
  tone: 'primary' | 'neutral' | 'danger';
  /** The i18n key of its label under `actions`. */
  label: string;
}

// The lifecycle: planned → scheduled → held → concluded, with postponed and cancelled beside it.
const catalog: readonly ReviewAction[] = [
  { to: 'scheduled', fields: ['scheduledOn', 'venue', 'chairs'], required: ['scheduledOn'], tone: 'primary', label: 'scheduled' },
  { to: 'held', fields: ['attendees', 'minutes'], required: [], tone: 'primary', label: 'held' },
  { to: 'concluded', fields: [], required: [], tone: 'primary', label: 'concluded' },
  { to: 'postponed', fields: ['reason'], required: ['reason'], tone: 'neutral', label: 'postponed' },
  { to: 'cancelled', fields: ['reason'], required: ['reason'], tone: 'danger', label: 'cancelled' },
];

/**
 * The moves to offer: exactly those the API says this caller may make now (`allowedTransitions`),
 * in lifecycle order. A move this client does not know yet is still offered, without fields.
 */
export function availableActions(review: Pick<Review, 'allowedTransitions' | 'status'>): ReviewAction[] {
  const known = catalog
    .filter((action) => (review.allowedTransitions as readonly string[]).includes(action.to))
    .map((action) => (action.to === 'scheduled' && review.status === 'postponed' ? { ...action, label: 'rescheduled' } : action));
  const unknown = review.allowedTransitions
    .filter((to) => !catalog.some((action) => action.to === to))
    .map((to): ReviewAction => ({ to, fields: [], required: [], tone: 'neutral', label: to }));
  return [...known, ...unknown];
}

/** Concluding has its own panel (the plan preview, new tasks); the other moves are small forms. */
export function formActions(review: Pick<Review, 'allowedTransitions' | 'status'>): ReviewAction[] {
  return availableActions(review).filter((action) => action.to !== 'concluded');
}

export function mayConclude(review: Pick<Review, 'allowedTransitions'>): boolean {
  return review.allowedTransitions.includes('concluded');
}

/** Evaluations can be recorded while the API allows it and the review is not closed. */
export function mayEvaluate(review: Pick<Review, 'mayEvaluate' | 'status'>): boolean {
  return review.mayEvaluate && review.status !== 'concluded' && review.status !== 'cancelled';
}

export function evaluationProgress(rows: readonly Pick<Evaluation, 'result' | 'task'>[]) {
  const unevaluated = rows.filter((row) => !row.result);
  return { total: rows.length, evaluated: rows.length - unevaluated.length, unevaluated };
}

/** The values a step's form starts from: what the review already records. */
export function initialValues(review: Review, action: ReviewAction): Record<ReviewField, string> {
  const values: Record<ReviewField, string> = { scheduledOn: '', venue: '', chairs: '', attendees: '', minutes: '', reason: '' };
  for (const field of action.fields) {
    if (field === 'reason') continue;
    values[field] = review[field] ?? '';
  }
  return values;
}
