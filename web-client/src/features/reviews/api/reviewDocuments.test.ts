import { afterEach, describe, expect, it } from 'vitest';
import { setAccessToken } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import { mockApi, problem } from '@/testing/mockApi';
import { docxMediaType, type ReviewMinutes, type ReviewMinutesInput } from './contract';
import { fetchReviewDocument, fetchSummaryDocument } from './documents';
import { fetchMinutes, saveMinutes } from './minutes';

const minutes: ReviewMinutes = {
  reviewId: 3,
  heldOn: '2024-11-24',
  place: 'Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội',
  chairedBy: 'Thứ trưởng Bộ Công an',
  attendees: [{ name: 'Nguyễn Văn A', title: 'Chánh Văn phòng', agencyCode: 'MPS', unitCode: 'MPS-VP', personKey: null }],
  decisions: ['Thông qua kế hoạch năm 2025.'],
  notes: null,
  updatedAt: '2024-11-24T10:00:00Z',
};
const input: ReviewMinutesInput = {
  heldOn: minutes.heldOn,
  place: minutes.place,
  chairedBy: minutes.chairedBy,
  attendees: minutes.attendees,
  decisions: minutes.decisions,
  notes: minutes.notes,
};

// The minutes and document operations are typed by hand (contract.ts) until the other branch's document merges;
// these tests hold the wrappers to the agreed contract: routes, headers, bodies, and what comes back.
describe('the minutes wrappers', () => {
  afterEach(() => setAccessToken(null));

  it('read the minutes with their ETag, sending the token', async () => {
    setAccessToken('t0k3n');
    const { requests } = mockApi({
      'GET /api/v1/reviews/3/minutes': () => new Response(JSON.stringify(minutes), { headers: { 'Content-Type': 'application/json', ETag: '"m1"' } }),
    });
    expect(await fetchMinutes(3)).toEqual({ value: minutes, etag: '"m1"' });
    expect(requests[0]!.headers.get('Authorization')).toBe('Bearer t0k3n');
  });

  it('save with the ETag read in If-Match, the first time too (the "0" of minutes never recorded)', async () => {
    const { requests } = mockApi({
      'PUT /api/v1/reviews/3/minutes': () => new Response(JSON.stringify(minutes), { headers: { 'Content-Type': 'application/json', ETag: '"m2"' } }),
    });
    expect(await saveMinutes(3, input, '"m1"')).toEqual({ value: minutes, etag: '"m2"' });
    await saveMinutes(3, input, '"0"');
    expect(requests.map((r) => r.headers.get('If-Match'))).toEqual(['"m1"', '"0"']);
    expect(requests[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(await requests[0]!.json()).toEqual(input);
  });

  it('throw the problem of a refused save: field errors of a 400, a 412 when someone saved meanwhile', async () => {
    mockApi({
      'PUT /api/v1/reviews/3/minutes': (request) =>
        request.headers.get('If-Match') === '"old"'
          ? problem(412, 'Precondition Failed', 'The minutes changed since they were read.')
          : problem(400, 'One or more validation errors occurred.', undefined, { errors: { 'attendees[0].name': ['A name is required.'] } }),
    });
    const stale = await saveMinutes(3, input, '"old"').catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ApiError);
    expect((stale as ApiError).status).toBe(412);
    const invalid = (await saveMinutes(3, input, '"0"').catch((e: unknown) => e)) as ApiError;
    expect([invalid.status, invalid.problem.errors]).toEqual([400, { 'attendees[0].name': ['A name is required.'] }]);
  });
});

describe('the document wrappers', () => {
  const docx = (name: string) =>
    new Response(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0]), {
      headers: { 'Content-Type': docxMediaType, 'Content-Disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}` },
    });

  it('fetch a review document by kind and language, under the server’s file name', async () => {
    const { requests } = mockApi({ 'GET /api/v1/reviews/3/documents/minutes': () => docx('bien-ban-2024.docx') });
    const { blob, document } = await fetchReviewDocument(3, 'minutes', 'en');
    expect(document).toEqual({ filename: 'bien-ban-2024.docx', bytes: 6, type: docxMediaType });
    expect([...new Uint8Array(await blob.arrayBuffer())].slice(0, 2)).toEqual([0x50, 0x4b]);
    expect(new URL(requests[0]!.url).searchParams.get('lang')).toBe('en');
  });

  it('fetch the five-year summary for a regulation and a range of years', async () => {
    const { requests } = mockApi({ 'GET /api/v1/reviews/summary/document': () => docx('so-ket-2022-2026.docx') });
    const { document } = await fetchSummaryDocument({ regulationId: 1, fromYear: 2022, toYear: 2026, lang: 'vi' });
    expect(document.filename).toBe('so-ket-2022-2026.docx');
    expect(Object.fromEntries(new URL(requests[0]!.url).searchParams)).toEqual({ regulationId: '1', fromYear: '2022', toYear: '2026', lang: 'vi' });
  });

  it('throw the API’s problem rather than saving it as a document', async () => {
    mockApi({ 'GET /api/v1/reviews/3/documents/plan': () => problem(409, 'Conflict', 'The review is not concluded: it has adopted no plan yet.') });
    const error = (await fetchReviewDocument(3, 'plan', 'vi').catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.problem.detail]).toEqual([409, 'The review is not concluded: it has adopted no plan yet.']);
  });

  it('fall back to a name of their own when the server gives none', async () => {
    mockApi({ 'GET /api/v1/reviews/3/documents/report': () => new Response(new Blob(['PK']), { headers: { 'Content-Type': docxMediaType } }) });
    expect((await fetchReviewDocument(3, 'report', 'vi')).document.filename).toBe('review-3-report-vi.docx');
  });
});
