import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import vi from './vi.json';

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

// Vietnamese is the language of the regulations themselves; English is a courtesy.
export const defaultLanguage: Language = 'vi';
export const languageStorageKey = 'coordination.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(languageStorageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    // Storage can be disabled (private modes, strict policies); the default still works.
    return defaultLanguage;
  }
}

function rememberLanguage(language: string): void {
  document.documentElement.lang = language;
  try {
    localStorage.setItem(languageStorageKey, language);
  } catch {
    // Not remembering the choice is acceptable; failing to switch is not.
  }
}

i18n.on('languageChanged', rememberLanguage);

// Each feature keeps its strings in features/<name>/i18n/{vi,en}.json, loaded as the namespace <name>.
const featureStrings = import.meta.glob<Record<string, unknown>>('../../features/*/i18n/*.json', { eager: true, import: 'default' });

function featureResources(language: Language): Record<string, Record<string, unknown>> {
  const found: Record<string, Record<string, unknown>> = {};
  for (const [path, strings] of Object.entries(featureStrings)) {
    const match = /features\/([^/]+)\/i18n\/([a-z]+)\.json$/.exec(path);
    if (match?.[2] === language && match[1]) found[match[1]] = strings;
  }
  return found;
}

void i18n.use(initReactI18next).init({
  resources: {
    vi: { translation: vi, ...featureResources('vi') },
    en: { translation: en, ...featureResources('en') },
  },
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: languages,
  initAsync: false,
  interpolation: { escapeValue: false },
});

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

export { i18n };
