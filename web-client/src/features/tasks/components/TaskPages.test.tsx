import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regulationDetail, regulationPage } from '@/testing/fixtures';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { demoMe, signInAs, signOut } from '@/testing/session';
import type { Task } from '../api/tasks';
import { TaskDetailPage } from './TaskDetailPage';
import { TaskCreatePage, TaskEditPage } from './TaskFormPage';
import { TaskListPage } from './TaskListPage';

const routes = [
  { path: '/tasks', element: <TaskListPage /> },
  { path: '/tasks/new', element: <TaskCreatePage /> },
  { path: '/tasks/:id', element: <TaskDetailPage /> },
  { path: '/tasks/:id/edit', element: <TaskEditPage /> },
];

const agencies = [
  { code: 'MPS', nameVi: 'Bộ Công an', nameEn: 'Ministry of Public Security' },
  { code: 'MIC', nameVi: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications' },
];
const unit = (code: string, nameVi: string, tier = 'department', children: unknown[] = []) => ({ id: code.length, code, nameVi, nameEn: code, tier, children });
const units: Record<string, unknown[]> = {
  MPS: [unit('MPS', 'Bộ Công an', 'ministry', [unit('MPS-VP', 'Văn phòng Bộ Công an'), unit('MPS-A05', 'Cục An ninh mạng')])],
  MIC: [unit('MIC', 'Bộ TT&TT', 'ministry', [unit('MIC-VP', 'Văn phòng Bộ TT&TT'), unit('MIC-ATTT', 'Cục An toàn thông tin')])],
};
const text = {
  regulationId: 1,
  version: { id: 1, regulationId: 1, number: 1, status: 'published', effectiveFrom: '2021-11-24', createdAt: '2021-11-24T00:00:00Z', inForce: true },
  lang: 'both',
  chapters: regulationDetail.chapters,
};

const taskUnit = (code: string, agencyCode: string) => ({ id: 1, code, nameVi: `Đơn vị ${code}`, nameEn: `Unit ${code}`, tier: 'department' as const, agencyCode });

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 7,
    regulationId: 1,
    code: 'QC2021-T07',
    titleVi: 'Phối hợp xử lý thông tin xấu độc trên không gian mạng',
    titleEn: 'Handling harmful information online',
    descriptionVi: 'Mô tả',
    descriptionEn: 'Description',
    citations: [{ versionId: 1, aknId: 'chp_1__art_1__para_1' }],
    leadUnit: taskUnit('MPS-A05', 'MPS'),
    counterpartUnits: [taskUnit('MIC-ATTT', 'MIC')],
    leadUnitCode: 'MPS-A05',
    counterpartUnitCodes: ['MIC-ATTT'],
    contacts: [{ name: 'Trần Văn Bình', unitCode: 'MPS-A05', phone: '069 000', email: 'binh@example.vn' }],
    classification: 'confidential',
    kind: 'one_off',
    planYear: 2024,
    startDate: '2024-01-01',
    dueDate: '2024-12-31',
    priority: 'high',
    status: 'in_progress',
    overdue: true,
    progress: 40,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-06-01T00:00:00Z',
    allowedTransitions: ['completed'],
    mayEdit: true,
    mayReport: true,
    ...overrides,
  };
}

const reference = {
  'GET /api/v1/agencies': () => json(agencies),
  'GET /api/v1/agencies/MPS/units': () => json(units.MPS),
  'GET /api/v1/agencies/MIC/units': () => json(units.MIC),
  'GET /api/v1/regulations': () => json(regulationPage),
  'GET /api/v1/regulations/1/text': () => json(text),
};

