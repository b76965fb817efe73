import type { Role } from '../../org/index.js';

/**
 * Whose consents a caller may handle. The information administrator and the privacy officer take
 * in paper forms for any patient, and auditors read any; clinicians (staff, department heads) only
 * for patients they can see through `access` (department, care team or emergency). The system
 * administrator never: consents are clinical data (三员分立).
 */
export type ConsentAction = 'read' | 'write';
export type ConsentReach = 'any-patient' | 'treating' | 'none';

const ANY_PATIENT: Record<ConsentAction, readonly Role[]> = {
  write: ['info_admin', 'privacy_officer'],
  read: ['info_admin', 'privacy_officer', 'auditor'],
};
const TREATING: readonly Role[] = ['staff', 'dept_head'];

export function consentReach(roles: readonly Role[], action: ConsentAction): ConsentReach {
  if (roles.some((role) => ANY_PATIENT[action].includes(role))) return 'any-patient';
  if (roles.some((role) => TREATING.includes(role))) return 'treating';
  return 'none';
}
