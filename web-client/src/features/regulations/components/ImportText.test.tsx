import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { regulationDetail } from '@/testing/fixtures';
import { json, mockApi, problem } from '@/testing/mockApi';
import { renderRoutes } from '@/testing/render';
import { signInAs, signOut } from '@/testing/session';
import { importMediaTypes } from '../api/text';
import { RegulationDetailPage } from './RegulationDetailPage';

const v1 = { id: 1, regulationId: 1, number: 1, status: 'published', effectiveFrom: '2021-11-24', createdAt: '2021-11-24T00:00:00Z', inForce: true };
const v2 = { id: 2, regulationId: 1, number: 2, status: 'draft', effectiveFrom: null, basedOnNumber: 1, note: 'Bản ký', createdAt: '2026-12-06T00:00:00Z', inForce: false };
const preview = {
  regulationId: 1,
  format: 'docx',
  provisions: 9,
  chapters: regulationDetail.chapters,
  skipped: [
    { index: 1, text: 'BỘ CÔNG AN – BỘ THÔNG TIN VÀ TRUYỀN THÔNG' },
    { index: 2, text: 'QUY CHẾ' },
  ],
};

function api(extra: Record<string, (request: Request) => Response | Promise<Response>> = {}) {
  return mockApi({
    'GET /api/v1/regulations/1': () => json(regulationDetail),
    'GET /api/v1/regulations/1/text': () => json({ regulationId: 1, version: v1, lang: 'both', chapters: regulationDetail.chapters }),
    'GET /api/v1/regulations/1/versions': () => json({ items: [v1], nextCursor: null }),
    'GET /api/v1/regulations/1/versions/1/coverage': () => json({ regulationId: 1, versionNumber: 1, articles: 2, citedArticles: 2, uncited: [] }),
    'GET /api/v1/regulations/1/versions/2/text': () => json({ regulationId: 1, version: v2, lang: 'both', chapters: regulationDetail.chapters }),
    'GET /api/v1/regulations/1/versions/2/coverage': () => json({ regulationId: 1, versionNumber: 2, articles: 2, citedArticles: 0, uncited: [] }),
    'GET /api/v1/regulations/1/versions/2': () => json(v2),
    ...extra,
  });
}

const routes = [{ path: '/regulations/:id', element: <RegulationDetailPage /> }];
const docx = () => new File([new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])], 'quy-che.docx');

async function openImport() {
  const region = await screen.findByRole('region', { name: 'Nội dung quy chế' });
  await userEvent.click(await within(region).findByRole('button', { name: 'Nhập nội dung từ văn bản' }));
  return screen.findByRole('form', { name: 'Nhập nội dung quy chế từ văn bản đã ký' });
}

afterEach(() => signOut());

describe('importing the text from a document', () => {
  it('is offered to coordinators only', async () => {
    api();
    renderRoutes(routes, '/regulations/1');
    await screen.findByRole('region', { name: 'Nội dung quy chế' });
    await screen.findAllByRole('heading', { level: 3 });
    expect(screen.queryByRole('button', { name: 'Nhập nội dung từ văn bản' })).toBeNull();
  });

  it('previews the tree with its counts and skipped paragraphs, then creates the draft and opens it', async () => {
    await signInAs();
    const bodies: { url: string; type: string | null; bytes: number }[] = [];
    const { requests } = api({
      'POST /api/v1/regulations/1/versions/import': async (request) => {
        bodies.push({ url: request.url, type: request.headers.get('Content-Type'), bytes: (await request.arrayBuffer()).byteLength });
        return new URL(request.url).searchParams.get('preview') === 'true'
          ? json(preview)
          : json({ regulationId: 1, version: v2, lang: 'vi', chapters: regulationDetail.chapters }, 201);
      },
    });
    const { router } = renderRoutes(routes, '/regulations/1');
    const form = await openImport();
    await userEvent.upload(within(form).getByLabelText('Tệp văn bản'), docx());
    await userEvent.type(within(form).getByLabelText('Ghi chú của bản dự thảo (không bắt buộc)'), 'Bản ký');
    await userEvent.click(within(form).getByRole('button', { name: 'Xem trước' }));

    const tree = await within(form).findByRole('region', { name: 'Cây nội dung đọc được' });
    const count = (kind: string) => tree.querySelector(`dd[data-kind="${kind}"]`)!.textContent;
    expect([count('chapter'), count('article'), count('clause'), count('point'), count('total')]).toEqual(['3', '2', '3', '1', '9']);
    expect(within(tree).getByText('2 đoạn trước chương, điều đầu tiên được bỏ qua')).toBeTruthy();
    expect([...tree.querySelectorAll('.import-tree__item--article > .import-tree__line')].map((l) => l.textContent)).toEqual([
      'Điều 1. Nguyên tắc phối hợp',
      'Điều 2. Hiệu lực thi hành',
    ]);
    expect(tree.querySelector('.import-tree__item--point > .import-tree__line')!.textContent).toBe('a) Bảo vệ bí mật nhà nước.');
    expect(bodies[0]).toMatchObject({ type: importMediaTypes.docx, bytes: 7 });
    expect(new URL(bodies[0]!.url).searchParams.get('preview')).toBe('true');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    await userEvent.click(within(form).getByRole('button', { name: 'Tạo bản dự thảo' }));
    await waitFor(() => expect(router.state.location.search).toBe('?version=2'));
    const created = new URL(bodies[1]!.url).searchParams;
    expect([created.get('preview'), created.get('note')]).toEqual([null, 'Bản ký']);
    expect(bodies[1]).toMatchObject({ type: importMediaTypes.docx, bytes: 7 });
    expect(await screen.findByText('Bản số 2 là bản dự thảo: các thay đổi chỉ có hiệu lực khi được ban hành.')).toBeTruthy();
  });

  it('lists the paragraphs the API could not place, in its words, and offers no draft', async () => {
    await signInAs();
    api({
      'POST /api/v1/regulations/1/versions/import': () =>
        problem(400, 'One or more validation errors occurred.', undefined, {
          errors: { 'paragraphs[5]': ["Paragraph 5 ('a) Trao đổi thông tin về nguy cơ'): a lettered point (a) must follow a numbered clause."] },
        }),
    });
    renderRoutes(routes, '/regulations/1');
    const form = await openImport();
    await userEvent.upload(within(form).getByLabelText('Tệp văn bản'), docx());
    await userEvent.click(within(form).getByRole('button', { name: 'Xem trước' }));
    const summary = await within(form).findByText('paragraphs[5]');
    expect(summary.closest('li')!.textContent).toContain("Paragraph 5 ('a) Trao đổi thông tin về nguy cơ')");
    expect(within(form).queryByRole('button', { name: 'Tạo bản dự thảo' })).toBeNull();
  });

  it('refuses a file of another kind before sending, next to the file input', async () => {
    await signInAs();
    const { requests } = api();
    renderRoutes(routes, '/regulations/1');
    const form = await openImport();
    const input = within(form).getByLabelText('Tệp văn bản');
    await userEvent.upload(input, new File(['%PDF'], 'quy-che.pdf'), { applyAccept: false });
    await userEvent.click(within(form).getByRole('button', { name: 'Xem trước' }));
    expect(await within(form).findByText('Hãy chọn tệp .docx hoặc tệp Akoma Ntoso (.xml).', { selector: '.field__error' })).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });
});
