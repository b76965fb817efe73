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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A lone UTF-16 surrogate cannot be stored as text: both databases receive it as U+FFFD, while
 * JSON.stringify would hash it as an escape — an entry that could never verify again. So text is
 * made well-formed (U+FFFD, what the database would store) before it is hashed.
 */
function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\ufffd');
}

function optionalText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : wellFormed(value);
}

function clip(value: string | null | undefined, max = MAX_TEXT): string | null {
  if (value === null || value === undefined) return null;
  return wellFormed(value.length > max ? value.slice(0, max) : value);
}

/** Fills defaults and bounds sizes, so one oversized user agent cannot bloat the log. */
export function completeEntry(record: AuditRecord, seq: number, recordedAt: string): AuditEntry {
  return completeEntryWithDetails(record, seq, recordedAt).entry;
}

/**
 * completeEntry, also handing back the details' canonical JSON that bounding their size required,
 * so the append path does not build it a second time for the row.
 */
export function completeEntryWithDetails(record: AuditRecord, seq: number, recordedAt: string): { entry: AuditEntry; detailsJson: string } {
  let details = record.details ?? {};
  let detailsJson = canonicalJson(details);
  if (detailsJson.length > MAX_DETAILS_BYTES) {
    details = { truncated: true };
    detailsJson = canonicalJson(details);
  }
  return { entry: completeFields(record, seq, recordedAt, details), detailsJson };
}

function completeFields(record: AuditRecord, seq: number, recordedAt: string, details: Record<string, unknown>): AuditEntry {
  return {
    seq,
    recordedAt,
    actor: { ...record.actor, id: optionalText(record.actor.id), roles: [...record.actor.roles], name: clip(record.actor.name, 128), departmentId: optionalText(record.actor.departmentId) },
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

/** The actor for work done by the installation itself (CLI, demo loader, timers). */
export function systemActor(name: string): AuditActor {
  return { type: 'system', id: null, name, roles: [], departmentId: null };
}
