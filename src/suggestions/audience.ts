import type { AuditActor } from '../audit/index.js';
import type { Role } from '../org/index.js';
import type { Capacity } from './workflow.js';

/**
 * Who may see and do what with suggestions. The role table has no suggestion permission, so the
 * routes are open to every signed-in user and these rules decide: the information administrator
 * handles (答复), the auditor only reads, everyone else sees their own — and someone else's
 * suggestion answers 404, as if it did not exist.
 */
export function canHandle(roles: readonly Role[]): boolean {
  return roles.includes('info_admin');
}

export function canOversee(roles: readonly Role[]): boolean {
  return canHandle(roles) || roles.includes('auditor');
}

/**
 * On their own suggestion a handler acts only as its submitter: nobody answers their own
 * complaint, and a handler's name on an answer to their own anonymous one would give them away.
 */
export function capacitiesOf(roles: readonly Role[], isSubmitter: boolean): Capacity[] {
  if (isSubmitter) return ['submitter'];
  return canHandle(roles) ? ['handler'] : [];
}

/**
 * What the audit log records as the actor when the submitter of an anonymous suggestion acts on
 * it. Information administrators read the audit log, so the entry must not name the submitter;
 * the identity stays sealed on the suggestion itself for abuse handling.
 */
export const ANONYMOUS_SUBMITTER: AuditActor = Object.freeze({ type: 'anonymous', id: null, name: 'anonymous suggestion submitter', roles: [], departmentId: null }) as AuditActor;

/** The audit actor for a request on one suggestion: the anonymous stand-in, or null for the caller as is. */
export function auditActorOverride(subject: { anonymous: boolean; isSubmitter: boolean }): AuditActor | null {
  return subject.anonymous && subject.isSubmitter ? ANONYMOUS_SUBMITTER : null;
}
