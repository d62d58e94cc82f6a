import type { RouteObject } from 'react-router-dom';

/** A menu entry a feature contributes. `label` is a key of the feature's own i18n namespace `ns`. */
export interface NavItem {
  to: string;
  ns: string;
  label: string;
  /** Menu order, ascending. */
  order: number;
  /** Roles that see the entry; omitted: every signed-in role. */
  roles?: readonly string[];
}

/** What a feature's `routes.tsx` exports; the app collects every feature's module, so no shared file is edited to add one. */
export interface FeatureRoutes {
  routes: RouteObject[];
  navigation: NavItem[];
}
