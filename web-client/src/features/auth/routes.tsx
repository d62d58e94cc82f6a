import { lazy } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { NavItem } from '@/lib/routing/types';

const SignInPage = lazy(() => import('./components/SignInPage').then((m) => ({ default: m.SignInPage })));

/** The sign-in page is the one screen for people not signed in. */
export const publicRoutes: RouteObject[] = [{ path: 'sign-in', element: <SignInPage /> }];

export const routes: RouteObject[] = [];

export const navigation: NavItem[] = [];
