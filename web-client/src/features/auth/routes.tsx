import type { RouteObject } from 'react-router-dom';
import { lazyPage } from '@/lib/routing/lazyPage';
import type { NavItem } from '@/lib/routing/types';

/** The sign-in page is the one screen for people not signed in. */
export const publicRoutes: RouteObject[] = [{ path: 'sign-in', ...lazyPage(() => import('./components/SignInPage').then((m) => m.SignInPage)) }];

export const routes: RouteObject[] = [];

export const navigation: NavItem[] = [];
