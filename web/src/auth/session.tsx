import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { configureClient } from '../api/client';
import { authApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import type { Me, SecondFactor } from '../api/types';
import { hasPermission } from '../nav/menu';
import { clearPurpose } from '../pages/patients/purpose';
import { afterUnauthorized } from './unauthorized';

export type SessionState =
  | { status: 'loading' }
  /** `signedOut` marks a deliberate sign-out, after which login should not return to the old page. */
  | { status: 'anonymous'; signedOut?: boolean }
  | { status: 'authenticated'; me: Me }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  me: Me | undefined;
  /** Whether the user holds the permission (any one, for a list). */
  can: (permission: string | readonly string[]) => boolean;
  /** Signs in; `second` answers a 401 MFA_REQUIRED. Resolves to the signed-in user, for choosing the next page. */
  login: (username: string, password: string, second?: SecondFactor) => Promise<Me>;
  logout: () => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  // A page's own requests still in flight when the user signs out come back 401. They must not
  // turn the deliberate sign-out into an "expired session" that would send the next user back here.
  const signingOut = useRef(false);

  const reload = useCallback(async () => {
    try {
      const me = await authApi.me();
      setState({ status: 'authenticated', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
      else setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    // Any 401 outside login means the server session is gone (expired, revoked, signed out elsewhere);
    // dropping to anonymous lets the route guard send the user to /login.
    configureClient({
      onUnauthorized: () => setState((current) => afterUnauthorized(current, signingOut.current)),
      // The policy began to require a factor while this user was signed in: reading /me again marks the
      // session as enrolling, and the layout then sends the user to set one up.
      onMfaEnrolmentRequired: () => void reload(),
    });
    return () => configureClient({ onUnauthorized: () => undefined, onMfaEnrolmentRequired: () => undefined });
  }, [reload]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const login = useCallback(async (username: string, password: string, second?: SecondFactor) => {
    await authApi.login(username, password, second);
    // The login response has the user but not the permissions the menu needs.
    const me = await authApi.me();
    setState({ status: 'authenticated', me });
    return me;
  }, []);

  const logout = useCallback(async () => {
    signingOut.current = true;
    try {
      await authApi.logout();
    } catch {
      // Signing out must always end locally, even if the server session was already gone.
    } finally {
      signingOut.current = false;
    }
    // The next person signing in on this tab chooses their own purpose of use.
    clearPurpose();
    setState({ status: 'anonymous', signedOut: true });
  }, []);

  const value = useMemo<Session>(() => {
    const me = state.status === 'authenticated' ? state.me : undefined;
    const permissions = me?.permissions ?? [];
    return {
      state,
      me,
      can: (permission: string | readonly string[]) => me !== undefined && hasPermission(permissions, permission),
      login,
      logout,
      reload,
    };
  }, [state, login, logout, reload]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionProvider');
  return session;
}

/** For pages behind RequireAuth, where the user is known to be signed in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe used outside an authenticated route');
  return me;
}
