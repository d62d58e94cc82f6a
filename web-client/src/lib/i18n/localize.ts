import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';

export type UiLanguage = 'vi' | 'en';

function uiLanguage(language: string | undefined): UiLanguage {
  return language?.startsWith('en') ? 'en' : 'vi';
}

/**
 * Picks the text of the UI language. Vietnamese is authoritative, so it stands in wherever an English
 * text is missing; `fallback` says when that happened so the UI can mark it.
 */
export function pickText(
  language: UiLanguage,
  vi: string | null | undefined,
  en: string | null | undefined,
): { text: string | null; lang: UiLanguage; fallback: boolean } {
  if (language === 'en' && en) return { text: en, lang: 'en', fallback: false };
  const text = vi || null;
  return { text, lang: 'vi', fallback: language === 'en' && text !== null };
}

const locales: Record<UiLanguage, string> = { vi: 'vi-VN', en: 'en-GB' };

// Vietnamese documents write dates as dd/mm/yyyy; English readers get the month spelled out, so
// that neither reads 03/04 the wrong way round.
const dateStyles: Record<UiLanguage, Intl.DateTimeFormatOptions> = {
  vi: { day: '2-digit', month: '2-digit', year: 'numeric' },
  en: { day: 'numeric', month: 'long', year: 'numeric' },
};

/** Formats an ISO date (yyyy-mm-dd) as a calendar date, without any time zone shifting it a day. */
export function formatDate(isoDate: string | null | undefined, language: UiLanguage): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locales[language], { ...dateStyles[language], timeZone: 'UTC' }).format(date);
}

export function formatMonth(month: number, language: UiLanguage): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) return String(month);
  const name = new Intl.DateTimeFormat(locales[language], { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
  // Vietnamese month names are "tháng 12": lower case, so that they read inside a sentence ("Dự kiến: tháng 12 năm 2027").
  return language === 'vi' ? name.toLocaleLowerCase('vi') : name;
}

/** The UI language and the helpers bound to it, re-rendering when the language changes. */
export function formatCount(value: number, language: UiLanguage): string {
  return new Intl.NumberFormat(locales[language]).format(value);
}

export function useLocalized() {
  const { t, i18n } = useTranslation();
  const language = uiLanguage(i18n.resolvedLanguage ?? i18n.language);
  return {
    t,
    language,
    pick: (vi: string | null | undefined, en: string | null | undefined) => pickText(language, vi, en),
    date: (isoDate: string | null | undefined) => formatDate(isoDate, language),
    month: (month: number) => formatMonth(month, language),
    /** A count with the language's digit grouping: 1.000.034 in Vietnamese, 1,000,034 in English. */
    count: (value: number) => formatCount(value, language),
    /**
     * The label of a code the API sends as a plain string (a status, a tier), looked up under `group`;
     * a code this client does not know yet is shown as it came rather than hidden.
     */
    code: (group: string, value: string) => {
      const key = `${group}.${value}` as ParseKeys;
      if (!i18n.exists(key)) return value;
      const label: unknown = t(key);
      return typeof label === 'string' ? label : value;
    },
  };
}
