import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '@/lib/ui/QueryState';
import { useSession } from './session';

export const signInRoute = '/sign-in';

/** The sign-in address that brings the person back to `here` afterwards. */
export function signInPathFor(here: string): string {
  return here && here !== '/' ? `${signInRoute}?next=${encodeURIComponent(here)}` : signInRoute;
}

/** Where to go after signing in: only a path of this app, never another origin (`//host`, `https:`). */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith(signInRoute)) return fallback;
  return next;
}

/** Renders its children only for a signed-in person; everyone else goes to the sign-in page and comes back after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { signedIn, restoring, me, ended } = useSession();
  const location = useLocation();
  if (signedIn && (restoring || !me)) return <Loading />;
  if (!signedIn) {
    const here = ended === 'signed-out' ? '/' : `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={signInPathFor(here)} replace />;
  }
  return children;
}
