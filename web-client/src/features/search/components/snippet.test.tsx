import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseSnippet, Snippet } from './snippet';

describe('parseSnippet', () => {
  it('splits a snippet into text and the hits in <mark>', () => {
    expect(parseSnippet('Phối hợp <mark>bảo vệ an ninh</mark> mạng, <mark>bảo</mark> đảm…')).toEqual([
      { text: 'Phối hợp ', hit: false },
      { text: 'bảo vệ an ninh', hit: true },
      { text: ' mạng, ', hit: false },
      { text: 'bảo', hit: true },
      { text: ' đảm…', hit: false },
    ]);
  });

  it("decodes the text's own escaped characters after splitting, so they never become tags", () => {
    expect(parseSnippet('a &lt;mark&gt; b &amp; <mark>c</mark>')).toEqual([
      { text: 'a <mark> b & ', hit: false },
      { text: 'c', hit: true },
    ]);
  });

  it('keeps any other markup as plain text', () => {
    const parts = parseSnippet('<img src=x onerror=alert(1)><mark>hit</mark><script>alert(2)</script>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', hit: false },
      { text: 'hit', hit: true },
      { text: '<script>alert(2)</script>', hit: false },
    ]);
  });

  it('tolerates unbalanced tags and empty hits', () => {
    expect(parseSnippet('</mark>a<mark></mark>b<mark>c')).toEqual([
      { text: 'ab', hit: false },
      { text: 'c', hit: true },
    ]);
    expect(parseSnippet('')).toEqual([]);
  });

  it('decodes numeric references and leaves unknown ones alone', () => {
    expect(decodeEntities('&#7843;&#x1EA3;&bogus;&#0;')).toBe('ảả&bogus;&#0;');
  });
});

describe('Snippet', () => {
  it('renders hits as <mark> elements and everything else as text, never as HTML', () => {
    const { container } = render(<Snippet snippet={'x <mark>bảo vệ</mark> <b onclick="evil()">y</b> &lt;i&gt;'} />);
    const marks = container.querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['bảo vệ']);
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('i')).toBeNull();
    expect(container.textContent).toBe('x bảo vệ <b onclick="evil()">y</b> <i>');
  });
});
