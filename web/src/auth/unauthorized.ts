import type { SessionState } from './session';

/**
 * The session after a request came back 401.
 *
 * An anonymous session stays as it is, so a late 401 cannot undo a deliberate sign-out. A 401 that
 * arrives while the user is signing out (the page's own requests racing the logout) is part of that
 * sign-out; only otherwise has the session expired, and then login returns to the page it left.
 */
export function afterUnauthorized(current: SessionState, signingOut: boolean): SessionState {
  if (current.status === 'anonymous') return current;
  return signingOut ? { status: 'anonymous', signedOut: true } : { status: 'anonymous' };
}
