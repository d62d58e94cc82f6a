import { describe, expect, it } from 'vitest';
import { translationKeys } from '@/testing/i18nKeys';
import en from './en.json';
import vi from './vi.json';

describe('search strings', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(translationKeys(en)).toEqual(translationKeys(vi));
  });
});
