import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/index.js';
import type { InboundReferralAttachmentRow, InboundReferralRow, ReferralRow } from './tables.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A referral with the facts of its share request that its status and deadline come from. */
export type ReferralWithRequest = ReferralRow & { state: string; steps: string; current_step: number; submitted_at: string | null; step_due_at: string | null; title: string };

export async function insertReferral(db: Db, row: ReferralRow): Promise<void> {
  await db.insertInto('referrals').values(row).execute();
}

function withRequest(db: Db) {
  return db
    .selectFrom('referrals')
    .innerJoin('share_requests as request', 'request.id', 'referrals.share_request_id')
    .selectAll('referrals')
    .select(['request.state', 'request.steps', 'request.current_step', 'request.submitted_at', 'request.step_due_at', 'request.title']);
}

export function findReferral(db: Db, id: string): Promise<ReferralWithRequest | undefined> {
  return withRequest(db).where('referrals.id', '=', id).executeTakeFirst();
}

export function referralOfRequest(db: Db, requestId: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('share_request_id', '=', requestId).executeTakeFirst();
}

export interface ReferralFilter {
  referrerId?: string;
  departmentId?: string;
  states?: string[];
  patientId?: string;
}

export function listReferrals(db: Db, filter: ReferralFilter, limit: number): Promise<ReferralWithRequest[]> {
  let query = withRequest(db);
  if (filter.referrerId) query = query.where('referrals.referrer_id', '=', filter.referrerId);
  if (filter.departmentId) query = query.where('referrals.referrer_department_id', '=', filter.departmentId);
  if (filter.states?.length) query = query.where('request.state', 'in', filter.states);
  if (filter.patientId) query = query.where('referrals.patient_id', '=', filter.patientId);
  return query.orderBy('referrals.created_at', 'desc').orderBy('referrals.id').limit(limit).execute();
}

export function institutionOf(db: Db, id: string) {
  return db.selectFrom('institutions').select(['id', 'code', 'name_zh', 'name_en', 'status', 'agreement_start', 'agreement_end']).where('id', '=', id).executeTakeFirst();
}

export async function institutionNames(db: Db, ids: readonly string[]): Promise<Map<string, { code: string; zh: string; en: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('institutions').select(['id', 'code', 'name_zh', 'name_en']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, { code: row.code, zh: row.name_zh, en: row.name_en }]));
}

export async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, { code: string; zh: string; en: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('departments').select(['id', 'code', 'name_zh', 'name_en']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, { code: row.code, zh: row.name_zh, en: row.name_en }]));
}

export function departmentByCode(db: Db, code: string) {
  return db.selectFrom('departments').select(['id', 'code', 'name_zh', 'name_en', 'type', 'status']).where('code', '=', code).executeTakeFirst();
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** Active clinicians (staff and heads) of a department: who an inbound referral is for. */
export async function departmentClinicians(db: Db, departmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .distinct()
    .where('users.department_id', '=', departmentId)
    .where('users.status', '=', 'active')
    .where('user_roles.role', 'in', ['staff', 'dept_head'])
    .execute();
  return rows.map((row) => row.id);
}

export async function insertInbound(db: Kysely<Database>, row: InboundReferralRow, attachments: InboundReferralAttachmentRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('inbound_referrals').values(row).execute();
    // One row at a time: a few sealed documents of some MB each would make one statement very large.
    for (const attachment of attachments) await trx.insertInto('inbound_referral_attachments').values(attachment).execute();
  });
}

export function findInbound(db: Db, id: string): Promise<InboundReferralRow | undefined> {
  return db.selectFrom('inbound_referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listInbound(db: Db, departmentId: string, status: string | undefined, limit: number): Promise<InboundReferralRow[]> {
  let query = db.selectFrom('inbound_referrals').selectAll().where('department_id', '=', departmentId);
  if (status) query = query.where('status', '=', status);
  return query.orderBy('received_at', 'desc').orderBy('id').limit(limit).execute();
}

/** Decides a referral still waiting; false when it was decided already (also by a concurrent call). */
export async function decideInbound(db: Db, id: string, change: Pick<InboundReferralRow, 'status' | 'decided_by' | 'decided_at' | 'decision_reason'>): Promise<boolean> {
  const result = await db.updateTable('inbound_referrals').set(change).where('id', '=', id).where('status', '=', 'received').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Attachment facts without the sealed bytes, per referral. */
export async function attachmentFacts(db: Db, referralIds: readonly string[]): Promise<Map<string, Omit<InboundReferralAttachmentRow, 'content'>[]>> {
  const facts = new Map<string, Omit<InboundReferralAttachmentRow, 'content'>[]>();
  if (referralIds.length === 0) return facts;
  const rows = await db.selectFrom('inbound_referral_attachments').select(['referral_id', 'position', 'content_type', 'bytes', 'sha256']).where('referral_id', 'in', [...referralIds]).orderBy('position').execute();
  for (const row of rows) facts.set(row.referral_id, [...(facts.get(row.referral_id) ?? []), row]);
  return facts;
}

export function findAttachment(db: Db, referralId: string, position: number): Promise<InboundReferralAttachmentRow | undefined> {
  return db.selectFrom('inbound_referral_attachments').selectAll().where('referral_id', '=', referralId).where('position', '=', position).executeTakeFirst();
}
