import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth, pickText } from './localize';

describe('pickText', () => {
  it('takes the text of the UI language', () => {
    expect(pickText('vi', 'Điều', 'Article')).toEqual({ text: 'Điều', lang: 'vi', fallback: false });
    expect(pickText('en', 'Điều', 'Article')).toEqual({ text: 'Article', lang: 'en', fallback: false });
  });

  it('falls back to the authoritative Vietnamese text, and says so', () => {
    expect(pickText('en', 'Điều', null)).toEqual({ text: 'Điều', lang: 'vi', fallback: true });
    expect(pickText('en', 'Điều', '')).toEqual({ text: 'Điều', lang: 'vi', fallback: true });
    expect(pickText('en', null, null)).toEqual({ text: null, lang: 'vi', fallback: false });
  });
});

describe('formatDate', () => {
  it('formats a calendar date without shifting it across time zones', () => {
    expect(formatDate('2021-11-24', 'vi')).toBe('24/11/2021');
    expect(formatDate('2021-11-24', 'en')).toBe('24 November 2021');
    expect(formatDate('2021-11-24T23:30:00+07:00', 'vi')).toBe('24/11/2021');
  });

  it('leaves what is not a date as it is', () => {
    expect(formatDate('not a date', 'vi')).toBe('not a date');
    expect(formatDate(null, 'vi')).toBe('');
  });
});

describe('formatMonth', () => {
  it('names the month in the UI language', () => {
    expect(formatMonth(11, 'en')).toBe('November');
    expect(formatMonth(11, 'vi')).toBe('tháng 11');
    expect(formatMonth(13, 'en')).toBe('13');
  });
});
