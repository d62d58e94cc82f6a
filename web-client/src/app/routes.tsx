import { lazy } from 'react';
import { Navigate, type RouteObject } from 'react-router-dom';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';

// Each screen is its own chunk, so the first load carries only the shell and the screen it opens.
const RegulationListPage = lazy(() =>
  import('@/features/regulations/components/RegulationListPage').then((m) => ({ default: m.RegulationListPage })),
);
const RegulationDetailPage = lazy(() =>
  import('@/features/regulations/components/RegulationDetailPage').then((m) => ({ default: m.RegulationDetailPage })),
);

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/regulations" replace /> },
      { path: 'regulations', element: <RegulationListPage /> },
      { path: 'regulations/:id', element: <RegulationDetailPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
