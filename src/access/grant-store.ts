import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { Channel, Grant, GranteeKind, GrantStatus, MaskingProfile, PatientScope } from './grants.js';
import type { GrantRow } from './tables.js';

type Db = Kysely<Database>;

export function grantFromRow(row: GrantRow): Grant {
  return {
    id: row.id,
    grantee: { kind: row.grantee_kind as GranteeKind, id: row.grantee_id },
    catalogCode: row.catalog_code,
    fields: JSON.parse(row.fields) as string[],
    patientScope: JSON.parse(row.patient_scope) as PatientScope,
    purpose: row.purpose,
    channel: row.channel as Channel,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status: row.status as GrantStatus,
    maskingProfile: row.masking_profile as MaskingProfile,
    shareRequestId: row.share_request_id,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    statusChangedAt: row.status_changed_at,
    statusChangedBy: row.status_changed_by,
    statusReason: row.status_reason,
    dataFrom: row.data_from ?? null,
    dataTo: row.data_to ?? null,
  };
}

/**
 * An explicit patient list is kept in its own table (the SQL scope joins it) and only its size in
 * the grant row, so a grant for thousands of patients stays one small row.
 */
function scopeForRow(scope: PatientScope): string {
  return JSON.stringify(scope.kind === 'patients' ? { kind: 'patients', patientIds: [] } : scope);
}

/** Writes the grant and its patient list; the caller provides the transaction. */
export async function insertGrant(tx: Db | Transaction<Database>, grant: Grant): Promise<void> {
  await tx
    .insertInto('grants')
    .values({
      id: grant.id,
      grantee_kind: grant.grantee.kind,
      grantee_id: grant.grantee.id,
      catalog_code: grant.catalogCode,
      fields: JSON.stringify(grant.fields),
      patient_scope: scopeForRow(grant.patientScope),
      purpose: grant.purpose,
      channel: grant.channel,
      valid_from: grant.validFrom,
      valid_to: grant.validTo,
      status: grant.status,
      masking_profile: grant.maskingProfile,
      share_request_id: grant.shareRequestId,
      reason: grant.reason,
      created_by: grant.createdBy,
      created_at: grant.createdAt,
      status_changed_at: null,
      status_changed_by: null,
      status_reason: null,
      data_from: grant.dataFrom ?? null,
      data_to: grant.dataTo ?? null,
    })
    .execute();
  if (grant.patientScope.kind === 'patients') {
    const rows = [...new Set(grant.patientScope.patientIds)].map((patient_id) => ({ grant_id: grant.id, patient_id }));
    for (let i = 0; i < rows.length; i += 300) await tx.insertInto('grant_patients').values(rows.slice(i, i + 300)).execute();
  }
}

export async function findGrant(db: Db, id: string): Promise<Grant | null> {
  const row = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const grant = grantFromRow(row);
  if (grant.patientScope.kind === 'patients') {
    const patients = await db.selectFrom('grant_patients').select('patient_id').where('grant_id', '=', id).orderBy('patient_id').execute();
    grant.patientScope = { kind: 'patients', patientIds: patients.map((p) => p.patient_id) };
  }
  return grant;
}

export interface GrantFilter {
  status?: string;
  granteeKind?: string;
  granteeId?: string;
  catalogCode?: string;
  patientId?: string;
  /** Only grants this reader may see (absent: all grants). */
  visibleTo?: GrantAudience;
}

/**
 * Who may see a grant without reading all grants: the grantee (as a user or a member of the grantee
 * department), the requester of the share request it came from, and the head of the department that
 * owns the catalog resource it opens.
 */
export interface GrantAudience {
  userId: string;
  departmentId: string | null;
  /** Share requests the reader filed. */
  shareRequestIds: readonly string[];
  /** Catalog resources whose owning department the reader heads. */
  ownedCatalogCodes: readonly string[];
}

export async function listGrants(db: Db, filter: GrantFilter, page: { limit: number; afterId?: string }): Promise<Grant[]> {
  let query = db.selectFrom('grants').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.granteeKind) query = query.where('grantee_kind', '=', filter.granteeKind);
  if (filter.granteeId) query = query.where('grantee_id', '=', filter.granteeId);
  if (filter.catalogCode) query = query.where('catalog_code', '=', filter.catalogCode);
  if (filter.patientId) {
    const patientId = filter.patientId;
    query = query.where((eb) => eb('id', 'in', eb.selectFrom('grant_patients').select('grant_id').where('patient_id', '=', patientId)));
  }
  if (filter.visibleTo) {
    const audience = filter.visibleTo;
    query = query.where((eb) => {
      const any = [eb.and([eb('grantee_kind', '=', 'user'), eb('grantee_id', '=', audience.userId)])];
      if (audience.departmentId) any.push(eb.and([eb('grantee_kind', '=', 'department'), eb('grantee_id', '=', audience.departmentId)]));
      if (audience.shareRequestIds.length) any.push(eb('share_request_id', 'in', [...audience.shareRequestIds]));
      if (audience.ownedCatalogCodes.length) any.push(eb('catalog_code', 'in', [...audience.ownedCatalogCodes]));
      return eb.or(any);
    });
  }
  if (page.afterId) query = query.where('id', '>', page.afterId);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  return rows.map(grantFromRow);
}

/** Changes status only from the expected one, so two administrators cannot both revoke (or resume) the same grant. */
export async function changeGrantStatus(db: Db, id: string, from: GrantStatus[], to: GrantStatus, by: string, at: string, reason: string | null): Promise<boolean> {
  const result = await db
    .updateTable('grants')
    .set({ status: to, status_changed_at: at, status_changed_by: by, status_reason: reason })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks active grants past their end as expired (housekeeping; reads never depend on it). Returns their ids. */
export async function expireGrants(db: Db, now: string): Promise<string[]> {
  const due = await db.selectFrom('grants').select('id').where('status', '=', 'active').where('valid_to', '<=', now).execute();
  if (due.length === 0) return [];
  const ids = due.map((row) => row.id);
  await db.updateTable('grants').set({ status: 'expired', status_changed_at: now, status_changed_by: 'system', status_reason: 'valid_to reached' }).where('id', 'in', ids).where('status', '=', 'active').execute();
  return ids;
}
