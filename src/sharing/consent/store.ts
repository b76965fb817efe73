import type { Kysely, Transaction } from 'kysely';
import { consentInForceExists } from '../../access/index.js';
import type { Database } from '../../db/index.js';
import type { Consent, ConsentStatus, EvidenceKind, RecipientKind } from './consent.js';
import type { ConsentFormRow, ConsentRow } from './tables.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Whether one disclosure is covered now: `consentInForceExists` for plain values. */
export async function consentInForce(db: Db, check: { patientId: string; recipientId: string; purpose: string; catalogCode: string; at: string }): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => consentInForceExists(eb, check).as('covered'))
    .executeTakeFirstOrThrow();
  return Boolean(Number(row.covered));
}

export function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    patientId: row.patient_id,
    recipientKind: row.recipient_kind as RecipientKind,
    recipientId: row.recipient_id,
    purpose: row.purpose,
    catalogCodes: row.catalog_codes === null ? null : (JSON.parse(row.catalog_codes) as string[]),
    validFrom: row.valid_from,
    validTo: row.valid_to,
    status: row.status as ConsentStatus,
    evidence: { kind: row.evidence_kind as EvidenceKind, fileId: row.evidence_file_id, clinicianId: row.evidence_clinician_id, recordedAt: row.evidence_recorded_at, note: row.evidence_note },
    createdBy: row.created_by,
    createdAt: row.created_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
    withdrawalReason: row.withdrawal_reason,
  };
}

export function findConsent(db: Db, id: string): Promise<ConsentRow | undefined> {
  return db.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A patient's consents, newest first. */
export function consentsOfPatient(db: Db, patientId: string): Promise<ConsentRow[]> {
  return db.selectFrom('consents').selectAll().where('patient_id', '=', patientId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** The active consents of these patients to one recipient: what the sharing pre-check weighs. */
export async function activeConsentsTo(db: Db, patientIds: readonly string[], recipientId: string): Promise<ConsentRow[]> {
  const rows: ConsentRow[] = [];
  // Chunked: a request may name thousands of patients, more than a statement may bind on SQLite.
  for (let i = 0; i < patientIds.length; i += 500) {
    const chunk = patientIds.slice(i, i + 500);
    rows.push(...(await db.selectFrom('consents').selectAll().where('patient_id', 'in', chunk).where('recipient_id', '=', recipientId).where('status', '=', 'active').execute()));
  }
  return rows;
}

/** Records the consent and, for a signed form, binds the form to it — only if the form is still unbound. */
export async function insertConsent(db: Kysely<Database>, row: ConsentRow, uploader: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (row.evidence_file_id) {
      const bound = await trx
        .updateTable('consent_forms')
        .set({ consent_id: row.id })
        .where('id', '=', row.evidence_file_id)
        .where('patient_id', '=', row.patient_id)
        .where('consent_id', 'is', null)
        .$if(uploader !== null, (q) => q.where('uploaded_by', '=', uploader!))
        .executeTakeFirst();
      if (Number(bound.numUpdatedRows) !== 1) return false;
    }
    await trx.insertInto('consents').values(row).execute();
    return true;
  });
}

/** Withdraws an active consent; false when it was withdrawn already (also by a concurrent call). */
export async function withdrawConsent(db: Db, id: string, change: { withdrawn_at: string; withdrawn_by: string; withdrawal_reason: string }): Promise<boolean> {
  const result = await db.updateTable('consents').set({ status: 'withdrawn', ...change }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertForm(db: Db, row: ConsentFormRow): Promise<void> {
  await db.insertInto('consent_forms').values(row).execute();
}

export function findForm(db: Db, id: string): Promise<ConsentFormRow | undefined> {
  return db.selectFrom('consent_forms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Form facts without the sealed file, for presenting consents. */
export async function formFacts(db: Db, ids: readonly string[]): Promise<Map<string, Omit<ConsentFormRow, 'content'>>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('consent_forms').select(['id', 'patient_id', 'consent_id', 'file_name', 'media_type', 'bytes', 'sha256', 'uploaded_by', 'uploaded_at']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function patientExists(db: Db, patientId: string): Promise<boolean> {
  // Plain columns only: whether the patient exists, never what their record says.
  const row = await db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').where('id', '=', patientId).executeTakeFirst();
  return row !== undefined;
}

export async function institutionNames(db: Db, ids: readonly string[]): Promise<Map<string, { zh: string; en: string; status: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('institutions').select(['id', 'name_zh', 'name_en', 'status']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, { zh: row.name_zh, en: row.name_en, status: row.status }]));
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** An active user holding a clinical role (staff or department head), or undefined. */
export async function activeClinician(db: Db, userId: string): Promise<{ id: string; displayName: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('users.id', '=', userId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', 'in', ['staff', 'dept_head'])
    .executeTakeFirst();
  return row ? { id: row.id, displayName: row.display_name } : undefined;
}
