export const ROLES = ['system_admin', 'info_admin', 'dept_head', 'staff', 'auditor', 'privacy_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'department:read',
  'department:write',
  'institution:read',
  'institution:write',
  'apiclient:read',
  'apiclient:write',
  'user:read',
  'user:write',
  'keys:read',
  'audit:read',
  'catalog:read',
  'catalog:write',
  'records:ingest',
  'policy:read',
  'policy:write',
  'grant:read',
  'grant:write',
  'grant:revoke',
  'emergency:open',
  'emergency:review',
  'share:request',
  'share:review',
  'violation:read',
  'violation:write',
  'violation:approve',
  'jobs:read',
  'alert:read',
  'alert:manage',
  'report:read',
  'report:write',
  'consent:read',
  'consent:write',
  'referral:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Role → permission table, the single source for every management route. Separation of duties
 * (三员分立): system_admin runs the installation and accounts but holds no data permission;
 * auditor only reads. dept_head user permissions are limited to their own department by
 * `canManageUser`, not here.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: ['department:read', 'department:write', 'institution:read', 'institution:write', 'apiclient:read', 'apiclient:write', 'user:read', 'user:write', 'keys:read', 'jobs:read'],
  info_admin: ['department:read', 'department:write', 'institution:read', 'institution:write', 'apiclient:read', 'apiclient:write', 'user:read', 'user:write', 'audit:read', 'catalog:read', 'catalog:write', 'records:ingest', 'policy:read', 'policy:write', 'grant:read', 'grant:write', 'grant:revoke', 'emergency:review', 'share:review', 'violation:read', 'violation:write', 'violation:approve', 'jobs:read', 'alert:read', 'alert:manage', 'report:read', 'report:write', 'consent:read', 'consent:write'],
  dept_head: ['department:read', 'institution:read', 'user:read', 'user:write', 'catalog:read', 'catalog:write', 'policy:read', 'emergency:open', 'share:request', 'share:review', 'grant:revoke', 'consent:read', 'consent:write', 'referral:write'],
  staff: ['department:read', 'institution:read', 'catalog:read', 'policy:read', 'emergency:open', 'share:request', 'consent:read', 'consent:write', 'referral:write'],
  auditor: ['department:read', 'institution:read', 'apiclient:read', 'user:read', 'audit:read', 'catalog:read', 'policy:read', 'grant:read', 'violation:read', 'jobs:read', 'alert:read', 'report:read', 'consent:read'],
  privacy_officer: ['department:read', 'institution:read', 'apiclient:read', 'user:read', 'catalog:read', 'policy:read', 'grant:read', 'share:review', 'violation:read', 'violation:approve', 'alert:read', 'report:read', 'consent:read', 'consent:write'],
};

/**
 * Roles that give no path to patient data at all (三员分立): the system administrator installs,
 * configures and manages accounts and keys, and must not read clinical records by any rule — not
 * even a grant naming them. The auditor and the privacy officer are not here: they have no
 * department or care-team rule either, but they oversee patients' consents and referrals from the
 * patient page and may be named in a grant, so the access decision answers them (404, empty pages)
 * like any reader without a rule.
 */
const WITHOUT_PATIENT_DATA: readonly Role[] = ['system_admin'];

/**
 * Whether any of the roles can reach patient data through some rule of the access decision. A
 * user holding system_admin together with a clinical role keeps that role's access.
 */
export function reachesPatientData(roles: readonly Role[]): boolean {
  return roles.some((role) => !WITHOUT_PATIENT_DATA.includes(role));
}

/** Roles that must be held alone: an administrator or auditor who also works with data defeats the split. */
const EXCLUSIVE_ROLES: readonly Role[] = ['system_admin', 'auditor'];

/** Who may hand out which role. dept_head may only create and manage ordinary staff. */
const ASSIGNABLE_BY: Record<Role, readonly Role[]> = {
  system_admin: ROLES,
  info_admin: ['info_admin', 'dept_head', 'staff', 'privacy_officer'],
  dept_head: ['staff'],
  staff: [],
  auditor: [],
  privacy_officer: [],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsFor(roles: readonly Role[]): Permission[] {
  const granted = new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Returns the conflicting pair, or null when the combination respects separation of duties. */
export function roleConflict(roles: readonly Role[]): Role[] | null {
  if (roles.length < 2) return null;
  const exclusive = roles.find((role) => EXCLUSIVE_ROLES.includes(role));
  if (!exclusive) return null;
  const other = roles.find((role) => role !== exclusive)!;
  return [exclusive, other];
}

/** The first role in `requested` that none of the actor's roles may assign, or null. */
export function unassignableRole(actorRoles: readonly Role[], requested: readonly Role[]): Role | null {
  const allowed = new Set(actorRoles.flatMap((role) => ASSIGNABLE_BY[role]));
  return requested.find((role) => !allowed.has(role)) ?? null;
}

export interface UserScopeActor {
  roles: readonly Role[];
  departmentId: string | null;
}

/**
 * Whether the actor may see or change users of `targetDepartmentId`. Administrators and
 * read-only overseers see everyone; a department head only their own department.
 */
export function userScopeDepartment(actor: UserScopeActor): string | null | 'all' {
  if (actor.roles.some((role) => role !== 'dept_head' && role !== 'staff' && hasPermission([role], 'user:read'))) return 'all';
  if (actor.roles.includes('dept_head')) return actor.departmentId;
  return null;
}

export function canManageUserIn(actor: UserScopeActor, targetDepartmentId: string | null): boolean {
  if (actor.roles.includes('system_admin') || actor.roles.includes('info_admin')) return true;
  return actor.roles.includes('dept_head') && actor.departmentId !== null && actor.departmentId === targetDepartmentId;
}
