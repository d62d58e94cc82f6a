import 'i18next';
import type vi from './vi.json';

// Translation keys are checked against the Vietnamese resources, the reference language.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
