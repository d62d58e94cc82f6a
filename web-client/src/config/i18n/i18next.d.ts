import 'i18next';
import type vi from './vi.json';

// Translation keys are checked against the Vietnamese resources, the reference language. Each feature adds its own
// namespace to FeatureResources in features/<name>/i18n/i18n.d.ts, so no feature edits this file.
declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FeatureResources {}

  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi } & FeatureResources;
  }
}
