import { sql, type Kysely } from 'kysely';
import type { Database, ScriptStep, SnapshotReader } from '../db/index.js';
import * as audit from './audit-store.js';
import type { QuarterId } from './model.js';
import { quarterOf, quarterPeriod, type QuarterPeriod } from './period.js';

/**
 * The rollup tables behind the quarterly report (migration 0018): what the report would count in
 * the audit log, folded in chunk by chunk as entries are appended. Every figure is keyed by the
 * quarter (or the hour) of the entry's own `recorded_at`, the same filter the report applies, so
 * rolled totals plus a live count of the entries after them give the same numbers as counting
 * everything live.
 */

type Db = Kysely<Database>;
type SeqRange = { from: number; to: number };

export async function rolledTo(db: Db): Promise<number> {
  const row = await db.selectFrom('report_rollup_state').select('next_seq').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.next_seq) : 0;
}

/** The quarters whose entries lie in a chunk of the log (usually one; two at a quarter's turn). */
async function quartersIn(db: Db, range: SeqRange): Promise<QuarterPeriod[]> {
  const row = await db
    .selectFrom('audit_entries')
    .select((eb) => [eb.fn.min('recorded_at').as('first'), eb.fn.max('recorded_at').as('last')])
    .where('seq', '>=', range.from)
    .where('seq', '<', range.to)
    .executeTakeFirst();
  if (!row?.first || !row.last) return [];
  const periods: QuarterPeriod[] = [];
  let quarter = quarterOf(new Date(row.first));
  for (;;) {
    const period = quarterPeriod(quarter);
    periods.push(period);
    if (Date.parse(period.to) > Date.parse(row.last)) return periods;
    quarter = quarterOf(new Date(period.to));
  }
}

interface ChunkTotals {
  sharing: { quarter: string; department: string; purpose: string; catalog: string; channel: string; records: number }[];
  hours: { hour: string; records: number }[];
  denied: { quarter: string; reason: string; actor_id: string; actor_name: string | null; entries: number }[];
  patients: { quarter: string; patient_id: string }[];
}

/**
 * Runs the chunk's scans on a SnapshotReader when the database has one (SQLite): each scan
 * evaluates JSON members of every entry in the chunk, and on the main connection that held the
 * event loop, and every request behind it, for as long as it took.
 */
export function chunkRunner(reader: SnapshotReader | null): audit.QueryRunner {
  if (!reader) return audit.onConnection;
  return async <Row>(query: audit.RunnableQuery<Row>) => {
    const compiled = query.compile();
    const [rows] = await reader.read([{ sql: compiled.sql, parameters: compiled.parameters as ScriptStep['parameters'] }]);
    return (rows ?? []) as Row[];
  };
}

/** What a chunk adds, read outside any write transaction so appends are not held up meanwhile. */
async function chunkTotals(db: Db, range: SeqRange, run: audit.QueryRunner): Promise<ChunkTotals> {
  const totals: ChunkTotals = { sharing: [], hours: [], denied: [], patients: [] };
  for (const period of await quartersIn(db, range)) {
    const quarter = period.quarter;
    const [groups, hours, denied, patients] = await Promise.all([
      audit.sharingVolume(db, range, period, run),
      audit.hourlyVolume(db, range, period, run),
      audit.deniedGroups(db, range, period, run),
      run(audit.deliveredPatients(db, range, period)),
    ]);
    for (const g of groups) totals.sharing.push({ quarter, department: g.department ?? '', purpose: g.purpose ?? '', catalog: g.catalog ?? '', channel: g.channel, records: g.records });
    totals.hours.push(...hours);
    for (const d of denied) totals.denied.push({ quarter, reason: d.reason, actor_id: d.actorId ?? '', actor_name: d.actorName, entries: d.count });
    for (const p of patients) totals.patients.push({ quarter, patient_id: p.patient_id! });
  }
  return totals;
}

function batches<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Folds the entries [from, to) into the rollup tables, if the rollup still stands at `from`
 * (another instance may have done it meanwhile). Returns whether this call did the work.
 */
