import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/problem';
import { newIdempotencyKey, placeFieldErrors, problemFieldErrors } from './fieldErrors';

describe('placing the API’s field errors on the form', () => {
  const fields = ['titleVi', 'citations', 'citations[0].aknId', 'citations[1].aknId', 'counterpartUnitCodes', 'counterpartUnitCodes[0]', 'contacts[0].email'];

  it('puts an error on the input of the same name', () => {
    const { byField, unplaced } = placeFieldErrors({ 'citations[1].aknId': ['Not an article.'], titleVi: ['Required.'] }, fields);
    expect(byField).toEqual({ 'citations[1].aknId': ['Not an article.'], titleVi: ['Required.'] });
    expect(unplaced).toEqual({});
  });

  it('ignores the case of the server’s names', () => {
    expect(placeFieldErrors({ TitleVi: ['Required.'], 'Citations[0].AknId': ['Bad.'] }, fields).byField).toEqual({
      titleVi: ['Required.'],
      'citations[0].aknId': ['Bad.'],
    });
  });

  it('falls back to the nearest enclosing input the form has', () => {
    const { byField } = placeFieldErrors({ 'counterpartUnitCodes[3]': ['Not the same tier.'], 'citations[5].versionId': ['Unknown version.'] }, fields);
    expect(byField).toEqual({ counterpartUnitCodes: ['Not the same tier.'], citations: ['Unknown version.'] });
  });

  it('joins the messages of several keys that land on one input', () => {
    const { byField } = placeFieldErrors({ 'counterpartUnitCodes[4]': ['A.'], counterpartUnitCodes: ['B.'] }, fields);
    expect(byField.counterpartUnitCodes).toEqual(['A.', 'B.']);
  });

  it('keeps what no input takes, to show above the form', () => {
    const { byField, unplaced } = placeFieldErrors({ regulationId: ['No such regulation.'], '': ['Whole request.'] }, fields);
    expect(byField).toEqual({});
    expect(unplaced).toEqual({ regulationId: ['No such regulation.'], '': ['Whole request.'] });
  });

  it('reads the errors of a 400 problem only', () => {
    const invalid = new ApiError(400, { title: 'Invalid', errors: { titleVi: ['Required.'] } });
    expect(problemFieldErrors(invalid)).toEqual({ titleVi: ['Required.'] });
    expect(problemFieldErrors(new ApiError(409, { title: 'Conflict' }))).toEqual({});
    expect(problemFieldErrors(new Error('network'))).toEqual({});
    expect(problemFieldErrors(null)).toEqual({});
  });
});

describe('idempotency keys', () => {
  it('are version 4 UUIDs, new each time', () => {
    const a = newIdempotencyKey();
    const b = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
