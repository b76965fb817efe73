import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/index.js';
import { sequencerState } from './store.js';
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

/**
 * Entries per search bucket, as a shift: the id indexes of migration 0006 are on
 * `(seq >> 14, column)`. Must equal that migration's BUCKET_SHIFT.
 */
export const SEARCH_BUCKET_SHIFT = 14;
const BUCKET_WIDTH = 2 ** SEARCH_BUCKET_SHIFT;
/** Buckets searched by the first query of a bucketed search; each further query takes four times as many, up to the cap. */
const FIRST_WINDOW = 2;
const MAX_WINDOW = 1024;

type Condition = RawBuilder<SqlBool>;

/** Newest first, keyset-paged on the sequence number. */
export async function searchEntries(db: Kysely<Database>, filter: AuditEventFilter, limit: number, beforeSeq?: number): Promise<AuditEntryRow[]> {
  if (!bucketedCondition(filter)) return plainSearch(db, filter, limit, beforeSeq);
  const { treeSize, archivedBefore } = await sequencerState(db);
  const top = beforeSeq === undefined ? treeSize - 1 : Math.min(beforeSeq, treeSize) - 1;
  if (top < 0) return [];
  return bucketedSearch(db, bucketedQueryOf(filter, top, archivedBefore, beforeSeq)!, limit);
}

/** The bucketed form of a filter with an id in it (null without one), for inspecting its plan. */
export function bucketedQueryOf(filter: AuditEventFilter, top: number, bottom = 0, beforeSeq?: number): BucketedQuery | null {
  const driver = bucketedCondition(filter);
  return driver && { driver: driver.condition, others: otherConditions(filter, driver.uses, beforeSeq), top: bucketOf(top), bottom: bucketOf(bottom) };
}

const bucketOf = (seq: number) => Math.floor(seq / BUCKET_WIDTH);

/** Searches without an id filter go through the table's own indexes (seq, recorded_at, action, department). */
function plainSearch(db: Kysely<Database>, filter: AuditEventFilter, limit: number, beforeSeq?: number): Promise<AuditEntryRow[]> {
  let query = db.selectFrom('audit_entries').selectAll();
  if (filter.from) query = query.where('recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('recorded_at', '<', filter.to);
  if (filter.departmentId) query = query.where('actor_department_id', '=', filter.departmentId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
  if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}

/**
 * The id filter that drives a bucketed search, most selective first: a patient's or a grant's
 * entries are usually few, an object's a few more, an actor's the most.
 */
function bucketedCondition(filter: AuditEventFilter): { condition: Condition; uses: keyof AuditEventFilter } | null {
  if (filter.patientId) return { condition: sql<SqlBool>`e.patient_id = ${filter.patientId}`, uses: 'patientId' };
  if (filter.grantId) return { condition: sql<SqlBool>`e.grant_id = ${filter.grantId}`, uses: 'grantId' };
  if (filter.objectId) return { condition: sql<SqlBool>`e.object_id = ${filter.objectId}`, uses: 'objectId' };
  if (filter.actorId) return { condition: sql<SqlBool>`(e.actor_id = ${filter.actorId} OR e.actor_name = ${filter.actorId})`, uses: 'actorId' };
  return null;
}

/**
 * Every other filter, written so that no index can serve it (`column || ''`, `seq + 0`): given a
 * choice, SQLite's planner would rather walk the action or seq index than seek the bucket index,
 * which on a large log is the difference between a millisecond and a full scan.
 */
function otherConditions(filter: AuditEventFilter, driver: keyof AuditEventFilter, beforeSeq?: number): Condition[] {
  const text = (column: string, op: '=' | '>=' | '<', value: string) => sql<SqlBool>`${sql.ref(`e.${column}`)} || '' ${sql.raw(op)} ${value}`;
  const conditions: Condition[] = [];
  if (filter.from) conditions.push(text('recorded_at', '>=', filter.from));
  if (filter.to) conditions.push(text('recorded_at', '<', filter.to));
  if (filter.departmentId) conditions.push(text('actor_department_id', '=', filter.departmentId));
  if (filter.action) conditions.push(text('action', '=', filter.action));
  if (filter.outcome) conditions.push(text('outcome', '=', filter.outcome));
  if (filter.objectType) conditions.push(text('object_type', '=', filter.objectType));
  if (filter.patientId && driver !== 'patientId') conditions.push(text('patient_id', '=', filter.patientId));
  if (filter.grantId && driver !== 'grantId') conditions.push(text('grant_id', '=', filter.grantId));
  if (filter.objectId && driver !== 'objectId') conditions.push(text('object_id', '=', filter.objectId));
  if (filter.actorId && driver !== 'actorId') conditions.push(sql<SqlBool>`(e.actor_id || '' = ${filter.actorId} OR e.actor_name || '' = ${filter.actorId})`);
  if (beforeSeq !== undefined) conditions.push(sql<SqlBool>`e.seq + 0 < ${beforeSeq}`);
  return conditions;
}

export interface BucketedQuery {
  driver: Condition;
  others: Condition[];
  /** Newest and oldest bucket that can hold a match. */
  top: number;
  bottom: number;
}

/**
 * Walks the buckets from the newest down in growing windows, seeking the id in each bucket's part
 * of the index, until the page is full: a recent match costs one small query, a rare id on a
 * large log a handful of queries with one index seek per bucket.
 */
async function bucketedSearch(db: Kysely<Database>, query: BucketedQuery, limit: number): Promise<AuditEntryRow[]> {
  const found: AuditEntryRow[] = [];
  let width = FIRST_WINDOW;
  for (let high = query.top; high >= query.bottom && found.length < limit; width = Math.min(width * 4, MAX_WINDOW)) {
    const low = Math.max(query.bottom, high - width + 1);
    found.push(...(await searchBuckets(db, query, low, high, limit - found.length)));
    high = low - 1;
  }
  return found;
}

async function searchBuckets(db: Kysely<Database>, query: BucketedQuery, low: number, high: number, limit: number): Promise<AuditEntryRow[]> {
  return (await bucketWindowQuery(query, low, high, limit).execute(db)).rows;
}

/**
 * One window of buckets. They come from a recursive CTE joined first (CROSS JOIN fixes the order
 * on SQLite), so each bucket is an equality seek on (bucket, id) rather than a range scan over the
 * index. The `+ 0` strips the CAST's integer affinity from the bucket numbers: compared with the
 * affinity-less index expression, that affinity made SQLite give up the index and build a
 * throwaway one over the whole table instead. The CAST itself is for PostgreSQL's parameter types.
 */
export function bucketWindowQuery(query: BucketedQuery, low: number, high: number, limit: number): RawBuilder<AuditEntryRow> {
  const where = sql.join([sql<SqlBool>`(e.seq >> ${sql.raw(String(SEARCH_BUCKET_SHIFT))}) = b.n`, query.driver, ...query.others], sql` AND `);
  return sql<AuditEntryRow>`
    WITH RECURSIVE b(n) AS (SELECT CAST(${high} AS bigint) + 0 UNION ALL SELECT n - 1 FROM b WHERE n > ${low})
    SELECT e.* FROM b CROSS JOIN audit_entries AS e
    WHERE ${where}
    ORDER BY e.seq DESC
    LIMIT ${limit}`;
}
