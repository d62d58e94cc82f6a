import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import type { ReviewMinutes } from '../api/minutes';
import type { Review } from '../api/reviews';
import { ReviewWorkspacePage } from './ReviewWorkspacePage';

const review: Review = {
  id: 3,
  regulationId: 1,
  kind: 'annual',
  periodYear: 2024,
  hostAgencyCode: 'MPS',
  status: 'held',
  plannedMonth: 11,
  scheduledOn: '2024-11-24',
  venue: 'Hà Nội',
  allowedTransitions: [],
  mayEvaluate: false,
  updatedAt: '2024-11-24T09:00:00Z',
};
const regulations = {
  items: [{ id: 1, code: 'QC2021', titleVi: 'Quy chế phối hợp', titleEn: 'Coordination regulation', signedOn: '2021-11-24', status: 'in_force', parties: ['MPS', 'MIC'] }],
  nextCursor: null,
};
const recorded: ReviewMinutes = {
  reviewId: 3,
  heldOn: '2024-11-24',
  place: 'Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội',
  chairedBy: 'Thứ trưởng Bộ Công an',
  attendees: [{ name: 'Nguyễn Văn A', title: 'Chánh Văn phòng', agencyCode: 'MPS', unitCode: 'MPS-VP', personKey: null }],
  decisions: ['Thông qua kế hoạch năm 2025.'],
  notes: null,
  updatedAt: '2024-11-24T10:00:00Z',
};
const none: ReviewMinutes = { reviewId: 3, heldOn: null, place: null, chairedBy: null, attendees: [], decisions: [], notes: null, updatedAt: null };
const tagged = (minutes: ReviewMinutes, etag: string) => new Response(JSON.stringify(minutes), { headers: { 'Content-Type': 'application/json', ETag: etag } });

function api(minutes: ReviewMinutes, extra: Record<string, (r: Request) => Response | Promise<Response>> = {}) {
  return mockApi({
    'GET /api/v1/reviews/3': () => json(review),
    'GET /api/v1/reviews': () => json({ items: [review], nextCursor: null }),
    'GET /api/v1/reviews/3/evaluations': () => json({ items: [], nextCursor: null }),
    'GET /api/v1/reviews/3/plan': () => json({ reviewId: 3, planYear: 2025, adopted: false, items: [] }),
    'GET /api/v1/regulations': () => json(regulations),
    'GET /api/v1/agencies': () => json([]),
    'GET /api/v1/agencies/MPS/units': () => json([{ code: 'MPS-VP', nameVi: 'Văn phòng Bộ Công an', nameEn: 'Ministry Office', tier: 'department', children: [] }]),
    'GET /api/v1/agencies/MIC/units': () => json([{ code: 'MIC-VP', nameVi: 'Văn phòng Bộ TT&TT', nameEn: 'MIC Office', tier: 'department', children: [] }]),
    // As the API: minutes never recorded are read with the ETag "0".
    'GET /api/v1/reviews/3/minutes': () => tagged(minutes, minutes.updatedAt === null ? '"0"' : '"m1"'),
    ...extra,
  });
}

const routes = [{ path: '/reviews/:id', element: <ReviewWorkspacePage /> }];
const panel = () => screen.findByRole('region', { name: 'Biên bản hội nghị' });

afterEach(() => signOut());

