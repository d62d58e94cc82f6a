import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

const strings = import.meta.glob<Tree>('../features/*/i18n/*.json', { eager: true, import: 'default' });

// Plural forms differ by language (Vietnamese has one, English two), so compare the base keys.
function keys(tree: Tree, prefix = ''): string[] {
  return [...new Set(Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key.replace(/_(one|other)$/, '')}`] : keys(value, `${prefix}${key}.`))))].sort();
}

const features = [...new Set(Object.keys(strings).map((path) => /features\/([^/]+)\//.exec(path)![1]!))];

describe('feature strings', () => {
  it.each(features)('%s has the same keys in Vietnamese and English', (feature) => {
    const vi = strings[`../features/${feature}/i18n/vi.json`];
    const en = strings[`../features/${feature}/i18n/en.json`];
    expect(vi, 'vi.json').toBeDefined();
    expect(en, 'en.json').toBeDefined();
    expect(keys(en!)).toEqual(keys(vi!));
  });
});
