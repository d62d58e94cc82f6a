import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

export const routes: RouteObject[] = [{ path: 'my-work', ...lazyPage(() => import('./components/MyWorkPage').then((m) => m.MyWorkPage)) }];

// First in the menu: the first screen of officers (app/routes.tsx sends them here after sign-in).
export const navigation: NavItem[] = [{ to: '/my-work', ns: 'work', label: 'nav', order: 1 }];
