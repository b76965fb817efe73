import type { Me, User } from '../api/types';

/** Where a user whose roles require two-step verification enrols; the only page open to them until then. */
export const MFA_ENROL_PATH = '/profile';

/**
 * The policy (`auth.mfa` `requiredRoles`) demands a factor the user has not confirmed yet. The server
 * then refuses everything but /me, sign-out, password change and /me/mfa/* (403 MFA_ENROLMENT_REQUIRED),
 * so the console keeps the user on the enrolment page instead of showing pages that would only fail.
 */
export function mustEnrolMfa(user: Pick<User, 'mfa'>): boolean {
  // An older server without the field is treated as having no requirement.
  return user.mfa?.required === true && !user.mfa.enrolled;
}

/** The page to open after sign-in: the one asked for, unless enrolment comes first. */
export function pathAfterSignIn(me: Me, requested: string): string {
  return mustEnrolMfa(me.user) ? MFA_ENROL_PATH : requested;
}

/** Whether a path may be shown while enrolment is pending (anything else is sent to the enrolment page). */
export function openWhileEnrolling(pathname: string): boolean {
  return pathname === MFA_ENROL_PATH || pathname === `${MFA_ENROL_PATH}/`;
}
