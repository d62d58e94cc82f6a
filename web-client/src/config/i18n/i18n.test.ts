import { describe, expect, it } from 'vitest';
import en from './en.json';
import { i18n, languageStorageKey, storedLanguage } from './index';
import vi from './vi.json';

type Tree = { [key: string]: string | Tree };

// Plural forms differ by language (Vietnamese has one, English two), so compare the base keys.
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key.replace(/_(one|other)$/, '')}`] : keys(value, `${prefix}${key}.`)))
    .filter((key, index, all) => all.indexOf(key) === index)
    .sort();
}

describe('i18n resources', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(keys(en)).toEqual(keys(vi));
  });
});

describe('language choice', () => {
  it('defaults to Vietnamese', () => {
    expect(storedLanguage()).toBe('vi');
    expect(i18n.resolvedLanguage).toBe('vi');
  });

  it('uses a stored choice and ignores an unknown one', () => {
    localStorage.setItem(languageStorageKey, 'en');
    expect(storedLanguage()).toBe('en');
    localStorage.setItem(languageStorageKey, 'fr');
    expect(storedLanguage()).toBe('vi');
  });

  it('remembers a change and sets the document language', async () => {
    await i18n.changeLanguage('en');
    expect(localStorage.getItem(languageStorageKey)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
