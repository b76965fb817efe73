/**
 * One audit entry: who did what to which object, for which patient and purpose, under which grant,
 * with what outcome. Never the clinical payload itself — only identifiers and small details.
 */
export const AUDIT_ACTIONS = [
  'login',
  'logout',
  'login_failed',
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'decision',
  'grant',
  'revoke',
  'emergency_access',
  'setting_change',
  'key_operation',
  'system',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditOutcome = 'success' | 'denied' | 'error';
export type ActorType = 'user' | 'api_client' | 'system' | 'anonymous';

export interface AuditActor {
  type: ActorType;
  id: string | null;
  /** Username or client id at the time: kept even if the account is later renamed. */
  name: string | null;
  roles: string[];
  departmentId: string | null;
}

/** What a caller hands to `append`; the log adds the sequence number and the time. */
export interface AuditRecord {
  actor: AuditActor;
  action: AuditAction;
  objectType: string | null;
  objectId: string | null;
  patientId?: string | null;
  purposeOfUse?: string | null;
  grantId?: string | null;
  /** Which rule allowed a data read (department, care-team, grant:<id>, emergency:<id>). */
  accessBasis?: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  sourceIp?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Required<Omit<AuditRecord, 'details'>> {
  seq: number;
  recordedAt: string;
  details: Record<string, unknown>;
}

export const ENTRY_FORMAT_VERSION = 1;

/** JSON with object keys sorted at every depth, so the same details always hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The exact bytes that become a Merkle leaf. A positional array (not an object) fixes the field
 * order forever; the version leads so a later format can be told apart.
 */
export function canonicalEntry(entry: AuditEntry): Buffer {
  const fields = [
    ENTRY_FORMAT_VERSION,
    entry.seq,
    entry.recordedAt,
    entry.actor.type,
    entry.actor.id,
    entry.actor.name,
    [...entry.actor.roles].sort(),
    entry.actor.departmentId,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.patientId,
    entry.purposeOfUse,
    entry.grantId,
    entry.accessBasis,
    entry.outcome,
    entry.reason,
    entry.sourceIp,
    entry.userAgent,
    entry.requestId,
    entry.details,
  ];
  return Buffer.from(canonicalJson(fields), 'utf8');
}

const MAX_DETAILS_BYTES = 4096;
const MAX_TEXT = 512;

function clip(value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/** Fills defaults and bounds sizes, so one oversized user agent cannot bloat the log. */
export function completeEntry(record: AuditRecord, seq: number, recordedAt: string): AuditEntry {
  let details = record.details ?? {};
  if (canonicalJson(details).length > MAX_DETAILS_BYTES) details = { truncated: true };
  return {
    seq,
    recordedAt,
    actor: { ...record.actor, roles: [...record.actor.roles], name: clip(record.actor.name, 128) },
    action: record.action,
    objectType: clip(record.objectType, 64),
    objectId: clip(record.objectId, 128),
    patientId: clip(record.patientId, 128),
    purposeOfUse: clip(record.purposeOfUse, 64),
    grantId: clip(record.grantId, 128),
    accessBasis: clip(record.accessBasis, 160),
    outcome: record.outcome,
    reason: clip(record.reason),
    sourceIp: clip(record.sourceIp, 64),
    userAgent: clip(record.userAgent, 300),
    requestId: clip(record.requestId, 64),
    details,
  };
}
