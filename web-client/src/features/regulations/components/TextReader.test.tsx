import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { regulationDetail } from '@/testing/fixtures';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { signInAs, signOut } from '@/testing/session';
import { RegulationDetailPage } from './RegulationDetailPage';

const v1 = { id: 1, regulationId: 1, number: 1, status: 'published', effectiveFrom: '2021-11-24', createdAt: '2021-11-24T00:00:00Z', inForce: true };
const v2 = { id: 2, regulationId: 1, number: 2, status: 'draft', effectiveFrom: null, basedOnNumber: 1, createdAt: '2026-01-01T00:00:00Z', inForce: false };
const textOf = (version: typeof v1 | typeof v2) => ({ regulationId: 1, version, lang: 'both', chapters: regulationDetail.chapters });
const coverage = {
  regulationId: 1,
  versionNumber: 1,
  articles: 2,
  citedArticles: 1,
  uncited: [{ aknId: 'chp_3__art_2', num: '2', headingVi: 'Hiệu lực thi hành', headingEn: 'Entry into force' }],
};
const citing = (citedAknId: string) => ({
  taskId: 5,
  code: 'QC2021-T05',
  titleVi: 'Rà soát thuê bao di động',
  titleEn: 'Screening mobile subscriptions',
  status: 'completed',
  citedAknId,
  citedVersionNumber: 1,
});

function api(extra: Record<string, (request: Request) => Response> = {}) {
  return mockApi({
    'GET /api/v1/regulations/1': () => json(regulationDetail),
    'GET /api/v1/regulations/1/text': () => json(textOf(v1)),
    'GET /api/v1/regulations/1/versions': () => json({ items: [v1], nextCursor: null }),
    'GET /api/v1/regulations/1/versions/1/coverage': () => json(coverage),
    ...extra,
  });
}

const routes = [
  { path: '/regulations/:id', element: <RegulationDetailPage /> },
  { path: '/search', element: <p>search page</p> },
];

async function textRegion() {
  const region = await screen.findByRole('region', { name: 'Nội dung quy chế' });
  await within(region).findAllByRole('heading', { level: 3 });
  return region;
}

afterEach(() => signOut());

