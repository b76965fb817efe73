import { SYSTEMS } from './audit-event-codes.js';
import type { Coding } from './fhir-types.js';

/**
 * What kind of thing an audited object is, in the RFC 3881 / DICOM vocabulary that FHIR kept:
 * ParticipantObjectTypeCode (audit-entity-type) and ParticipantObjectTypeCodeRole (object-role).
 */
export interface ParticipantObjectKind {
  type: Coding;
  role?: Coding;
}

const entityType = (code: string, display: string): Coding => ({ system: SYSTEMS.entityType, code, display });
const objectRole = (code: string, display: string): Coding => ({ system: SYSTEMS.objectRole, code, display });

const PERSON = entityType('1', 'Person');
const SYSTEM_OBJECT = entityType('2', 'System Object');
const ORGANIZATION = entityType('3', 'Organization');

const SECURITY_USER = objectRole('11', 'Security User Entity');
// DICOM's own Audit Log Used message classes the audit log as a Security Resource; grants, policy
// settings and keys decide access in the same way, so they share the role.
const SECURITY_RESOURCE = objectRole('13', 'Security Resource');

export const PATIENT_KIND: ParticipantObjectKind = { type: PERSON, role: objectRole('1', 'Patient') };
export const SECURITY_RESOURCE_KIND: ParticipantObjectKind = { type: SYSTEM_OBJECT, role: SECURITY_RESOURCE };
const DOMAIN_RESOURCE_KIND: ParticipantObjectKind = { type: SYSTEM_OBJECT, role: objectRole('4', 'Domain Resource') };

const KINDS: Readonly<Record<string, ParticipantObjectKind>> = {
  patient: PATIENT_KIND,
  user: { type: SYSTEM_OBJECT, role: SECURITY_USER },
  'api-client': { type: SYSTEM_OBJECT, role: SECURITY_USER },
  role: { type: SYSTEM_OBJECT, role: objectRole('12', 'Security Group Entity') },
  department: { type: ORGANIZATION, role: objectRole('8', 'Department') },
  // object-role has no plain "organization" role; a wrong role would mislead more than none.
  institution: { type: ORGANIZATION },
  organization: { type: ORGANIZATION },
  grant: SECURITY_RESOURCE_KIND,
  consent: SECURITY_RESOURCE_KIND,
  setting: SECURITY_RESOURCE_KIND,
  key: SECURITY_RESOURCE_KIND,
  audit: SECURITY_RESOURCE_KIND,
  'audit-log': SECURITY_RESOURCE_KIND,
  checkpoint: SECURITY_RESOURCE_KIND,
  // The resource catalog is master data about what exists.
  resource: { type: SYSTEM_OBJECT, role: objectRole('5', 'Master file') },
  query: { type: SYSTEM_OBJECT, role: objectRole('24', 'Query') },
};

/** Kind of an object type; anything unrecognised is a record in our data, i.e. a domain resource. */
export function participantObjectKind(objectType: string | null): ParticipantObjectKind {
  if (objectType === null) return DOMAIN_RESOURCE_KIND;
  return KINDS[objectType.trim().toLowerCase().replace(/_/g, '-')] ?? DOMAIN_RESOURCE_KIND;
}
