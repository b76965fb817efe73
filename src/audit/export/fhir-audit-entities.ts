import { canonicalEntry, canonicalJson, type AuditEntry } from '../entry.js';
import { REQUEST_ID_ENTITY_TYPE } from './audit-event-codes.js';
import type { EntryExtras } from './export-context.js';
import type { AuditEventEntity, AuditEventEntityDetail, Reference } from './fhir-types.js';
import { PATIENT_KIND, SECURITY_RESOURCE_KIND, participantObjectKind, type ParticipantObjectKind } from './participant-object-kind.js';
import { urnPart } from './urn-part.js';

/** FHIR `id` syntax; an id outside it cannot appear in a literal reference. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export const AUDIT_LOG_SYSTEM = 'urn:yixiang:audit-log';
export const GRANT_SYSTEM = 'urn:yixiang:grant';
const PATIENT_SYSTEM = 'urn:yixiang:patient';
const OBJECT_SYSTEM = 'urn:yixiang:object';

/**
 * The BALP patient entity points at Patient/<id>. Our patient ids are internal ids; one that is
 * not a valid FHIR id is still recorded, as an identifier instead of a broken reference.
 */
function patientWhat(patientId: string): Reference {
  return FHIR_ID.test(patientId) ? { reference: `Patient/${patientId}` } : { identifier: { system: PATIENT_SYSTEM, value: patientId } };
}

/** Assembles an entity in FHIR's element order: what, type, role, description, detail. */
function withKind(entity: AuditEventEntity, kind: ParticipantObjectKind): AuditEventEntity {
  const { what, description, detail } = entity;
  return {
    ...(what ? { what } : {}),
    type: { ...kind.type },
    ...(kind.role ? { role: { ...kind.role } } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(detail ? { detail } : {}),
  };
}

/**
 * The object acted on. Its id is only meaningful within its type, so the type is part of the
 * identifier system — a user's internal id never collides with the `urn:yixiang:user` usernames
 * that identify agents.
 */
function objectEntity(entry: AuditEntry, kind: ParticipantObjectKind): AuditEventEntity {
  const entity: AuditEventEntity = {};
  if (entry.objectId !== null) {
    const system = entry.objectType === null ? OBJECT_SYSTEM : `${OBJECT_SYSTEM}:${urnPart(entry.objectType)}`;
    entity.what = kind === PATIENT_KIND ? patientWhat(entry.objectId) : { identifier: { system, value: entry.objectId } };
  }
  if (entry.objectType !== null) entity.description = entry.objectType;
  return withKind(entity, kind);
}

function detail(type: string, value: string): AuditEventEntityDetail {
  return { type, valueString: value };
}

/**
 * This entry as a record of the log itself: the seq and leaf hash match it to the Merkle tree, and
 * the exact canonical bytes let a reader recompute the leaf hash (H(0x00 ‖ bytes)) and check an
 * inclusion proof without trusting this export. Base64, because those bytes must survive intact;
 * the readable details are a plain string beside them.
 */
function logEntryEntity(entry: AuditEntry, extras: EntryExtras): AuditEventEntity {
  const details: AuditEventEntityDetail[] = [detail('seq', String(entry.seq))];
  if (extras.leafHash !== undefined) details.push(detail('leafHash', extras.leafHash));
  details.push({ type: 'canonicalEntry', valueBase64Binary: canonicalEntry(entry).toString('base64') });
  if (Object.keys(entry.details).length > 0) details.push(detail('details', canonicalJson(entry.details)));
  if (entry.accessBasis !== null) details.push(detail('accessBasis', entry.accessBasis));
  if (entry.actor.departmentId !== null) details.push(detail('actorDepartmentId', entry.actor.departmentId));
  if (entry.userAgent !== null) details.push(detail('userAgent', entry.userAgent));
  return withKind(
    { what: { identifier: { system: AUDIT_LOG_SYSTEM, value: String(entry.seq) } }, description: 'Yixiang audit log entry', detail: details },
    SECURITY_RESOURCE_KIND,
  );
}

/**
 * AuditEvent.entity, in BALP's order of interest: the object, the patient, the grant, the
 * request, then the log record. Duplicates are folded: an object that is the patient (or the
 * grant) is listed once, in its more specific slot.
 */
export function auditEventEntities(entry: AuditEntry, extras: EntryExtras): AuditEventEntity[] {
  const entities: AuditEventEntity[] = [];
  const kind = participantObjectKind(entry.objectType);
  const objectIsPatient = kind === PATIENT_KIND && entry.objectId !== null && entry.objectId === entry.patientId;
  const objectIsGrant = kind === SECURITY_RESOURCE_KIND && entry.objectId !== null && entry.objectId === entry.grantId;
  if ((entry.objectType !== null || entry.objectId !== null) && !objectIsPatient && !objectIsGrant) entities.push(objectEntity(entry, kind));
  if (entry.patientId !== null) entities.push(withKind({ what: patientWhat(entry.patientId) }, PATIENT_KIND));
  if (entry.grantId !== null) {
    entities.push(withKind({ what: { identifier: { system: GRANT_SYSTEM, value: entry.grantId } }, description: 'grant' }, SECURITY_RESOURCE_KIND));
  }
  if (entry.requestId !== null) entities.push({ what: { identifier: { value: entry.requestId } }, type: { ...REQUEST_ID_ENTITY_TYPE } });
  entities.push(logEntryEntity(entry, extras));
  return entities;
}
