import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { jsonMember, type Database } from '../db/index.js';
import type { Period } from './sections.js';

/**
 * The audit log's side of the quarterly report, computed in the database: a quarter may hold tens
 * of millions of entries, so nothing here loads entries one by one. The quarter is first turned
 * into a range of sequence numbers through the recorded_at index, then each figure is one grouped
 * scan of that range.
 */

/** A built query, runnable where its caller chooses. */
export interface RunnableQuery<Row> {
  compile(): CompiledQuery<Row>;
  execute(): Promise<Row[]>;
}

/**
 * Where the grouped scans below run: on the database's connection (the report read), or handed
 * to a connection in another thread (the scheduled rollup; see `SnapshotReader`).
 */
export type QueryRunner = <Row>(query: RunnableQuery<Row>) => Promise<Row[]>;

export const onConnection: QueryRunner = (query) => query.execute();

/** First sequence number recorded at or after `at`, or the log's size when there is none. */
async function firstSeqFrom(db: Kysely<Database>, at: string): Promise<number> {
  const row = await db.selectFrom('audit_entries').select('seq').where('recorded_at', '>=', at).orderBy('recorded_at').orderBy('seq').limit(1).executeTakeFirst();
  if (row) return Number(row.seq);
  const last = await db.selectFrom('audit_entries').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return last?.seq === null || last?.seq === undefined ? 0 : Number(last.seq) + 1;
}

export async function seqRange(db: Kysely<Database>, period: Period): Promise<{ from: number; to: number }> {
  const [from, to] = await Promise.all([firstSeqFrom(db, period.from), firstSeqFrom(db, period.to)]);
  return { from, to: Math.max(from, to) };
}

export interface VolumeGroup {
  department: string | null;
  purpose: string | null;
  catalog: string | null;
  channel: string;
  records: number;
}

/**
 * The entry's time, written so that no index on recorded_at can answer it. Every figure must walk
 * its range of sequence numbers and only check the time of each entry in it (an entry's time may
 * fall just outside the quarter its number suggests). Given plain `recorded_at` bounds as well,
 * SQLite chose the recorded_at index, whose range is the whole quarter (EXPLAIN QUERY PLAN): each
 * 20,000-entry chunk of the report rollup then re-read every entry of the quarter so far.
 */
const recordedAt = sql<string>`substr(audit_entries.recorded_at, 1)`;

/** Entries that delivered records: single reads, search pages, export packages built. */
function deliveries(db: Kysely<Database>, range: { from: number; to: number }, period: Period) {
  return db
    .selectFrom('audit_entries')
    .where('seq', '>=', range.from)
    .where('seq', '<', range.to)
    .where(recordedAt, '>=', period.from)
    .where(recordedAt, '<', period.to)
    .where('outcome', '=', 'success')
    .where((eb) => eb.or([eb.and([eb('object_type', '=', 'record'), eb('action', 'in', ['read', 'search'])]), eb.and([eb('object_type', '=', 'export_package'), eb('action', '=', 'export')])]));
}

/** Records an entry delivered: one for a read, the page for a search, the package's records for an export. */
const recordsOf = (db: Kysely<Database>) =>
  sql<number>`case when audit_entries.action = 'read' then 1 else coalesce(cast(coalesce(${jsonMember(db, 'audit_entries.details', 'returned')}, ${jsonMember(db, 'audit_entries.details', 'records')}) as integer), 0) end`;

/** The channel from the route that served the entry: FHIR, export package, or the console/API. */
const channelOf = (db: Kysely<Database>) =>
  sql<string>`case when audit_entries.object_type = 'export_package' then 'export' when ${jsonMember(db, 'audit_entries.details', 'route')} like ${sql.lit('/fhir/%')} then 'fhir' else 'api' end`;

export async function sharingVolume(db: Kysely<Database>, range: { from: number; to: number }, period: Period, run: QueryRunner = onConnection): Promise<VolumeGroup[]> {
  const catalog = sql<string | null>`coalesce(${jsonMember(db, 'audit_entries.details', 'catalog')}, (select grants.catalog_code from grants where grants.id = audit_entries.grant_id))`;
  const query = deliveries(db, range, period)
    .select([
      'audit_entries.actor_department_id as department',
      'audit_entries.purpose_of_use as purpose',
      catalog.as('catalog'),
      channelOf(db).as('channel'),
      (eb) => eb.fn.sum<number>(recordsOf(db)).as('records'),
    ])
    .groupBy(['audit_entries.actor_department_id', 'audit_entries.purpose_of_use', catalog, channelOf(db)]);
  const rows = await run(query);
  return rows.map((row) => ({ department: row.department, purpose: row.purpose, catalog: row.catalog, channel: row.channel, records: Number(row.records) }));
}

/** Records delivered per UTC hour (`2026-10-01T08`), which the report folds into local weeks. */
export async function hourlyVolume(db: Kysely<Database>, range: { from: number; to: number }, period: Period, run: QueryRunner = onConnection): Promise<{ hour: string; records: number }[]> {
  const hour = sql<string>`substr(audit_entries.recorded_at, 1, 13)`;
  const query = deliveries(db, range, period)
    .select([hour.as('hour'), (eb) => eb.fn.sum<number>(recordsOf(db)).as('records')])
    .groupBy(hour);
  const rows = await run(query);
  return rows.map((row) => ({ hour: row.hour, records: Number(row.records) }));
}

/** The deliveries' distinct patients, as a subquery for the rollup to insert from. */
export function deliveredPatients(db: Kysely<Database>, range: { from: number; to: number }, period: Period) {
  return deliveries(db, range, period).where('audit_entries.patient_id', 'is not', null).select('audit_entries.patient_id as patient_id').distinct();
}

export interface DeniedGroup {
  reason: string;
  actorId: string | null;
  actorName: string | null;
  count: number;
}

/** Denied requests by why (the entry's reason, or the record read's refusal) and by who. */
export async function deniedGroups(db: Kysely<Database>, range: { from: number; to: number }, period: Period, run: QueryRunner = onConnection): Promise<DeniedGroup[]> {
  const reason = sql<string>`coalesce(${jsonMember(db, 'audit_entries.details', 'refused')}, audit_entries.reason, audit_entries.action)`;
  const query = db
    .selectFrom('audit_entries')
    .where('seq', '>=', range.from)
    .where('seq', '<', range.to)
    .where(recordedAt, '>=', period.from)
    .where(recordedAt, '<', period.to)
    .where('outcome', '=', 'denied')
    .select([reason.as('reason'), 'audit_entries.actor_id as actor_id', (eb) => eb.fn.max('audit_entries.actor_name').as('actor_name'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy([reason, 'audit_entries.actor_id']);
  const rows = await run(query);
  return rows.map((row) => ({ reason: row.reason, actorId: row.actor_id, actorName: row.actor_name, count: Number(row.count) }));
}
