import { useSyncExternalStore } from 'react';
import { api, setAccessToken } from '@/lib/api/client';
import type { components } from '@/lib/api/schema';

export type Me = components['schemas']['Me'];

export interface Session {
  /** The signed-in person, once /auth/me has answered. */
  me: Me | null;
  /** A token is held (it may still be being checked). */
  signedIn: boolean;
  /** True while the token held at start-up is being checked. */
  restoring: boolean;
}

// The token lives in this tab's sessionStorage: readable only by this origin, gone when the tab closes, cleared on
// sign-out. (An HttpOnly cookie would hide it from scripts too, but the API is a bearer-token API for other systems.)
export const tokenStorageKey = 'coordination.token';

let session: Session = { me: null, signedIn: false, restoring: false };
const listeners = new Set<() => void>();

function publish(next: Session): void {
  session = next;
  listeners.forEach((listener) => listener());
}

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(tokenStorageKey);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(tokenStorageKey, token);
    else sessionStorage.removeItem(tokenStorageKey);
  } catch {
    // Without storage the session lasts until the page reloads.
  }
}

async function loadMe(): Promise<Me | null> {
  const { data } = await api.GET('/api/v1/auth/me');
  return data ?? null;
}

/** Exchanges a username and password for a token; resolves to the problem's detail on failure, or null on success. */
export async function signIn(username: string, password: string): Promise<string | null> {
  const { data, error, response } = await api.POST('/api/v1/auth/token', { body: { username, password } });
  if (!data) {
    const detail = (error as { detail?: string; title?: string } | undefined)?.detail ?? (error as { title?: string } | undefined)?.title;
    return detail ?? `HTTP ${response.status}`;
  }

  setAccessToken(data.accessToken);
  storeToken(data.accessToken);
  publish({ me: null, signedIn: true, restoring: true });
  const me = await loadMe();
  publish({ me, signedIn: me !== null, restoring: false });
  return me ? null : 'The token was not accepted.';
}

export function signOut(): void {
  setAccessToken(null);
  storeToken(null);
  publish({ me: null, signedIn: false, restoring: false });
}

/** At start-up: resume the tab's session if it holds a token that the API still accepts. */
export async function restoreSession(): Promise<void> {
  const token = storedToken();
  if (!token) return;
  setAccessToken(token);
  publish({ me: null, signedIn: true, restoring: true });
  const me = await loadMe();
  if (me) publish({ me, signedIn: true, restoring: false });
  else signOut();
}

export function getSession(): Session {
  return session;
}

export function useSession(): Session & { hasRole: (...roles: string[]) => boolean } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => session,
  );
  return { ...current, hasRole: (...roles: string[]) => roles.some((role) => current.me?.roles.includes(role) ?? false) };
}
