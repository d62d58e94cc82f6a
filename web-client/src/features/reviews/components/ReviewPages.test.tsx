import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { regulationDetail } from '@/testing/fixtures';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import type { Evaluation, Review } from '../api/reviews';
import { ReviewTimelinePage } from './ReviewTimelinePage';
import { ReviewWorkspacePage } from './ReviewWorkspacePage';
import { SummaryPage } from './SummaryPage';

const regulations = {
  items: [{ id: 1, code: 'QC2021', titleVi: 'Quy chế phối hợp', titleEn: 'Coordination regulation', signedOn: '2021-11-24', status: 'in_force', parties: ['MPS', 'MIC'] }],
  nextCursor: null,
};
const agencies = [
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications' },
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security' },
];

function review(overrides: Partial<Review>): Review {
  return {
    id: 3,
    regulationId: 1,
    kind: 'annual',
    periodYear: 2024,
    hostAgencyCode: 'MPS',
    status: 'held',
    plannedMonth: 11,
    scheduledOn: '2024-11-24',
    venue: 'Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội',
    baselineReviewId: 2,
    allowedTransitions: [],
    mayEvaluate: false,
    updatedAt: '2024-11-24T09:00:00Z',
    ...overrides,
  };
}

const schedule = [
  review({ id: 1, periodYear: 2022, hostAgencyCode: 'MPS', status: 'concluded' }),
  review({ id: 2, periodYear: 2023, hostAgencyCode: 'MIC', venue: 'Trụ sở Bộ Thông tin và Truyền thông' }),
  review({ id: 6, periodYear: 2026, kind: 'preliminary', status: 'planned', scheduledOn: null, venue: null }),
  review({ id: 5, periodYear: 2026, hostAgencyCode: 'MPS', status: 'scheduled', scheduledOn: '2026-12-15' }),
];

const task = (id: number, code: string, status: string) => ({
  id,
  regulationId: 1,
  code,
  titleVi: `Nhiệm vụ ${code}`,
  titleEn: `Task ${code}`,
  leadUnitCode: 'MPS-A05',
  leadAgencyCode: 'MPS',
  counterpartUnitCodes: ['MIC-ATTT'],
  classification: 'unclassified',
  kind: 'one_off',
  planYear: 2024,
  startDate: '2024-01-01',
  dueDate: '2024-12-31',
  priority: 'normal',
  status,
  overdue: false,
  progress: 50,
  updatedAt: '2024-12-01T00:00:00Z',
});