export async function foldChunk(db: Db, range: SeqRange, at: string, run: audit.QueryRunner = audit.onConnection): Promise<boolean> {
  const totals = await chunkTotals(db, range, run);
  return db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('report_rollup_state').set({ next_seq: range.to, updated_at: at }).where('id', '=', 1).where('next_seq', '=', range.from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    for (const rows of batches(totals.sharing, 500)) {
      await trx
        .insertInto('report_sharing_rollup')
        .values(rows)
        .onConflict((oc) => oc.columns(['quarter', 'department', 'purpose', 'catalog', 'channel']).doUpdateSet((eb) => ({ records: eb(eb.ref('report_sharing_rollup.records'), '+', eb.ref('excluded.records')) })))
        .execute();
    }
    for (const rows of batches(totals.hours, 500)) {
      await trx
        .insertInto('report_hourly_rollup')
        .values(rows)
        .onConflict((oc) => oc.column('hour').doUpdateSet((eb) => ({ records: eb(eb.ref('report_hourly_rollup.records'), '+', eb.ref('excluded.records')) })))
        .execute();
    }
    for (const rows of batches(totals.denied, 500)) {
      await trx
        .insertInto('report_denied_rollup')
        .values(rows)
        .onConflict((oc) => oc.columns(['quarter', 'reason', 'actor_id']).doUpdateSet((eb) => ({ entries: eb(eb.ref('report_denied_rollup.entries'), '+', eb.ref('excluded.entries')), actor_name: eb.ref('excluded.actor_name') })))
        .execute();
    }
    for (const rows of batches(totals.patients, 2000)) {
      await trx.insertInto('report_patient_rollup').values(rows).onConflict((oc) => oc.doNothing()).execute();
    }
    return true;
  });
}

export async function rolledSharing(db: Db, quarter: QuarterId): Promise<audit.VolumeGroup[]> {
  const rows = await db.selectFrom('report_sharing_rollup').select(['department', 'purpose', 'catalog', 'channel', 'records']).where('quarter', '=', quarter).execute();
  const orNull = (value: string) => (value === '' ? null : value);
  return rows.map((row) => ({ department: orNull(row.department), purpose: orNull(row.purpose), catalog: orNull(row.catalog), channel: row.channel, records: Number(row.records) }));
}

/** Hours are UTC and quarters begin at local midnight, so the quarter's hours are exactly [from, to) cut to the hour. */
export async function rolledHours(db: Db, period: QuarterPeriod): Promise<{ hour: string; records: number }[]> {
  const rows = await db.selectFrom('report_hourly_rollup').select(['hour', 'records']).where('hour', '>=', period.from.slice(0, 13)).where('hour', '<', period.to.slice(0, 13)).execute();
  return rows.map((row) => ({ hour: row.hour, records: Number(row.records) }));
}

export async function rolledDenied(db: Db, quarter: QuarterId): Promise<audit.DeniedGroup[]> {
  const rows = await db.selectFrom('report_denied_rollup').select(['reason', 'actor_id', 'actor_name', 'entries']).where('quarter', '=', quarter).execute();
  return rows.map((row) => ({ reason: row.reason, actorId: row.actor_id === '' ? null : row.actor_id, actorName: row.actor_name, count: Number(row.entries) }));
}

/** Distinct patients of the quarter: those rolled up, plus those of the live tail not among them. */
export async function patientsWithTail(db: Db, period: QuarterPeriod, tail: SeqRange | null): Promise<number> {
  const rolled = await db.selectFrom('report_patient_rollup').select((eb) => eb.fn.countAll<number>().as('n')).where('quarter', '=', period.quarter).executeTakeFirstOrThrow();
  if (!tail) return Number(rolled.n);
  const fresh = await db
    .selectFrom(audit.deliveredPatients(db, tail, period).as('tail'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('report_patient_rollup').select(sql.lit(1).as('one')).where('report_patient_rollup.quarter', '=', period.quarter).whereRef('report_patient_rollup.patient_id', '=', 'tail.patient_id'))))
    .executeTakeFirstOrThrow();
  return Number(rolled.n) + Number(fresh.n);
}
