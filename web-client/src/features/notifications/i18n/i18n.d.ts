import 'i18next';
import type vi from './vi.json';

declare module 'i18next' {
  interface FeatureResources {
    notifications: typeof vi;
  }
}
