import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

const SearchPage = lazy(() => import('./components/SearchPage').then((m) => ({ default: m.SearchPage })));

export const routes: RouteObject[] = [{ path: 'search', element: <SearchPage /> }];

export const navigation: NavItem[] = [{ to: '/search', ns: 'search', label: 'nav', order: 15 }];
