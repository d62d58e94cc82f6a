import { describe, expect, it } from 'vitest';
import { articleOf, citeAkn, parseAknId, toRoman } from './akn';

describe('AKN ids', () => {
  it('splits an id into its parts, the point đ included', () => {
    expect(parseAknId('chp_2__art_4__para_1__point_dd')).toEqual([
      { kind: 'chapter', num: '2' },
      { kind: 'article', num: '4' },
      { kind: 'clause', num: '1' },
      { kind: 'point', num: 'đ' },
    ]);
  });

  it('finds the article of a clause or point', () => {
    expect(articleOf('chp_2__art_4__para_1__point_a')).toBe('chp_2__art_4');
    expect(articleOf('chp_2__art_4')).toBe('chp_2__art_4');
    expect(articleOf('chp_2')).toBeNull();
  });

  it('cites provisions as Vietnamese and English readers write them', () => {
    expect(citeAkn('chp_2__art_4__para_1__point_a', 'vi')).toBe('điểm a khoản 1 Điều 4');
    expect(citeAkn('chp_2__art_4__para_1', 'en')).toBe('Article 4(1)');
    expect(citeAkn('chp_3', 'vi')).toBe('Chương III');
    expect(citeAkn('chp_3', 'en')).toBe('Chapter III');
  });

  it('writes Roman numerals', () => {
    expect([1, 4, 9, 14, 40, 1999].map(toRoman)).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIX']);
  });
});
