import type { Permission, Role } from './roles.js';

/** Who is calling, as established by authentication; handed to every service call. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  permissions: Permission[];
  sessionTokenHash: string;
  /** Cookie-authenticated writes need a CSRF token; bearer tokens cannot be sent by a browser on its own. */
  via: 'cookie' | 'bearer';
  csrfToken: string;
  /**
   * The `auth.mfa` policy requires a second factor of this user and they have none yet: every route
   * but the few that let them enrol answers 403 (set by AuthService; absent means false).
   */
  mfaEnrolmentRequired?: boolean;
}

/**
 * A partner institution's system, authenticated by a SMART Backend Services access token. It reads
 * only what the institution's grants open, over the FHIR API; it has no roles and no department.
 */
export interface InstitutionPrincipal {
  kind: 'institution';
  institutionId: string;
  institutionCode: string;
  institutionName: string;
  /** The registered API client: its public `client_id` (sent in every token request) and its row id. */
  clientId: string;
  apiClientId: string;
  /** SMART scopes granted with the token, e.g. `system/Observation.read`. */
  scopes: string[];
  /** Hash of the access token, never the token itself. */
  tokenHash: string;
}

export type Principal = UserPrincipal;
