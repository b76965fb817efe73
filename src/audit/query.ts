import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { AuditEntryRow } from './tables.js';

export interface AuditEventFilter {
  from?: string;
  to?: string;
  actorId?: string;
  departmentId?: string;
  patientId?: string;
  action?: string;
  outcome?: string;
  grantId?: string;
  objectType?: string;
  objectId?: string;
}

/** Newest first, keyset-paged on the sequence number. */
export function searchEntries(db: Kysely<Database>, filter: AuditEventFilter, limit: number, beforeSeq?: number): Promise<AuditEntryRow[]> {
  let query = db.selectFrom('audit_entries').selectAll();
  if (filter.from) query = query.where('recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('recorded_at', '<', filter.to);
  if (filter.actorId) query = query.where((eb) => eb.or([eb('actor_id', '=', filter.actorId!), eb('actor_name', '=', filter.actorId!)]));
  if (filter.departmentId) query = query.where('actor_department_id', '=', filter.departmentId);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.grantId) query = query.where('grant_id', '=', filter.grantId);
  if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
  if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}
