import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

export const routes: RouteObject[] = [{ path: 'search', ...lazyPage(() => import('./components/SearchPage').then((m) => m.SearchPage)) }];

export const navigation: NavItem[] = [{ to: '/search', ns: 'search', label: 'nav', order: 15 }];
