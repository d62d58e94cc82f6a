/** Reading the AKN-style ids of a regulation's provisions: `chp_2__art_4__para_1__point_dd`. */

export type AknLanguage = 'vi' | 'en';

export interface AknPart {
  kind: 'chapter' | 'article' | 'clause' | 'point' | 'other';
  num: string;
}

const kinds: Record<string, AknPart['kind']> = { chp: 'chapter', art: 'article', para: 'clause', point: 'point' };

/** Splits an AKN id into its parts; a point `dd` is the letter đ. */
export function parseAknId(aknId: string): AknPart[] {
  return aknId.split('__').map((segment) => {
    const at = segment.indexOf('_');
    const prefix = at < 0 ? segment : segment.slice(0, at);
    const raw = at < 0 ? '' : segment.slice(at + 1);
    const kind = kinds[prefix] ?? 'other';
    return { kind, num: kind === 'point' && raw === 'dd' ? 'đ' : raw };
  });
}

/** The article a provision belongs to (itself for an article), or null for a chapter. */
export function articleOf(aknId: string): string | null {
  const segments = aknId.split('__');
  const at = segments.findIndex((s) => s.startsWith('art_'));
  return at < 0 ? null : segments.slice(0, at + 1).join('__');
}

/** Chapters are numbered in Roman numerals in the text; their AKN ids carry the Arabic value. */
export function toRoman(value: number): string {
  if (!Number.isInteger(value) || value <= 0 || value >= 4000) return String(value);
  const numerals: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let rest = value;
  let out = '';
  for (const [n, numeral] of numerals) {
    while (rest >= n) {
      out += numeral;
      rest -= n;
    }
  }
  return out;
}

/**
 * A provision's name as a reader cites it. Vietnamese legal style names the smallest part first
 * ("điểm a khoản 1 Điều 4"); English writes "Article 4(1)(a)".
 */
export function citeAkn(aknId: string, language: AknLanguage): string {
  const parts = parseAknId(aknId);
  const article = parts.find((p) => p.kind === 'article');
  const clause = parts.find((p) => p.kind === 'clause');
  const point = parts.find((p) => p.kind === 'point');
  if (!article) {
    const chapter = parts.find((p) => p.kind === 'chapter');
    if (!chapter) return aknId;
    const roman = toRoman(Number(chapter.num));
    return language === 'en' ? `Chapter ${roman}` : `Chương ${roman}`;
  }
  if (language === 'en') return `Article ${article.num}${clause ? `(${clause.num})` : ''}${point ? `(${point.num})` : ''}`;
  return [point && `điểm ${point.num}`, clause && `khoản ${clause.num}`, `Điều ${article.num}`].filter(Boolean).join(' ');
}