describe('regulation reader', () => {
  it('has a table of contents whose entries jump to the articles', async () => {
    api();
    const { router } = renderRoutes(routes, '/regulations/1');
    await textRegion();
    const toc = screen.getByRole('navigation', { name: 'Mục lục' });
    await within(toc).findByText('(chưa có nhiệm vụ)', { exact: false });
    const links = within(toc).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual([
      'Chương I Những quy định chung',
      'Điều 1. Nguyên tắc phối hợp',
      'Chương II Nội dung phối hợp',
      'Chương III Tổ chức thực hiện',
      'Điều 2. Hiệu lực thi hành ○ (chưa có nhiệm vụ)',
    ]);
    await userEvent.click(within(toc).getByRole('link', { name: /^Điều 1\./ }));
    expect(router.state.location.hash).toBe('#chp_1__art_1');
    await waitFor(() => expect(document.getElementById('chp_1__art_1')!.classList.contains('provision--target')).toBe(true));
    expect(within(toc).getByRole('link', { name: /^Điều 1\./ }).getAttribute('aria-current')).toBe('location');
  });

  it('shows Vietnamese, English, or both side by side', async () => {
    api();
    renderRoutes(routes, '/regulations/1');
    const region = await textRegion();
    const toggle = within(region).getByRole('group', { name: 'Ngôn ngữ văn bản' });

    await userEvent.click(within(toggle).getByRole('button', { name: 'English' }));
    expect(within(region).getByRole('heading', { level: 4, name: 'Article 1. Principles of coordination' })).toBeTruthy();
    expect(within(toggle).getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');

    await userEvent.click(within(toggle).getByRole('button', { name: 'Song ngữ' }));
    const heading = within(region).getByRole('heading', { level: 4, name: /Điều 1\. Nguyên tắc phối hợp/ });
    expect(heading.querySelector('[lang="vi"]')!.textContent).toBe('Điều 1. Nguyên tắc phối hợp');
    expect(heading.querySelector('[lang="en"]')!.textContent).toBe('Article 1. Principles of coordination');
    const clause = document.getElementById('chp_1__art_1__para_1')!;
    expect(clause.querySelector('[lang="vi"]')!.textContent).toContain('Tuân thủ quy định của pháp luật.');
    expect(clause.querySelector('[lang="en"]')!.textContent).toContain('Comply with the law.');

    await userEvent.click(within(toggle).getByRole('button', { name: 'Tiếng Việt' }));
    expect(within(region).getByRole('heading', { level: 4, name: 'Điều 1. Nguyên tắc phối hợp' })).toBeTruthy();
  });

  it('reads another version, or the text in force on a date', async () => {
    const { requests } = api({
      'GET /api/v1/regulations/1/versions': () => json({ items: [v1, v2], nextCursor: null }),
      'GET /api/v1/regulations/1/versions/2/text': () => json(textOf(v2)),
      'GET /api/v1/regulations/1/versions/2/coverage': () => json({ ...coverage, versionNumber: 2 }),
    });
    renderRoutes(routes, '/regulations/1');
    const region = await textRegion();
    const picker = await within(region).findByRole('combobox', { name: 'Phiên bản' });
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Bản số 1, hiệu lực từ 24/11/2021 · đang có hiệu lực',
      'Bản số 2 (dự thảo)',
    ]);
    await userEvent.selectOptions(picker, '2');
    expect(await within(region).findByText(/Đang xem bản số 2 \(dự thảo\)/)).toBeTruthy();
    expect(within(region).getByRole('link', { name: 'So sánh với bản số 1' }).getAttribute('href')).toBe('/regulations/1/compare?from=1&to=2');

    const date = within(region).getByLabelText('Văn bản có hiệu lực vào ngày');
    await userEvent.type(date, '2022-01-01');
    await userEvent.click(within(region).getByRole('button', { name: 'Xem' }));
    await waitFor(() => expect(requests.some((r) => r.url.endsWith('/api/v1/regulations/1/text?asOf=2022-01-01&lang=both'))).toBe(true));
    expect(await within(region).findByText(/Văn bản có hiệu lực vào ngày 01\/01\/2022/)).toBeTruthy();
  });

  it("shows the API's problem when nothing was in force on the date", async () => {
    api({
      'GET /api/v1/regulations/1/text': (request) =>
        new URL(request.url).searchParams.get('asOf') ? problem(404, 'Not Found', 'No version was in force on 2000-01-01.') : json(textOf(v1)),
    });
    renderRoutes(routes, '/regulations/1?asOf=2000-01-01');
    expect((await screen.findByRole('alert')).textContent).toContain('No version was in force on 2000-01-01.');
  });

  it('lists the tasks citing an article, once each, with what they cite', async () => {
    api({
      'GET /api/v1/regulations/1/versions/1/provisions/chp_1__art_1': () =>
        json({
          ...regulationDetail.chapters[0]!.children[0]!,
          regulationId: 1,
          versionNumber: 1,
          position: 1,
          citedBy: [citing('chp_1__art_1__para_1'), citing('chp_1__art_1__para_1__point_a')],
        }),
    });
    renderRoutes(routes, '/regulations/1');
    await textRegion();
    const article = screen.getByRole('article', { name: 'Điều 1. Nguyên tắc phối hợp' });
    const toggle = within(article).getByRole('button', { name: 'Nhiệm vụ thực hiện điều này' });
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const link = await within(article).findByRole('link', { name: /QC2021-T05/ });
    expect(link.getAttribute('href')).toBe('/tasks/5');
    const item = link.closest('li')!;
    expect(item.textContent).toContain('thực hiện khoản 1 Điều 1; điểm a khoản 1 Điều 1');
    expect(within(article).getAllByRole('link', { name: /QC2021-T05/ })).toHaveLength(1);
  });

  it('marks the articles no task cites, and lists them', async () => {
    api();
    renderRoutes(routes, '/regulations/1');
    await textRegion();
    const article = screen.getByRole('article', { name: 'Điều 2. Hiệu lực thi hành' });
    expect(await within(article).findByText('Chưa có nhiệm vụ thực hiện')).toBeTruthy();
    const section = await screen.findByRole('region', { name: 'Mức độ triển khai' });
    expect(section.textContent).toContain('1/2 điều đã có nhiệm vụ thực hiện.');
    expect(within(section).getByRole('link', { name: 'Điều 2. Hiệu lực thi hành' }).getAttribute('href')).toBe('/regulations/1#chp_3__art_2');
  });

  it('searches this regulation from its search box', async () => {
    api();
    const { router } = renderRoutes(routes, '/regulations/1');
    const region = await textRegion();
    await userEvent.type(within(region).getByRole('searchbox', { name: 'Tìm trong quy chế' }), 'bao ve an ninh');
    await userEvent.click(within(region).getByRole('button', { name: 'Tìm' }));
    expect(await screen.findByText('search page')).toBeTruthy();
    expect(router.state.location.search).toBe('?q=bao+ve+an+ninh&regulationId=1');
  });

  it('offers no editing to a reader who is not a coordinator', async () => {
    api({ 'GET /api/v1/regulations/1/versions': () => json({ items: [v1, v2], nextCursor: null }), 'GET /api/v1/regulations/1/versions/2/text': () => json(textOf(v2)) });
    renderRoutes(routes, '/regulations/1?version=2');
    await textRegion();
    expect(screen.queryByRole('button', { name: /^Sửa/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Bắt đầu sửa đổi, bổ sung' })).toBeNull();
  });
});

describe('draft editing, for coordinators', () => {
  const draftApi = (extra: Record<string, (request: Request) => Response> = {}) =>
    api({
      'GET /api/v1/regulations/1/versions': () => json({ items: [v1, v2], nextCursor: null }),
      'GET /api/v1/regulations/1/versions/2': () => new Response(JSON.stringify(v2), { headers: { 'Content-Type': 'application/json', ETag: '"7"' } }),
      'GET /api/v1/regulations/1/versions/2/text': () => json(textOf(v2)),
      'GET /api/v1/regulations/1/versions/2/coverage': () => json({ ...coverage, versionNumber: 2 }),
      'GET /api/v1/regulations/1/versions/2/provisions/chp_1__art_1__para_2': () =>
        new Response(
          JSON.stringify({ ...regulationDetail.chapters[0]!.children[0]!.children[1]!, regulationId: 1, versionNumber: 2, position: 2, citedBy: [] }),
          { headers: { 'Content-Type': 'application/json', ETag: '"3"' } },
        ),
      ...extra,
    });

  it('edits a provision with its ETag in If-Match, and shows the field errors the API returns', async () => {
    await signInAs();
    const { requests } = draftApi({
      'PUT /api/v1/regulations/1/versions/2/provisions/chp_1__art_1__para_2': () =>
        problem(400, 'The request has invalid fields.', undefined, { errors: { textVi: ['A clause or a point needs a Vietnamese text.'] } }),
    });
    renderRoutes(routes, '/regulations/1?version=2');
    await textRegion();
    expect(screen.getByText('Bản số 2 là bản dự thảo: các thay đổi chỉ có hiệu lực khi được ban hành.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sửa: khoản 2 Điều 1' }));
    const textVi = await screen.findByLabelText('Nội dung (tiếng Việt)');
    expect((textVi as HTMLTextAreaElement).value).toBe('Phối hợp ngang cấp.');
    await userEvent.clear(textVi);
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));

    const put = await waitFor(() => {
      const found = requests.find((r) => r.method === 'PUT');
      expect(found).toBeTruthy();
      return found!;
    });
    expect(put.headers.get('If-Match')).toBe('"3"');
    expect(await put.clone().json()).toMatchObject({ textVi: null, isSummary: false, position: 2 });
    expect(await screen.findByText('A clause or a point needs a Vietnamese text.', { selector: '.field__error' })).toBeTruthy();
    expect(screen.getByLabelText('Nội dung (tiếng Việt)').getAttribute('aria-invalid')).toBe('true');
  });

  it('publishes the draft with the version ETag, and shows a 409 in the API\u2019s words', async () => {
    await signInAs();
    const { requests } = draftApi({
      'POST /api/v1/regulations/1/versions/2/publish': () => problem(409, 'A published version never changes.', 'Version 2 of regulation 1 is published.'),
    });
    renderRoutes(routes, '/regulations/1?version=2');
    await textRegion();
    await userEvent.click(screen.getByRole('button', { name: 'Ban hành bản số 2' }));
    const date = screen.getByLabelText('Ngày có hiệu lực');
    await userEvent.clear(date);
    await userEvent.type(date, '2026-12-01');
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Ban hành' }).disabled).toBe(false));
    await userEvent.click(screen.getByRole('button', { name: 'Ban hành' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A published version never changes.');
    const publish = requests.find((r) => r.method === 'POST')!;
    expect(publish.headers.get('If-Match')).toBe('"7"');
    expect(await publish.clone().json()).toEqual({ effectiveFrom: '2026-12-01', note: null });
  });

  it('starts an amendment when there is no draft, and opens it', async () => {
    await signInAs();
    api({
      'POST /api/v1/regulations/1/versions': () => json(v2, 201),
      'GET /api/v1/regulations/1/versions/2/text': () => json(textOf(v2)),
    });
    const { router } = renderRoutes(routes, '/regulations/1');
    await textRegion();
    await userEvent.click(await screen.findByRole('button', { name: 'Bắt đầu sửa đổi, bổ sung' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tạo bản dự thảo' }));
    await waitFor(() => expect(router.state.location.search).toBe('?version=2'));
  });
});
