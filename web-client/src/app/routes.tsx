import { Navigate, type RouteObject } from 'react-router-dom';
import type { FeatureRoutes, NavItem } from '@/lib/routing/types';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

// Every feature contributes its screens and menu entries from its own routes.tsx.
const features = import.meta.glob<FeatureRoutes>('../features/*/routes.tsx', { eager: true });

export const featureRoutes: RouteObject[] = Object.values(features).flatMap((f) => f.routes);

export const navigation: NavItem[] = Object.values(features)
  .flatMap((f) => f.navigation)
  .sort((a, b) => a.order - b.order);

export const routes: RouteObject[] = [
  {
    element: <AppShell navigation={navigation} />,
    children: [
      { index: true, element: <Navigate to="/regulations" replace /> },
      ...featureRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
