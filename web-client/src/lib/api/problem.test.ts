import { describe, expect, it } from 'vitest';
import { ApiError, isProblemDocument, unwrap } from './problem';

const response = (status: number, statusText = '') => new Response(null, { status, statusText });

describe('unwrap', () => {
  it('returns the data of a successful answer', () => {
    expect(unwrap({ data: { items: [] }, response: response(200) })).toEqual({ items: [] });
  });

  it('throws an ApiError carrying the problem document of a failed answer', () => {
    const problem = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      detail: 'The request is invalid.',
      traceId: '00-trace-00',
      errors: { limit: ['Must be between 1 and 100.'] },
    };
    let thrown: unknown;
    try {
      unwrap({ error: problem, response: response(400) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    const apiError = thrown as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.problem).toEqual(problem);
    expect(apiError.message).toBe('The request is invalid.');
  });

  it('takes the HTTP status when the problem document omits it', () => {
    expect(() => unwrap({ error: { title: 'Not Found' }, response: response(404) })).toThrow(
      expect.objectContaining({ status: 404, problem: { title: 'Not Found', status: 404 } }),
    );
  });

  it('makes a problem of an answer that is not a problem document', () => {
    expect(() => unwrap({ error: 'upstream timed out', response: response(502, 'Bad Gateway') })).toThrow(
      expect.objectContaining({ status: 502, problem: { title: 'Bad Gateway', status: 502, detail: 'upstream timed out' } }),
    );
  });

  it('falls back to the status code when there is neither a body nor a status text', () => {
    expect(() => unwrap({ error: undefined, response: response(500) })).toThrow('HTTP 500');
  });
});

describe('isProblemDocument', () => {
  it('recognises problem documents and rejects other values', () => {
    expect(isProblemDocument({ title: 'Forbidden', status: 403 })).toBe(true);
    expect(isProblemDocument({ type: 'about:blank' })).toBe(true);
    expect(isProblemDocument('Forbidden')).toBe(false);
    expect(isProblemDocument(null)).toBe(false);
    expect(isProblemDocument([{ title: 'x' }])).toBe(false);
  });
});
