import { describe, expect, it } from 'vitest';
import type { Evaluation, Review } from '../api/reviews';
import { availableActions, evaluationProgress, formActions, initialValues, mayConclude, mayEvaluate } from './reviewActions';

function review(overrides: Partial<Review>): Review {
  return {
    id: 3,
    regulationId: 1,
    kind: 'annual',
    periodYear: 2024,
    hostAgencyCode: 'MPS',
    status: 'held',
    allowedTransitions: [],
    mayEvaluate: false,
    updatedAt: '2024-11-24T09:00:00Z',
    venue: 'Hà Nội',
    chairs: 'Lãnh đạo hai Bộ',
    scheduledOn: '2024-11-24',
    ...overrides,
  };
}

describe('review actions', () => {
  it('offers nothing when the API allows nothing (not the host, or a closed review)', () => {
    expect(availableActions(review({ allowedTransitions: [] }))).toEqual([]);
    expect(mayConclude(review({ allowedTransitions: [] }))).toBe(false);
  });

  it('offers exactly the allowed moves, in lifecycle order, with what each records', () => {
    const actions = availableActions(review({ status: 'scheduled', allowedTransitions: ['cancelled', 'held', 'postponed'] }));
    expect(actions.map((a) => a.to)).toEqual(['held', 'postponed', 'cancelled']);
    expect(actions[0]!.fields).toEqual(['attendees', 'minutes']);
    expect(actions[1]!.required).toEqual(['reason']);
    expect(actions[2]!.tone).toBe('danger');
  });

  it('calls scheduling a postponed review rescheduling', () => {
    const [action] = availableActions(review({ status: 'postponed', allowedTransitions: ['scheduled'] }));
    expect(action).toMatchObject({ to: 'scheduled', label: 'rescheduled', required: ['scheduledOn'] });
    expect(availableActions(review({ status: 'planned', allowedTransitions: ['scheduled'] }))[0]!.label).toBe('scheduled');
  });

  it('keeps concluding out of the small forms: it has its own panel', () => {
    const held = review({ allowedTransitions: ['concluded'] });
    expect(mayConclude(held)).toBe(true);
    expect(formActions(held)).toEqual([]);
  });

  it('still offers a move this client does not know', () => {
    expect(availableActions(review({ allowedTransitions: ['reopened'] as unknown as Review['allowedTransitions'] }))).toEqual([
      { to: 'reopened', fields: [], required: [], tone: 'neutral', label: 'reopened' },
    ]);
  });

  it('lets evaluations be recorded only while allowed and open', () => {
    expect(mayEvaluate(review({ mayEvaluate: true, status: 'held' }))).toBe(true);
    expect(mayEvaluate(review({ mayEvaluate: false, status: 'held' }))).toBe(false);
    expect(mayEvaluate(review({ mayEvaluate: true, status: 'concluded' }))).toBe(false);
    expect(mayEvaluate(review({ mayEvaluate: true, status: 'cancelled' }))).toBe(false);
  });

  it('starts a form from what the review already records, never from an old reason', () => {
    const r = review({ status: 'planned', allowedTransitions: ['scheduled', 'postponed'], statusReason: 'old' });
    const [schedule, postpone] = availableActions(r);
    expect(initialValues(r, schedule!)).toMatchObject({ scheduledOn: '2024-11-24', venue: 'Hà Nội', chairs: 'Lãnh đạo hai Bộ' });
    expect(initialValues(r, postpone!).reason).toBe('');
  });

  it('counts the tasks still to evaluate', () => {
    const rows = [
      { task: { id: 1 }, result: 'achieved' },
      { task: { id: 2 }, result: null },
      { task: { id: 3 } },
    ] as unknown as Evaluation[];
    const progress = evaluationProgress(rows);
    expect(progress.total).toBe(3);
    expect(progress.evaluated).toBe(1);
    expect(progress.unevaluated).toHaveLength(2);
  });
});
