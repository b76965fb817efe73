import { sql, type Kysely, type SqlBool } from 'kysely';
import { SEARCH_BUCKET_SHIFT } from '../audit/index.js';
import type { Database } from '../db/index.js';
import type { ScanEntry } from './rule-types.js';

type Db = Kysely<Database>;

/**
 * What the anomaly scan reads: the audit log in bounded stretches by sequence number, and small
 * look-ups around them. Every query here uses an index of the log (primary key, recorded_at,
 * action, or the `(seq >> 14, actor_id)` buckets of migration 0006); none walks the whole log.
 */
const COLUMNS = ['seq', 'recorded_at', 'actor_type', 'actor_id', 'actor_name', 'actor_department_id', 'action', 'object_type', 'object_id', 'patient_id', 'grant_id', 'access_basis', 'outcome', 'reason', 'details'] as const;
type EntryColumns = Pick<Database['audit_entries'], (typeof COLUMNS)[number]>;

/** Bound parameters per IN list, well inside both databases' limits. */
const IN_BATCH = 200;
/** Buckets searched by the first look-up of prior activity; each further one searches four times as many. */
const FIRST_WINDOW = 2;
const MAX_WINDOW = 1024;

function toScanEntry(row: EntryColumns): ScanEntry {
  return {
    seq: Number(row.seq),
    recordedAt: row.recorded_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorDepartmentId: row.actor_department_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    patientId: row.patient_id,
    grantId: row.grant_id,
    accessBasis: row.access_basis,
    outcome: row.outcome,
    reason: row.reason,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

const batches = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / IN_BATCH) }, (_, i) => items.slice(i * IN_BATCH, (i + 1) * IN_BATCH));
const bySeq = (a: ScanEntry, b: ScanEntry) => a.seq - b.seq;
const bucketOf = (seq: number) => Math.floor(seq / 2 ** SEARCH_BUCKET_SHIFT);
const buckets = (low: number, high: number) => Array.from({ length: high - low + 1 }, (_, i) => high - i);

/** The next `limit` entries from `fromSeq` on (primary key range). Only committed entries are visible. */
export async function entriesFrom(db: Db, fromSeq: number, limit: number): Promise<ScanEntry[]> {
  const rows = await db.selectFrom('audit_entries').select(COLUMNS).where('seq', '>=', fromSeq).orderBy('seq').limit(limit).execute();
  return rows.map(toScanEntry);
}

/** The first entry recorded at or after `at` (recorded_at index), or null when there is none yet. */
export async function firstSeqSince(db: Db, at: string): Promise<number | null> {
  const row = await db.selectFrom('audit_entries').select('seq').where('recorded_at', '>=', at).orderBy('recorded_at').orderBy('seq').limit(1).executeTakeFirst();
  return row ? Number(row.seq) : null;
}

export async function logSize(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_sequencer').select('tree_size').where('id', '=', 1).executeTakeFirst();
  return Number(row?.tree_size ?? 0);
}

/**
 * Entries of these actors in [fromSeq, toSeq), through the bucket index: one seek per bucket and
 * actor. The other conditions are written so that no index serves them (`seq + 0`), as in the
 * audit search, so the planner cannot prefer a range scan of the primary key.
 */
export async function actorEntries(db: Db, actorIds: readonly string[], fromSeq: number, toSeq: number): Promise<ScanEntry[]> {
  if (actorIds.length === 0 || fromSeq >= toSeq) return [];
  const inBuckets = buckets(bucketOf(fromSeq), bucketOf(toSeq - 1));
  const found: ScanEntry[] = [];
  for (const actors of batches(actorIds)) {
    const rows = await db
      .selectFrom('audit_entries as e')
      .select(COLUMNS.map((c) => `e.${c}` as const))
      .where(sql<SqlBool>`(e.seq >> ${sql.raw(String(SEARCH_BUCKET_SHIFT))}) IN (${sql.join(inBuckets)})`)
      .where('e.actor_id', 'in', actors)
      .where(sql<SqlBool>`e.seq + 0 >= ${fromSeq}`)
      .where(sql<SqlBool>`e.seq + 0 < ${toSeq}`)
      .execute();
    found.push(...rows.map(toScanEntry));
  }
  return found.sort(bySeq);
}

