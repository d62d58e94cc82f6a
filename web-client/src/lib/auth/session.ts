import { useSyncExternalStore } from 'react';
import { api, setAccessToken } from '@/lib/api/client';
import { isProblemDocument, type ProblemDocument } from '@/lib/api/problem';
import type { components } from '@/lib/api/schema';

export type Me = components['schemas']['Me'];

export interface Session {
  /** The signed-in person, once /auth/me has answered. */
  me: Me | null;
  /** A token is held (it may still be being checked). */
  signedIn: boolean;
  /** True while the token held at start-up is being checked. */
  restoring: boolean;
  /** How the last session in this tab ended: the person signed out, or the API stopped accepting its token. */
  ended?: 'signed-out' | 'expired';
}

// The token lives in this tab's sessionStorage: readable only by this origin, gone when the tab closes, cleared on
// sign-out. (An HttpOnly cookie would hide it from scripts too, but the API is a bearer-token API for other systems.)
export const tokenStorageKey = 'coordination.token';

const signInPath = '/api/v1/auth/token';

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

// A tab that holds a token starts as "restoring", so that guarded screens wait for /auth/me instead of sending
// the person to the sign-in page and back.
let session: Session = storedToken() ? { me: null, signedIn: true, restoring: true } : { me: null, signedIn: false, restoring: false };

async function loadMe(): Promise<Me | null> {
  const { data } = await api.GET('/api/v1/auth/me');
  return data ?? null;
}

export type SignInResult = { ok: true; me: Me } | { ok: false; status: number; problem: ProblemDocument };

/** Exchanges a username and password for a token; on failure, hands back the API's problem document (wrong password, lockout, 429). */
export async function authenticate(username: string, password: string): Promise<SignInResult> {
  const { data, error, response } = await api.POST(signInPath, { body: { username, password } });
  if (!data) {
    const problem: ProblemDocument = isProblemDocument(error) ? error : { title: response.statusText || `HTTP ${response.status}` };
    const retryAfter = response.headers.get('Retry-After');
    return { ok: false, status: response.status, problem: retryAfter && !problem.detail ? { ...problem, detail: `Retry-After: ${retryAfter}s` } : problem };
  }

  setAccessToken(data.accessToken);
  storeToken(data.accessToken);
  publish({ me: null, signedIn: true, restoring: true });
  const me = await loadMe();
  if (!me) {
    signOut();
    return { ok: false, status: 401, problem: { title: 'The token was not accepted.', status: 401 } };
  }
  publish({ me, signedIn: true, restoring: false });
  return { ok: true, me };
}

/** Exchanges a username and password for a token; resolves to the problem's detail on failure, or null on success. */
export async function signIn(username: string, password: string): Promise<string | null> {
  const result = await authenticate(username, password);
  return result.ok ? null : (result.problem.detail ?? result.problem.title ?? `HTTP ${result.status}`);
}

/** Forgets the token. `reason` tells the sign-in page what happened; a deliberate sign-out does not come back to where it was. */
export function signOut(reason?: Session['ended']): void {
  setAccessToken(null);
  storeToken(null);
  publish({ me: null, signedIn: false, restoring: false, ...(reason ? { ended: reason } : {}) });
}

let restoring: Promise<void> | null = null;

/** At start-up: resume the tab's session if it holds a token that the API still accepts. Runs once however often it is called. */
export function restoreSession(): Promise<void> {
  restoring ??= (async () => {
    const token = storedToken();
    if (!token) return;
    setAccessToken(token);
    publish({ me: null, signedIn: true, restoring: true });
    const me = await loadMe();
    if (me) publish({ me, signedIn: true, restoring: false });
    else signOut();
  })().finally(() => {
    restoring = null;
  });
  return restoring;
}

// Any call the API answers 401 while a session is held means the token expired or was refused: end the session,
// and the guarded screens send the person to the sign-in page (and back after).
api.use({
  onResponse({ request, response }) {
    if (response.status === 401 && session.signedIn && !new URL(request.url, 'http://x').pathname.endsWith(signInPath)) {
      signOut('expired');
    }
    return response;
  },
});

export function getSession(): Session {
  return session;
}

/** Whether the person holds at least one of the roles. */
export function hasAnyRole(me: Pick<Me, 'roles'> | null | undefined, roles: readonly string[]): boolean {
  return roles.some((role) => (me?.roles as readonly string[] | undefined)?.includes(role) ?? false);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session & { hasRole: (...roles: string[]) => boolean } {
  const current = useSyncExternalStore(subscribe, () => session);
  return { ...current, hasRole: (...roles: string[]) => hasAnyRole(current.me, roles) };
}
