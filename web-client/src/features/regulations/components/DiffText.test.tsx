import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '@/config/i18n';
import type { Schemas } from '@/lib/api/vocabulary';
import { DiffText, hasChanges, newText, oldText } from './DiffText';

const ops: Schemas['DiffOp'][] = [
  { op: 'equal', text: '1. Trao đổi' },
  { op: 'delete', text: ', cung cấp ' },
  { op: 'insert', text: ' định kỳ ' },
  { op: 'equal', text: 'thông tin.' },
];

describe('word diff', () => {
  it('gives back the old and the new text', () => {
    expect(oldText(ops)).toBe('1. Trao đổi, cung cấp thông tin.');
    expect(newText(ops)).toBe('1. Trao đổi định kỳ thông tin.');
    expect(hasChanges(ops)).toBe(true);
    expect(hasChanges([{ op: 'equal', text: 'x' }])).toBe(false);
  });

  it('renders inserted words in <ins> and deleted ones in <del>, in order, announced for screen readers', () => {
    const { container } = render(<DiffText ops={ops} lang="vi" />);
    const paragraph = container.querySelector('p.diff')!;
    expect(paragraph.getAttribute('lang')).toBe('vi');
    expect([...paragraph.children].map((el) => el.tagName.toLowerCase())).toEqual(['span', 'del', 'ins', 'span']);
    const del = paragraph.querySelector('del')!;
    const ins = paragraph.querySelector('ins')!;
    expect(del.textContent).toBe('[bỏ đi: , cung cấp ]');
    expect(ins.textContent).toBe('[thêm vào:  định kỳ ]');
    // What is seen, without the hidden announcements, is the words themselves.
    const visible = (el: Element) =>
      [...el.childNodes].filter((n) => !(n instanceof HTMLElement && n.classList.contains('visually-hidden'))).map((n) => n.textContent).join('');
    expect(visible(del)).toBe(', cung cấp ');
    expect(visible(ins)).toBe(' định kỳ ');
  });

  it('announces the changes in English in English', async () => {
    await i18n.changeLanguage('en');
    const { container } = render(<DiffText ops={ops} />);
    expect(container.querySelector('ins')!.textContent).toContain('inserted:');
    expect(container.querySelector('del')!.textContent).toContain('deleted:');
  });

  it('keeps the text as text: markup in a diff is never interpreted', () => {
    const { container } = render(<DiffText ops={[{ op: 'insert', text: '<b>x</b>' }]} />);
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('ins')!.textContent).toContain('<b>x</b>');
  });
});
