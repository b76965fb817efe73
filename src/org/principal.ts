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
}

export type Principal = UserPrincipal;