describe('review schedule', () => {
  it('lists the reviews by year with their hosts in turn, the preliminary review marked', async () => {
    mockApi({
      'GET /api/v1/reviews': () => json({ items: schedule, nextCursor: null }),
      'GET /api/v1/regulations': () => json(regulations),
      'GET /api/v1/agencies': () => json(agencies),
    });
    renderRoutes([{ path: '/reviews', element: <ReviewTimelinePage /> }], '/reviews');
    const section = await screen.findByRole('region', { name: /QC2021/ });
    const items = within(section).getAllByRole('listitem').filter((li) => li.classList.contains('timeline__item'));
    expect(items.map((li) => within(li).getByRole('heading', { level: 3 }).textContent)).toEqual([
      'Đánh giá kết quả phối hợp năm 2022',
      'Đánh giá kết quả phối hợp năm 2023',
      'Đánh giá kết quả phối hợp năm 2026',
      'Sơ kết 5 năm thực hiện quy chế (2026)',
    ]);
    expect(items[0]!.querySelector('.host--1 .host__code')!.textContent).toBe('MPS');
    expect(items[1]!.querySelector('.host--2 .host__code')!.textContent).toBe('MIC');
    expect(await within(items[1]!).findByText('Bộ Thông tin và Truyền thông')).toBeTruthy();
    expect(items[3]!.classList.contains('timeline__item--preliminary')).toBe(true);
    expect(within(items[3]!).getByText('Sơ kết 5 năm')).toBeTruthy();
    expect(within(items[2]!).getByText('15/12/2026')).toBeTruthy();
    expect(within(items[0]!).getByText('Đã kết thúc')).toBeTruthy();
    expect(within(section).getByText(/^Luân phiên chủ trì:/).textContent).toBe('Luân phiên chủ trì: MPS → MIC → MPS');
    expect(within(section).getByRole('link', { name: 'Tổng hợp kết quả 5 năm' }).getAttribute('href')).toBe('/reviews/summary?regulationId=1');
  });

  it('shows the calendar feed and creates a personal feed token, shown once', async () => {
    mockApi({
      'GET /api/v1/reviews': () => json({ items: schedule, nextCursor: null }),
      'GET /api/v1/regulations': () => json(regulations),
      'GET /api/v1/agencies': () => json(agencies),
      'POST /api/v1/auth/feed-token': () => json({ token: 'cft_abc', feedUrl: '/api/v1/reviews.ics?token=cft_abc' }),
    });
    renderRoutes([{ path: '/reviews', element: <ReviewTimelinePage /> }], '/reviews');
    const feed = await screen.findByRole('region', { name: 'Đưa lịch hội nghị vào ứng dụng lịch' });
    expect(within(feed).getByLabelText<HTMLInputElement>(/Địa chỉ lịch \(cần đăng nhập/).value).toBe(`${window.location.origin}/api/v1/reviews.ics`);
    await userEvent.click(within(feed).getByRole('button', { name: 'Tạo mã lịch cá nhân của tôi' }));
    const personal = await within(feed).findByLabelText<HTMLInputElement>('Địa chỉ lịch cá nhân');
    expect(personal.value).toBe(`${window.location.origin}/api/v1/reviews.ics?token=cft_abc`);
    expect(within(feed).queryByRole('button', { name: 'Tạo mã lịch cá nhân của tôi' })).toBeNull();
  });
});

const workspaceRoutes = [{ path: '/reviews/:id', element: <ReviewWorkspacePage /> }];

function workspaceApi(current: Review, evaluations: Evaluation[], extra: Record<string, (r: Request) => Response | Promise<Response>> = {}) {
  return mockApi({
    'GET /api/v1/reviews/3': () => json(current),
    'GET /api/v1/reviews/3/evaluations': () => json({ items: evaluations, nextCursor: null }),
    'GET /api/v1/reviews/3/plan': () =>
      json({
        reviewId: 3,
        planYear: 2025,
        adopted: current.status === 'concluded',
        items: [{ origin: 'carried_over', sourceTaskId: 18, sourceTaskCode: 'QC2021-T18', titleVi: 'Hỗ trợ kỹ thuật', titleEn: 'Technical support', task: null }],
      }),
    'GET /api/v1/regulations': () => json(regulations),
    'GET /api/v1/agencies': () => json(agencies),
    ...extra,
  });
}

describe('review workspace', () => {
  it('offers only the moves the API allows, each with the form of what it records', async () => {
    const { requests } = workspaceApi(review({ id: 3, status: 'scheduled', allowedTransitions: ['held', 'postponed', 'cancelled'] }), [], {
      'POST /api/v1/reviews/3/transitions': () => json(review({ id: 3, status: 'postponed' })),
    });
    renderRoutes(workspaceRoutes, '/reviews/3');
    const actions = await screen.findByRole('region', { name: 'Các bước tiếp theo' });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Ghi nhận đã tổ chức', 'Tạm hoãn', 'Hủy hội nghị']);
    await userEvent.click(within(actions).getByRole('button', { name: 'Tạm hoãn' }));
    const reason = within(actions).getByLabelText(/Lý do/);
    expect(reason.hasAttribute('required')).toBe(true);
    await userEvent.type(reason, 'Trùng lịch công tác');
    await userEvent.click(within(actions).getByRole('button', { name: 'Tạm hoãn' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(await requests.find((r) => r.method === 'POST')!.clone().json()).toEqual({ to: 'postponed', reason: 'Trùng lịch công tác' });
    expect(screen.queryByRole('region', { name: /Kết thúc đánh giá/ })).toBeNull();
  });

  it('says who manages a review when the person may do nothing', async () => {
    workspaceApi(review({ id: 3, hostAgencyCode: 'MIC', status: 'scheduled' }), []);
    renderRoutes(workspaceRoutes, '/reviews/3');
    expect(await screen.findByText(/Điều phối viên của bên chủ trì \(MIC\)/)).toBeTruthy();
  });

  it('shows that a comment was withheld, as the task history does, without showing it', async () => {
    const rows = [
      { task: task(13, 'QC2021-T13', 'completed'), result: 'not_achieved', comment: null, evaluatedBy: 'mps.coordinator', evaluatedByKind: 'user', redacted: true },
      { task: task(18, 'QC2021-T18', 'in_progress'), result: 'achieved', comment: 'Đúng tiến độ', evaluatedBy: 'mic.coordinator', evaluatedByKind: 'user', redacted: false },
    ] as Evaluation[];
    workspaceApi(review({ id: 3, status: 'held', mayEvaluate: false }), rows);
    renderRoutes(workspaceRoutes, '/reviews/3');
    const grid = await screen.findByRole('table', { name: 'Kết quả từng nhiệm vụ năm 2024' });
    const withheld = within(grid).getByRole('row', { name: /QC2021-T13/ });
    expect(within(withheld).getByText('Nhận xét được ẩn: ghi khi nhiệm vụ có độ mật cao hơn mức bạn được phép xem.')).toBeTruthy();
    expect(within(withheld).getByText('Không đạt', { selector: '.result' })).toBeTruthy();
    const open = within(grid).getByRole('row', { name: /QC2021-T18/ });
    expect(within(open).getByText('Đúng tiến độ')).toBeTruthy();
    expect(within(open).queryByText(/Nhận xét được ẩn/)).toBeNull();
  });

  it('records a result per task, and lists the unevaluated tasks when concluding too early', async () => {
    const rows = [
      { task: task(13, 'QC2021-T13', 'completed'), result: null, baselineResult: 'achieved', etag: '"0"' },
      { task: task(18, 'QC2021-T18', 'in_progress'), result: null, etag: '"0"' },
    ] as Evaluation[];
    const { requests } = workspaceApi(review({ id: 3, allowedTransitions: ['concluded'], mayEvaluate: true }), rows, {
      'PUT /api/v1/reviews/3/evaluations/13': async (request) => {
        const body = (await request.json()) as { result: string; comment: string | null };
        return json({ ...rows[0], result: body.result, comment: body.comment, evaluatedBy: 'mps.coordinator' });
      },
      'POST /api/v1/reviews/3/transitions': () =>
        problem(409, 'Every task of the period must be evaluated before the review is concluded.', '1 task(s) are not evaluated.', {
          unevaluated: [{ id: 18, code: 'QC2021-T18', titleVi: 'Hỗ trợ kỹ thuật', titleEn: 'Technical support' }],
        }),
    });
    renderRoutes(workspaceRoutes, '/reviews/3');
    const grid = await screen.findByRole('table', { name: 'Kết quả từng nhiệm vụ năm 2024' });
    expect(screen.getByText('Đã đánh giá 0/2 nhiệm vụ')).toBeTruthy();
    const row = within(grid).getByRole('row', { name: /QC2021-T13/ });
    expect(within(row).getByText('Đạt', { selector: '.result' })).toBeTruthy();
    await userEvent.selectOptions(within(row).getByRole('combobox', { name: 'Kết quả của QC2021-T13' }), 'partly_achieved');
    await userEvent.type(within(row).getByRole('textbox', { name: 'Nhận xét về QC2021-T13' }), 'Còn chậm');
    await userEvent.click(within(row).getByRole('button', { name: 'Lưu đánh giá QC2021-T13' }));
    expect(await screen.findByText('Đã đánh giá 1/2 nhiệm vụ')).toBeTruthy();
    const put = requests.find((r) => r.method === 'PUT')!;
    expect(await put.clone().json()).toEqual({ result: 'partly_achieved', comment: 'Còn chậm' });
    // The ETag the grid listed goes back in If-Match ("0": not evaluated yet), so the other party's result is never overwritten unseen.
    expect(put.headers.get('If-Match')).toBe('"0"');

    const conclusion = screen.getByRole('region', { name: 'Kết thúc đánh giá, thông qua kế hoạch năm 2025' });
    expect(within(conclusion).getByText('Hỗ trợ kỹ thuật')).toBeTruthy();
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Kết thúc đánh giá và thông qua kế hoạch' }));
    const alert = await within(conclusion).findByRole('alert');
    expect(alert.textContent).toContain('Chưa thể kết thúc: còn 1 nhiệm vụ chưa được đánh giá');
    expect(within(alert).getByRole('link', { name: /QC2021-T18/ }).getAttribute('href')).toBe('#evaluation-task-18');
  });

  it('adds new tasks to the next plan and sends them with the conclusion', async () => {
    const rows = [{ task: task(13, 'QC2021-T13', 'completed'), result: 'achieved' }] as Evaluation[];
    const { requests } = workspaceApi(review({ id: 3, allowedTransitions: ['concluded'], mayEvaluate: true }), rows, {
      'GET /api/v1/regulations/1': () => json(regulationDetail),
      'GET /api/v1/agencies/MPS/units': () => json([{ id: 1, code: 'MPS-VP', nameVi: 'Văn phòng Bộ Công an', nameEn: 'MPS Office', tier: 'department', children: [] }]),
      'GET /api/v1/agencies/MIC/units': () => json([]),
      'POST /api/v1/reviews/3/transitions': () => json(review({ id: 3, status: 'concluded', adoptedPlanYear: 2025 })),
    });
    renderRoutes(workspaceRoutes, '/reviews/3');
    const conclusion = await screen.findByRole('region', { name: 'Kết thúc đánh giá, thông qua kế hoạch năm 2025' });
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Thêm nhiệm vụ mới' }));
    await userEvent.type(await within(conclusion).findByLabelText('Tên nhiệm vụ (tiếng Việt)'), 'Tập huấn năm 2025');
    await userEvent.type(within(conclusion).getByLabelText('Tên nhiệm vụ (tiếng Anh)'), 'Training 2025');
    await userEvent.selectOptions(within(conclusion).getByLabelText('Căn cứ 1'), 'chp_1__art_1');
    await within(conclusion).findByRole('option', { name: 'MPS-VP — Văn phòng Bộ Công an' });
    await userEvent.selectOptions(within(conclusion).getByLabelText('Đơn vị chủ trì'), 'MPS-VP');
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Thêm vào danh sách' }));
    expect(within(conclusion).getByText('Tập huấn năm 2025')).toBeTruthy();

    await userEvent.click(within(conclusion).getByRole('button', { name: 'Kết thúc đánh giá và thông qua kế hoạch' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(await requests.find((r) => r.method === 'POST')!.clone().json()).toEqual({
      to: 'concluded',
      newTasks: [
        {
          titleVi: 'Tập huấn năm 2025',
          titleEn: 'Training 2025',
          citations: [{ versionId: 1, aknId: 'chp_1__art_1' }],
          leadUnitCode: 'MPS-VP',
          counterpartUnitCodes: [],
          contacts: [],
          classification: 'unclassified',
          kind: 'one_off',
          planYear: 2025,
          startDate: '2025-01-01',
          dueDate: '2025-12-31',
          priority: 'normal',
        },
      ],
    });
  });

  it('puts the API’s field errors of a new task beside that task in the list', async () => {
    const rows = [{ task: task(13, 'QC2021-T13', 'completed'), result: 'achieved' }] as Evaluation[];
    workspaceApi(review({ id: 3, allowedTransitions: ['concluded'], mayEvaluate: true }), rows, {
      'GET /api/v1/regulations/1': () => json(regulationDetail),
      'GET /api/v1/agencies/MPS/units': () => json([{ id: 1, code: 'MPS-VP', nameVi: 'Văn phòng Bộ Công an', nameEn: 'MPS Office', tier: 'department', children: [] }]),
      'GET /api/v1/agencies/MIC/units': () => json([]),
      'POST /api/v1/reviews/3/transitions': () =>
        problem(400, 'One or more validation errors occurred.', undefined, { errors: { 'newTasks[0].leadUnitCode': ["'MPS-VP' is not a unit of a party."] } }),
    });
    renderRoutes(workspaceRoutes, '/reviews/3');
    const conclusion = await screen.findByRole('region', { name: 'Kết thúc đánh giá, thông qua kế hoạch năm 2025' });
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Thêm nhiệm vụ mới' }));
    await userEvent.click(await within(conclusion).findByRole('button', { name: 'Thêm vào danh sách' }));
    // The shared task form's schema refuses an empty task before it joins the list.
    expect(within(conclusion).getByLabelText('Tên nhiệm vụ (tiếng Việt)').getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(within(conclusion).getByLabelText('Tên nhiệm vụ (tiếng Việt)'), 'Tập huấn năm 2025');
    await userEvent.type(within(conclusion).getByLabelText('Tên nhiệm vụ (tiếng Anh)'), 'Training 2025');
    await userEvent.selectOptions(within(conclusion).getByLabelText('Căn cứ 1'), 'chp_1__art_1');
    await within(conclusion).findByRole('option', { name: 'MPS-VP — Văn phòng Bộ Công an' });
    await userEvent.selectOptions(within(conclusion).getByLabelText('Đơn vị chủ trì'), 'MPS-VP');
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Thêm vào danh sách' }));
    await userEvent.click(within(conclusion).getByRole('button', { name: 'Kết thúc đánh giá và thông qua kế hoạch' }));

    await within(conclusion).findAllByText(/is not a unit of a party/);
    const item = conclusion.querySelector('li.plan-item--new')!;
    expect(item.textContent).toContain('Tập huấn năm 2025');
    expect(item.textContent).toContain("leadUnitCode: 'MPS-VP' is not a unit of a party.");
  });

  it('shows the adopted plan once concluded, and the grid read-only', async () => {
    const concluded = review({ id: 3, status: 'concluded', adoptedPlanYear: 2025, concludedAt: '2024-11-25T03:00:00Z', mayEvaluate: false });
    const rows = [{ task: task(13, 'QC2021-T13', 'completed'), result: 'achieved', comment: 'Tốt', evaluatedBy: 'mps.coordinator' }] as Evaluation[];
    workspaceApi(concluded, rows, {
      'GET /api/v1/reviews/3/plan': () =>
        json({
          reviewId: 3,
          planYear: 2025,
          adopted: true,
          items: [{ origin: 'carried_over', sourceTaskId: 18, sourceTaskCode: 'QC2021-T18', titleVi: 'Hỗ trợ kỹ thuật', titleEn: 'Technical support', task: task(40, 'QC2021-T40', 'assigned') }],
        }),
    });
    renderRoutes(workspaceRoutes, '/reviews/3');
    const plan = await screen.findByRole('region', { name: 'Kế hoạch năm 2025 đã được thông qua' });
    expect(await within(plan).findByText(/Hội nghị kết thúc ngày 25\/11\/2024 và thông qua kế hoạch năm 2025 gồm 1 nhiệm vụ/)).toBeTruthy();
    expect(within(plan).getByRole('link', { name: /QC2021-T40/ }).getAttribute('href')).toBe('/tasks/40');
    expect(within(plan).getByText(/tiếp nối QC2021-T18/)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Các bước tiếp theo' })).toBeNull();
  });
});

describe('five-year summary', () => {
  it('charts completion per agency and tabulates results per article by year', async () => {
    mockApi({
      'GET /api/v1/regulations': () => json(regulations),
      'GET /api/v1/agencies': () => json(agencies),
      'GET /api/v1/agencies/MPS/units': () => json([{ id: 1, code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'MPS', tier: 'ministry', children: [{ id: 4, code: 'MPS-A05', nameVi: 'Cục A05', nameEn: 'Department A05', tier: 'department', children: [] }] }]),
      'GET /api/v1/reviews/summary': () =>
        json({
          regulationId: 1,
          years: [2022, 2023],
          articles: [
            { aknId: 'chp_1__art_1', num: '1', headingVi: 'Phạm vi điều chỉnh', headingEn: 'Scope', tasks: [] },
            {
              aknId: 'chp_2__art_4',
              num: '4',
              headingVi: 'Nội dung phối hợp',
              headingEn: 'Content',
              tasks: [{ taskId: 2, code: 'QC2021-T02', titleVi: 'Xây dựng quy trình', titleEn: 'Procedure', planYear: 2022, status: 'completed', results: { '2022': 'achieved' } }],
            },
          ],
          agencies: [{ code: 'MPS', agencyCode: 'MPS', total: { year: 0, tasks: 4, completed: 3, rate: 0.75 }, byYear: [{ year: 2022, tasks: 2, completed: 2, rate: 1 }, { year: 2023, tasks: 2, completed: 1, rate: 0.5 }] }],
          units: [{ code: 'MPS-A05', agencyCode: 'MPS', total: { year: 0, tasks: 1, completed: 1, rate: 1 }, byYear: [{ year: 2022, tasks: 1, completed: 1, rate: 1 }] }],
        }),
    });
    renderRoutes([{ path: '/reviews/summary', element: <SummaryPage /> }], '/reviews/summary?regulationId=1');
    const chart = await screen.findByRole('img', { name: /Tỷ lệ nhiệm vụ hoàn thành theo năm/ });
    const bars = chart.querySelectorAll('rect');
    expect(bars).toHaveLength(2);
    await waitFor(() => expect(bars[1]!.querySelector('title')!.textContent).toBe('Bộ Công an, năm 2023: 50% (1/2 nhiệm vụ)'));

    const units = screen.getByRole('table', { name: 'Tỷ lệ hoàn thành theo đơn vị chủ trì' });
    const unitRow = await within(units).findByRole('row', { name: /Cục A05/ });
    expect(within(unitRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['100% (1/1)', '—', '100% (1/1)']);

    const articles = screen.getByRole('table', { name: 'Kết quả đánh giá từng năm của các nhiệm vụ, theo điều' });
    expect(within(articles).getByText('Chưa có nhiệm vụ')).toBeTruthy();
    const taskRow = within(articles).getByRole('row', { name: /QC2021-T02/ });
    expect(within(taskRow).getByText('Đạt')).toBeTruthy();
  });
});