describe('task pages', () => {
  beforeEach(async () => {
    await signInAs(demoMe({ username: 'mps.officer', roles: ['officer'], unitCode: 'MPS-A05', clearance: 'secret' }));
  });
  afterEach(() => signOut());

  it('lists tasks with the filters of the address, badges and the overdue ones marked', async () => {
    const { requests } = mockApi({
      ...reference,
      'GET /api/v1/tasks': () =>
        json({
          items: [
            { ...task(), counterpartUnitCodes: ['MIC-ATTT'], leadUnitCode: 'MPS-A05', leadAgencyCode: 'MPS', classification: 'secret' },
            { ...task({ id: 8, code: 'QC2021-T08', overdue: false, status: 'completed', progress: 100 }), counterpartUnitCodes: [], leadUnitCode: 'MIC-VP', leadAgencyCode: 'MIC', classification: 'unclassified' },
          ],
          nextCursor: null,
        }),
    });
    renderRoutes(routes, '/tasks?status=overdue&q=an%20ninh&leadUnit=MPS-A05');

    const link = await screen.findByRole('link', { name: /QC2021-T07/ });
    const row = link.closest('tr')!;
    expect(row.className).toContain('row--overdue');
    expect(within(row).getByText('Tối mật')).toBeTruthy();
    expect(within(row).getByText('Quá hạn')).toBeTruthy();
    expect(screen.getByRole('link', { name: /QC2021-T08/ }).closest('tr')!.className).not.toContain('row--overdue');
    const list = requests.find((r) => new URL(r.url).pathname === '/api/v1/tasks')!;
    expect(new URL(list.url).searchParams.getAll('status')).toEqual(['overdue']);
    expect(new URL(list.url).searchParams.get('q')).toBe('an ninh');
    expect(new URL(list.url).searchParams.get('leadUnit')).toBe('MPS-A05');
    expect(screen.getByLabelText<HTMLInputElement>('Tìm kiếm').value).toBe('an ninh');
  });

  it('keeps the filters in the address when applied', async () => {
    mockApi({ ...reference, 'GET /api/v1/tasks': () => json({ items: [], nextCursor: null }) });
    const { router } = renderRoutes(routes, '/tasks');
    expect(await screen.findByText('Chưa có nhiệm vụ nào.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Tìm kiếm'), 'bảo vệ');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Quá hạn' }));
    await userEvent.click(screen.getByRole('button', { name: 'Lọc' }));
    expect(router.state.location.search).toBe('?status=overdue&q=b%E1%BA%A3o+v%E1%BB%87');
    expect(await screen.findByText('Không có nhiệm vụ nào phù hợp với bộ lọc.')).toBeTruthy();
  });

  it('shows a task with only the moves the person may make, citations linked, and the report form', async () => {
    mockApi({
      ...reference,
      'GET /api/v1/tasks/7': () => json(task(), 200),
      // Two pages: the history shows both.
      'GET /api/v1/tasks/7/history': (request: Request) =>
        new URL(request.url).searchParams.get('cursor')
          ? json({
              items: [
                { id: 2, occurredAt: '2024-02-01T02:00:00Z', actorName: 'mps.coordinator', actorKind: 'user', kind: 'transition', fromStatus: 'draft', toStatus: 'assigned', comment: 'Giao cho A05' },
                { id: 3, occurredAt: '2024-03-01T02:00:00Z', actorName: 'MPS relay', actorKind: 'client', kind: 'edited' },
                { id: 4, occurredAt: '2024-03-02T02:00:00Z', actorName: 'mps.coordinator', actorKind: 'user', kind: 'edited', changes: null, redacted: true },
              ],
              nextCursor: null,
            })
          : json({ items: [{ id: 1, occurredAt: '2024-01-01T02:00:00Z', actorName: 'mps.coordinator', actorKind: 'user', kind: 'created', toStatus: 'draft' }], nextCursor: 'h2' }),
      'GET /api/v1/tasks/7/reports': () =>
        json({
          items: [
            { id: 9, taskId: 7, reportingUnitCode: 'MPS-A05', reportDate: '2024-03-01', percent: 40, narrative: '', attachmentName: null, attachmentBytes: null, isCorrection: false, createdBy: 'mps.officer', createdByKind: 'user', createdAt: '2024-03-01T02:00:00Z', redacted: true },
          ],
          nextCursor: null,
        }),
    });
    renderRoutes(routes, '/tasks/7');

    expect(await screen.findByRole('heading', { level: 1, name: 'Phối hợp xử lý thông tin xấu độc trên không gian mạng' })).toBeTruthy();
    const moves = screen.getByRole('region', { name: 'Chuyển trạng thái' });
    expect(within(moves).getAllByRole('button').map((b) => b.textContent)).toEqual(['Hoàn thành']);
    expect(screen.getByRole('link', { name: 'Điều 1, khoản 1' }).getAttribute('href')).toBe('/regulations/1#chp_1__art_1__para_1');
    expect(screen.getByRole('link', { name: 'Sửa nhiệm vụ' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Báo cáo tiến độ mới' })).toBeTruthy();
    expect(await screen.findByText('Chuyển trạng thái: Dự thảo → Đã giao')).toBeTruthy();
    expect(screen.getByText('Giao cho A05')).toBeTruthy();
    // A system's entry says so beside its name; a person's carries no badge.
    expect(screen.getByText('MPS relay').closest('.author')?.querySelector('.badge--author')?.textContent).toBe('hệ thống');
    expect(screen.getAllByText('mps.coordinator').every((name) => !name.closest('.author')?.querySelector('.badge--author'))).toBe(true);
    expect(await screen.findAllByText('Nội dung được ẩn: ghi khi nhiệm vụ có độ mật cao hơn mức bạn được phép xem.')).toHaveLength(2);
  });

  it('hides the report form, the edit button and the moves from someone who may not use them', async () => {
    mockApi({
      ...reference,
      'GET /api/v1/tasks/7': () => json(task({ allowedTransitions: [], mayEdit: false, mayReport: false })),
      'GET /api/v1/tasks/7/history': () => json({ items: [], nextCursor: null }),
      'GET /api/v1/tasks/7/reports': () => json({ items: [], nextCursor: null }),
    });
    renderRoutes(routes, '/tasks/7');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('region', { name: 'Chuyển trạng thái' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Sửa nhiệm vụ' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Báo cáo tiến độ mới' })).toBeNull();
  });

  it('shows a task a review carried over as closed, linked to the task that continues it', async () => {
    mockApi({
      ...reference,
      'GET /api/v1/tasks/7': () =>
        json(task({ status: 'carried_over', overdue: false, allowedTransitions: [], mayReport: false, carriedOverToTaskId: 41 })),
      'GET /api/v1/tasks/7/history': () => json({ items: [], nextCursor: null }),
      'GET /api/v1/tasks/7/reports': () => json({ items: [], nextCursor: null }),
    });
    renderRoutes(routes, '/tasks/7');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getAllByText('Đã chuyển sang kế hoạch năm sau').length).toBeGreaterThan(0);
    expect(screen.getByText('Chuyển sang kế hoạch năm sau thành nhiệm vụ')).toBeTruthy();
    expect(screen.getByRole('link', { name: /41/ }).getAttribute('href')).toBe('/tasks/41');
  });

  it('reports progress with an idempotency key and shows the server’s field errors next to the fields', async () => {
    let attempts = 0;
    const { requests } = mockApi({
      ...reference,
      'GET /api/v1/tasks/7': () => json(task()),
      'GET /api/v1/tasks/7/history': () => json({ items: [], nextCursor: null }),
      'GET /api/v1/tasks/7/reports': () => json({ items: [], nextCursor: null }),
      'POST /api/v1/tasks/7/reports': () => {
        attempts += 1;
        return problem(400, 'One or more validation errors occurred.', undefined, { errors: { percent: ['Progress cannot go down from 40%; a coordinator can correct it.'] } });
      },
    });
    renderRoutes(routes, '/tasks/7');
    const form = await screen.findByRole('form', { name: 'Báo cáo tiến độ mới' });
    const percent = within(form).getByLabelText('Tỷ lệ hoàn thành (%)');
    await userEvent.clear(percent);
    await userEvent.type(percent, '30');
    await userEvent.type(within(form).getByLabelText('Nội dung báo cáo'), 'Đã rà soát');
    await userEvent.click(within(form).getByRole('button', { name: 'Gửi báo cáo' }));

    const message = await within(form).findByText('Progress cannot go down from 40%; a coordinator can correct it.');
    expect(percent.getAttribute('aria-invalid')).toBe('true');
    expect(percent.getAttribute('aria-describedby')).toContain(message.id);
    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    // Vitest types its asymmetric matchers as `any`; the matcher is what this assertion means.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
    expect(await post.clone().json()).toEqual({ reportDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), percent: 30, narrative: 'Đã rà soát', reportingUnitCode: 'MPS-A05' });

    // Sent again unchanged, it is the same submission: the same key.
    await userEvent.click(within(form).getByRole('button', { name: 'Gửi báo cáo' }));
    await screen.findByText('Progress cannot go down from 40%; a coordinator can correct it.');
    const posts = requests.filter((r) => r.method === 'POST');
    expect(attempts).toBe(2);
    expect(posts[1]!.headers.get('Idempotency-Key')).toBe(posts[0]!.headers.get('Idempotency-Key'));
  });

  it('creates a task with an idempotency key, placing indexed field errors on their inputs', async () => {
    const { requests } = mockApi({
      ...reference,
      'POST /api/v1/tasks': () =>
        problem(400, 'One or more validation errors occurred.', undefined, {
          errors: {
            titleEn: ["'Title En' is already the title of task QC2021-T08."],
            'citations[0].aknId': ["'chp_9' is not an article, clause or point of the cited version of this regulation."],
            'counterpartUnitCodes[0]': ["'MIC-VP' is not of the lead unit's tier."],
          },
        }),
    });
    renderRoutes(routes, '/tasks/new');
    await userEvent.type(await screen.findByLabelText('Tên nhiệm vụ (tiếng Việt)'), 'Nhiệm vụ mới');
    await userEvent.type(screen.getByLabelText('Tên nhiệm vụ (tiếng Anh)'), 'New task');
    await userEvent.selectOptions(await screen.findByLabelText('Căn cứ 1'), 'chp_1__art_1');
    await userEvent.click(await screen.findByRole('checkbox', { name: /MIC-VP/ }));
    expect(screen.getByLabelText<HTMLSelectElement>('Đơn vị chủ trì').value).toBe('MPS-A05');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo nhiệm vụ' }));

    const titleEn = screen.getByLabelText('Tên nhiệm vụ (tiếng Anh)');
    expect(await screen.findByText("'Title En' is already the title of task QC2021-T08.")).toBeTruthy();
    expect(titleEn.getAttribute('aria-invalid')).toBe('true');
    const citation = screen.getByLabelText('Căn cứ 1');
    expect(citation.getAttribute('aria-invalid')).toBe('true');
    expect(citation.closest('.field')!.textContent).toContain("'chp_9' is not an article");
    const counterpart = screen.getByRole('checkbox', { name: /MIC-VP/ });
    expect(counterpart.getAttribute('aria-invalid')).toBe('true');
    expect(counterpart.closest('li')!.textContent).toContain("is not of the lead unit's tier");

    const post = requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{8}-/);
    expect(await post.clone().json()).toMatchObject({
      regulationId: 1,
      titleVi: 'Nhiệm vụ mới',
      citations: [{ aknId: 'chp_1__art_1' }],
      leadUnitCode: 'MPS-A05',
      counterpartUnitCodes: ['MIC-VP'],
      classification: 'unclassified',
      kind: 'one_off',
    });
  });

  it('edits with If-Match, and offers to reload when someone else changed the task (412)', async () => {
    let version = 3;
    const { requests } = mockApi({
      ...reference,
      'GET /api/v1/tasks/7': () => new Response(JSON.stringify(task({ titleEn: `Version ${version}` })), { headers: { 'Content-Type': 'application/json', ETag: `"${version}"` } }),
      'PUT /api/v1/tasks/7': () => {
        version = 4;
        return problem(412, 'The record was changed by someone else.', 'The record has changed since you read it.');
      },
    });
    renderRoutes(routes, '/tasks/7/edit');
    const title = await screen.findByLabelText('Tên nhiệm vụ (tiếng Anh)');
    expect((title as HTMLInputElement).value).toBe('Version 3');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu thay đổi' }));

    expect(await screen.findByText('Nhiệm vụ đã được người khác sửa')).toBeTruthy();
    expect(requests.find((r) => r.method === 'PUT')!.headers.get('If-Match')).toBe('"3"');
    await userEvent.click(screen.getByRole('button', { name: 'Tải lại nhiệm vụ' }));
    expect((await screen.findByDisplayValue<HTMLInputElement>('Version 4')).value).toBe('Version 4');
    expect(screen.queryByText('Nhiệm vụ đã được người khác sửa')).toBeNull();
  });
});