describe('the minutes of a review', () => {
  it('are shown to a reader, who gets no form', async () => {
    await signInAs(demoMe({ username: 'mps.viewer', roles: ['viewer'] }));
    api(recorded);
    renderRoutes(routes, '/reviews/3');
    const region = await panel();
    await within(region).findByText('Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội');
    expect(within(region).getByRole('row', { name: /Nguyễn Văn A/ }).textContent).toContain('Chánh Văn phòng');
    expect(within(region).getByRole('listitem').textContent).toBe('Thông qua kế hoạch năm 2025.');
    expect(within(region).queryByRole('button')).toBeNull();
  });

  it('are not offered to a coordinator of an agency that is no party', async () => {
    await signInAs(demoMe({ agencyCode: 'MOD', unitCode: 'MOD-VP' }));
    api(none);
    renderRoutes(routes, '/reviews/3');
    const region = await panel();
    await within(region).findByText('Chưa ghi biên bản hội nghị.');
    expect(within(region).queryByRole('button')).toBeNull();
  });

  it('are recorded by a coordinator of a party: attendees and decisions added and removed, saved under the ETag "0" read the first time', async () => {
    await signInAs();
    const { requests } = api(none, {
      'PUT /api/v1/reviews/3/minutes': async (request) => tagged({ ...((await request.clone().json()) as ReviewMinutes), reviewId: 3, updatedAt: '2026-12-06T08:00:00Z' }, '"m2"'),
    });
    renderRoutes(routes, '/reviews/3');
    const region = await panel();
    await userEvent.click(await within(region).findByRole('button', { name: 'Ghi biên bản' }));
    const form = within(region).getByRole('form', { name: 'Biên bản hội nghị' });
    await userEvent.type(within(form).getByLabelText('Ngày họp'), '2024-11-24');
    await userEvent.type(within(form).getByLabelText('Địa điểm'), 'Hà Nội');
    await userEvent.type(within(form).getByLabelText('Chủ trì'), 'Thứ trưởng Bộ Công an');
    for (let i = 0; i < 2; i++) await userEvent.click(within(form).getByRole('button', { name: 'Thêm người tham dự' }));
    const first = within(form).getByRole('group', { name: 'Người tham dự 1' });
    await userEvent.type(within(first).getByLabelText('Họ và tên'), 'Nguyễn Văn A');
    await userEvent.selectOptions(within(first).getByLabelText('Cơ quan'), 'MPS');
    await userEvent.selectOptions(await within(first).findByRole('combobox', { name: 'Đơn vị' }), 'MPS-VP');
    await userEvent.click(within(form).getByRole('button', { name: 'Bỏ người tham dự 2' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Thêm kết luận' }));
    await userEvent.type(within(form).getByLabelText('Kết luận 1'), 'Thông qua kế hoạch năm 2025.');
    await userEvent.click(within(form).getByRole('button', { name: 'Lưu biên bản' }));

    expect(await within(region).findByText('Đã lưu biên bản.')).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"0"');
    expect(await put.json()).toEqual({
      heldOn: '2024-11-24',
      place: 'Hà Nội',
      chairedBy: 'Thứ trưởng Bộ Công an',
      attendees: [{ name: 'Nguyễn Văn A', title: null, agencyCode: 'MPS', unitCode: 'MPS-VP', personKey: null }],
      decisions: ['Thông qua kế hoạch năm 2025.'],
      notes: null,
    });
    expect(within(region).getByRole('row', { name: /Nguyễn Văn A/ })).toBeTruthy();
    // The next edit starts from the saved copy and its new ETag.
    await userEvent.click(within(region).getByRole('button', { name: 'Sửa biên bản' }));
    await userEvent.click(within(region).getByRole('button', { name: 'Lưu biên bản' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'PUT')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'PUT')[1]!.headers.get('If-Match')).toBe('"m2"');
  });

  it('show the API’s field errors under the inputs they name, and a 412 asks for a reload', async () => {
    await signInAs();
    let calls = 0;
    const { requests } = api(recorded, {
      'PUT /api/v1/reviews/3/minutes': () =>
        ++calls === 1
          ? problem(400, 'One or more validation errors occurred.', undefined, { errors: { 'attendees[0].name': ['The name is at most 200 characters.'], 'decisions[0]': ['A decision is at most 2000 characters.'] } })
          : problem(412, 'Precondition Failed', 'The minutes changed since they were read.'),
    });
    renderRoutes(routes, '/reviews/3');
    const region = await panel();
    await userEvent.click(await within(region).findByRole('button', { name: 'Sửa biên bản' }));
    await userEvent.click(within(region).getByRole('button', { name: 'Lưu biên bản' }));
    const name = within(within(region).getByRole('group', { name: 'Người tham dự 1' })).getByLabelText('Họ và tên');
    expect(await within(region).findByText('The name is at most 200 characters.', { selector: '.field__error' })).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(within(region).getByLabelText('Kết luận 1').getAttribute('aria-invalid')).toBe('true');
    expect(requests.find((r) => r.method === 'PUT')!.headers.get('If-Match')).toBe('"m1"');

    await userEvent.click(within(region).getByRole('button', { name: 'Lưu biên bản' }));
    expect(await within(region).findByText('Biên bản đã được người khác sửa; hãy tải lại rồi sửa tiếp.')).toBeTruthy();
    await userEvent.click(within(region).getByRole('button', { name: 'Tải lại biên bản' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'GET' && r.url.endsWith('/minutes')).length).toBe(2));
  });
});

describe('the documents of a review', () => {
  it('download each kind in either language under the server’s file name', async () => {
    await signInAs(demoMe({ roles: ['viewer'] }));
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (created.push(blob as Blob), 'blob:doc'));
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    const { requests } = api(none, {
      'GET /api/v1/reviews/3/documents/report': (request) =>
        new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
          headers: {
            'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            'Content-Disposition': `attachment; filename="bao-cao-2024-${new URL(request.url).searchParams.get('lang')}.docx"`,
          },
        }),
      'GET /api/v1/reviews/3/documents/plan': () => problem(409, 'Conflict', 'The review has adopted no plan yet.'),
    });
    renderRoutes(routes, '/reviews/3');
    const region = await screen.findByRole('region', { name: 'Văn bản' });
    expect(within(region).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Tải Báo cáo kết quả đánh giá (Tiếng Việt)',
      'Tải Báo cáo kết quả đánh giá (Tiếng Anh)',
      'Tải Kế hoạch năm tiếp theo đã thông qua (Tiếng Việt)',
      'Tải Kế hoạch năm tiếp theo đã thông qua (Tiếng Anh)',
      'Tải Biên bản hội nghị (Tiếng Việt)',
      'Tải Biên bản hội nghị (Tiếng Anh)',
    ]);
    await userEvent.click(within(region).getByRole('button', { name: 'Tải Báo cáo kết quả đánh giá (Tiếng Anh)' }));
    expect(await within(region).findByText('Đã tải bao-cao-2024-en.docx (4 byte).')).toBeTruthy();
    expect(clicked).toEqual(['bao-cao-2024-en.docx']);
    expect(created[0]!.size).toBe(4);
    expect(requests.find((r) => r.url.includes('/documents/'))!.url).toMatch(/\/api\/v1\/reviews\/3\/documents\/report\?lang=en$/);

    await userEvent.click(within(region).getByRole('button', { name: 'Tải Kế hoạch năm tiếp theo đã thông qua (Tiếng Việt)' }));
    expect((await within(region).findByRole('alert')).textContent).toContain('The review has adopted no plan yet.');
    expect(clicked).toHaveLength(1);
    vi.restoreAllMocks();
  });
});
