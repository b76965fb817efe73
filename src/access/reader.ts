import type { InstitutionPrincipal, UserPrincipal } from '../org/index.js';
import type { ReaderFacts } from './department-rule.js';
import type { GranteeIdentity } from './grants.js';

/** Who reads through access: a member of staff, or a partner institution's system over FHIR. */
export type AccessPrincipal = UserPrincipal | InstitutionPrincipal;

/** What the rules need to know about the reader, whoever it is. */
export interface Reader extends ReaderFacts, GranteeIdentity {
  /** The key care teams know staff by; null for anyone who cannot be on one. */
  staffKey: string | null;
}

/**
 * A partner institution is its own grantee and nothing else: it has no department, no roles and no
 * care team, and cannot open an emergency window, so only its grants can open anything to it.
 */
export function readerOf(principal: AccessPrincipal, departmentCodeOf: (departmentId: string) => string | null): Reader {
  if (principal.kind === 'institution') return { userId: null, departmentId: null, institutionId: principal.institutionId, roles: [], departmentCode: null, staffKey: null };
  return {
    userId: principal.userId,
    departmentId: principal.departmentId,
    institutionId: null,
    roles: principal.roles,
    departmentCode: principal.departmentId ? departmentCodeOf(principal.departmentId) : null,
    staffKey: principal.username,
  };
}

/** The reader's identity as the audit log and lapsed-grant lookups see it. */
export function granteeIdentityOf(principal: AccessPrincipal): GranteeIdentity {
  return principal.kind === 'institution'
    ? { userId: null, departmentId: null, institutionId: principal.institutionId }
    : { userId: principal.userId, departmentId: principal.departmentId, institutionId: null };
}
