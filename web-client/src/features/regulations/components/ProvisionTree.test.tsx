import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/config/i18n';
import { regulationDetail } from '@/testing/fixtures';
import { lacksEnglish, ProvisionTree } from './ProvisionTree';

const chapters = regulationDetail.chapters;

describe('ProvisionTree', () => {
  it('renders chapters and articles as nested headings', () => {
    render(<ProvisionTree provisions={chapters} level={3} />);
    const chapterHeadings = screen.getAllByRole('heading', { level: 3 });
    expect(chapterHeadings.map((h) => h.textContent)).toEqual([
      'Chương I Những quy định chung',
      'Chương II Nội dung phối hợp',
      'Chương III Tổ chức thực hiện',
    ]);
    const chapterOne = screen.getByRole('region', { name: 'Chương I Những quy định chung' });
    expect(within(chapterOne).getByRole('heading', { level: 4 }).textContent).toBe('Điều 1. Nguyên tắc phối hợp');
  });

  it('nests clauses and points as numbered lists inside their article', () => {
    render(<ProvisionTree provisions={chapters} level={3} />);
    const article = screen.getByRole('article', { name: 'Điều 1. Nguyên tắc phối hợp' });
    const clauses = within(article).getAllByRole('list')[0]!;
    const clauseItems = within(clauses).getAllByRole('listitem').filter((li) => li.parentElement === clauses);
    expect(clauseItems).toHaveLength(2);
    expect(clauseItems[0]!.textContent).toContain('1.Tuân thủ quy định của pháp luật.');
    const points = within(clauseItems[0]!).getByRole('list');
    expect(within(points).getByRole('listitem').textContent).toBe('a)Bảo vệ bí mật nhà nước.');
  });

  it('marks where a summary starts, once for it and all it contains', () => {
    render(<ProvisionTree provisions={chapters} level={3} />);
    const badges = screen.getAllByText('Tóm tắt, không phải văn bản chính thức');
    // Article 1 and its clause 1 are both summaries: one badge, on the article. Article 2 is official
    // wording, its clause 1 a summary: a badge on the clause.
    expect(badges.map((badge) => badge.closest('[data-kind]')?.id)).toEqual(['chp_1__art_1', 'chp_3__art_2__para_1']);
  });

  it('shows English text in English, and the Vietnamese text where there is no English', async () => {
    await i18n.changeLanguage('en');
    render(<ProvisionTree provisions={chapters} level={3} />);
    expect(screen.getByRole('heading', { name: 'Article 1. Principles of coordination' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Chapter II Content of coordination' })).toBeTruthy();
    expect(screen.getByText('Comply with the law.')).toBeTruthy();
    expect(screen.getAllByText('Summary, not official wording')).toHaveLength(2);
    const fallback = screen.getByText('Phối hợp ngang cấp.');
    expect(fallback.getAttribute('lang')).toBe('vi');
  });

  it('keeps a number that already carries its label', () => {
    render(
      <ProvisionTree
        provisions={[{ ...chapters[1]!, num: 'Chương 2', children: [] }]}
        level={3}
      />,
    );
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('Chương 2 Nội dung phối hợp');
  });
});

describe('lacksEnglish', () => {
  it('finds a missing English text deep in the tree', () => {
    expect(lacksEnglish(chapters)).toBe(true);
    expect(lacksEnglish(chapters.slice(1))).toBe(false);
    expect(lacksEnglish([{ ...chapters[1]!, headingEn: null }])).toBe(true);
  });
});
