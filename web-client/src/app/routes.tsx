import { Navigate, type RouteObject } from 'react-router-dom';
import { RequireSession } from '@/lib/auth/RequireSession';
import { useSession } from '@/lib/auth/session';
import type { FeatureRoutes, NavItem } from '@/lib/routing/types';
import { Loading } from '@/lib/ui/QueryState';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { PublicLayout } from './PublicLayout';

/** A feature may also offer screens for people not signed in (the sign-in page). */
type FeatureModule = FeatureRoutes & { publicRoutes?: RouteObject[] };

// Every feature contributes its screens and menu entries from its own routes.tsx.
const features = import.meta.glob<FeatureModule>('../features/*/routes.tsx', { eager: true });

export const featureRoutes: RouteObject[] = Object.values(features).flatMap((f) => f.routes);

export const publicRoutes: RouteObject[] = Object.values(features).flatMap((f) => f.publicRoutes ?? []);

export const navigation: NavItem[] = Object.values(features)
  .flatMap((f) => f.navigation)
  .sort((a, b) => a.order - b.order);

/** The first screen: officers start from their own work, everyone else from the dashboard. */
function Home() {
  const { hasRole } = useSession();
  return <Navigate to={hasRole('officer') ? '/my-work' : '/dashboard'} replace />;
}

// Screens are loaded by the router (lazyPage); until the first one is there, the loading line stands in.
export const routes: RouteObject[] = [
  { element: <PublicLayout />, hydrateFallbackElement: <Loading />, children: publicRoutes },
  {
    hydrateFallbackElement: <Loading />,
    element: (
      <RequireSession>
        <AppShell navigation={navigation} />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Home /> },
      ...featureRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
