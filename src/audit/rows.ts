import { canonicalJson, ENTRY_FORMAT_VERSION, type AuditEntry } from './entry.js';
import type { AuditEntryRow } from './tables.js';

/** Sharing records are kept 3 years (PIPL Art. 56); everything else is a system event (≥180 days). */
const SHARING_OBJECT_TYPES = new Set(['share_request', 'grant', 'record', 'patient', 'consent', 'export_package', 'fhir_resource']);

export function retentionClassOf(entry: AuditEntry): 'system' | 'sharing' {
  return entry.patientId || entry.grantId || (entry.objectType && SHARING_OBJECT_TYPES.has(entry.objectType)) ? 'sharing' : 'system';
}

/** `detailsJson`, when the caller already has it, must be `canonicalJson(entry.details)`. */
export function entryToRow(entry: AuditEntry, detailsJson = canonicalJson(entry.details)): AuditEntryRow {
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
    details: detailsJson,
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

// JSON.stringify changes a string only where it has a quote, a backslash, a control character or
// a surrogate (escaping lone ones); anything else it merely quotes, and that is nearly every value.
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

// `== null` so that a field a JavaScript caller left undefined reads as null, exactly as
// canonicalJson renders it; anything but a plain string goes through JSON.stringify.
const text = (value: string | null | undefined) => {
  if (value == null) return 'null';
  return typeof value === 'string' && !NEEDS_ESCAPING.test(value) ? `"${value}"` : JSON.stringify(value);
};

function isJsonOf(raw: string, kind: 'array' | 'object'): boolean {
  try {
    const value: unknown = JSON.parse(raw);
    return kind === 'array' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * The canonical entry text of a row, with the two JSON columns spliced in as they are. For a row
 * made by `entryToRow` this is exactly `canonicalEntry` of the entry, without walking the entry
 * again: the append path hashes this.
 */
export function canonicalRowText(row: AuditEntryRow): string {
  return `[${ENTRY_FORMAT_VERSION},${Number(row.seq)},${text(row.recorded_at)},${text(row.actor_type)},${text(row.actor_id)},${text(row.actor_name)},${row.actor_roles},${text(row.actor_department_id)},${text(row.action)},${text(row.object_type)},${text(row.object_id)},${text(row.patient_id)},${text(row.purpose_of_use)},${text(row.grant_id)},${text(row.access_basis)},${text(row.outcome)},${text(row.reason)},${text(row.source_ip)},${text(row.user_agent)},${text(row.request_id)},${row.details}]`;
}

/**
 * The leaf bytes of a stored row without rebuilding the entry: the same bytes `canonicalEntry`
 * gives for an untouched row, at a fraction of the cost, for verifying millions of rows. The two
 * JSON columns are spliced in as stored; they must parse as an array and an object, otherwise text
 * could be shifted between columns while keeping the bytes — such a row yields null (a mismatch).
 */
export function canonicalRowBytes(row: AuditEntryRow): Buffer | null {
  if (!isJsonOf(row.actor_roles, 'array') || !isJsonOf(row.details, 'object')) return null;
  return Buffer.from(canonicalRowText(row), 'utf8');
}