/** Entries of one action in [fromSeq, toSeq), through the (action, seq) index: failed sign-ins, exports. */
export async function actionEntries(db: Db, action: string, fromSeq: number, toSeq: number): Promise<ScanEntry[]> {
  if (fromSeq >= toSeq) return [];
  const rows = await db.selectFrom('audit_entries').select(COLUMNS).where('action', '=', action).where('seq', '>=', fromSeq).where('seq', '<', toSeq).orderBy('seq').execute();
  return rows.map(toScanEntry);
}

/**
 * Each user's last entry before `beforeSeq`, looking no further back than `notBeforeSeq`: the newest
 * buckets first, in growing windows, asking only for the users not yet found. Active users are found
 * in the first window; only dormant ones make the search go further.
 */
export async function lastActivity(db: Db, userIds: readonly string[], beforeSeq: number, notBeforeSeq: number): Promise<Map<string, string>> {
  const found = new Map<string, { seq: number; at: string }>();
  let missing = [...userIds];
  const bottom = bucketOf(Math.max(0, notBeforeSeq));
  let width = FIRST_WINDOW;
  for (let high = bucketOf(Math.max(0, beforeSeq - 1)); beforeSeq > notBeforeSeq && high >= bottom && missing.length > 0; width = Math.min(width * 4, MAX_WINDOW)) {
    const low = Math.max(bottom, high - width + 1);
    for (const users of batches(missing)) {
      const rows = await db
        .selectFrom('audit_entries as e')
        .select(['e.actor_id', (eb) => eb.fn.max('e.seq').as('seq'), (eb) => eb.fn.max('e.recorded_at').as('at')])
        .where(sql<SqlBool>`(e.seq >> ${sql.raw(String(SEARCH_BUCKET_SHIFT))}) IN (${sql.join(buckets(low, high))})`)
        .where('e.actor_id', 'in', users)
        .where(sql<SqlBool>`e.seq + 0 < ${beforeSeq}`)
        .where(sql<SqlBool>`e.seq + 0 >= ${notBeforeSeq}`)
        .groupBy('e.actor_id')
        .execute();
      for (const row of rows) if (row.actor_id) found.set(row.actor_id, { seq: Number(row.seq), at: String(row.at) });
    }
    missing = missing.filter((id) => !found.has(id));
    high = low - 1;
  }
  return new Map([...found].map(([id, last]) => [id, last.at]));
}

export interface AccountFacts {
  id: string;
  username: string;
  departmentId: string | null;
  createdAt: string;
}

export async function accountsById(db: Db, ids: readonly string[]): Promise<AccountFacts[]> {
  return accounts(db, 'id', ids);
}

export async function accountsByName(db: Db, names: readonly string[]): Promise<AccountFacts[]> {
  return accounts(db, 'username', names);
}

async function accounts(db: Db, column: 'id' | 'username', values: readonly string[]): Promise<AccountFacts[]> {
  const found: AccountFacts[] = [];
  for (const batch of batches([...new Set(values)])) {
    const rows = await db.selectFrom('users').select(['id', 'username', 'department_id', 'created_at']).where(column, 'in', batch).execute();
    found.push(...rows.map((row) => ({ id: row.id, username: row.username, departmentId: row.department_id, createdAt: row.created_at })));
  }
  return found;
}

/** Staff accounts linked to these patients. */
export async function staffLinksOf(db: Db, patientIds: readonly string[]): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const batch of batches([...new Set(patientIds)])) {
    const rows = await db.selectFrom('staff_patient_links').select(['patient_id', 'user_id']).where('patient_id', 'in', batch).execute();
    for (const row of rows) links.set(row.patient_id, row.user_id);
  }
  return links;
}

export interface PendingEmergencyRow {
  id: string;
  user_id: string;
  username: string | null;
  department_id: string | null;
  opened_at: string;
}

/** Emergency windows still pending review, opened at or before `openedBefore`, with no alert yet. */
export async function overdueEmergencies(db: Db, openedBefore: string, limit: number): Promise<PendingEmergencyRow[]> {
  return db
    .selectFrom('emergency_accesses as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'e.user_id', 'u.username', 'u.department_id', 'e.opened_at'])
    .where('e.review_status', '=', 'pending')
    .where('e.opened_at', '<=', openedBefore)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('alerts as a').select('a.id').where(sql<SqlBool>`a.dedupe_key = 'emergency-unreviewed:' || e.id`))))
    .orderBy('e.opened_at')
    .limit(limit)
    .execute();
}
