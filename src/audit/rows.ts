import { canonicalJson, type AuditEntry } from './entry.js';
import type { AuditEntryRow } from './tables.js';

/** Sharing records are kept 3 years (PIPL Art. 56); everything else is a system event (≥180 days). */
const SHARING_OBJECT_TYPES = new Set(['share_request', 'grant', 'record', 'patient', 'consent', 'export_package', 'fhir_resource']);

export function retentionClassOf(entry: AuditEntry): 'system' | 'sharing' {
  return entry.patientId || entry.grantId || (entry.objectType && SHARING_OBJECT_TYPES.has(entry.objectType)) ? 'sharing' : 'system';
}

export function entryToRow(entry: AuditEntry): AuditEntryRow {
  return {
    seq: entry.seq,
    recorded_at: entry.recordedAt,
    actor_type: entry.actor.type,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    actor_roles: canonicalJson([...entry.actor.roles].sort()),
    actor_department_id: entry.actor.departmentId,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    patient_id: entry.patientId,
    purpose_of_use: entry.purposeOfUse,
    grant_id: entry.grantId,
    access_basis: entry.accessBasis,
    outcome: entry.outcome,
    reason: entry.reason,
    source_ip: entry.sourceIp,
    user_agent: entry.userAgent,
    request_id: entry.requestId,
    details: canonicalJson(entry.details),
    retention_class: retentionClassOf(entry),
  };
}

/**
 * Rebuilds the entry exactly as it was hashed. Verification hashes what this returns, so any
 * change to a stored column changes the leaf.
 */
export function rowToEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    recordedAt: row.recorded_at,
    actor: {
      type: row.actor_type as AuditEntry['actor']['type'],
      id: row.actor_id,
      name: row.actor_name,
      roles: JSON.parse(row.actor_roles) as string[],
      departmentId: row.actor_department_id,
    },
    action: row.action as AuditEntry['action'],
    objectType: row.object_type,
    objectId: row.object_id,
    patientId: row.patient_id,
    purposeOfUse: row.purpose_of_use,
    grantId: row.grant_id,
    accessBasis: row.access_basis,
    outcome: row.outcome as AuditEntry['outcome'],
    reason: row.reason,
    sourceIp: row.source_ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
