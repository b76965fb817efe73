#!/usr/bin/env node
// Durable appends to a log that already holds a million entries, against plain inserts into the
// very same table. Appends into a fresh database flatter both sides: inserting into
// audit_entries gets slower as its secondary indexes grow, and this is the figure a hospital
// that has run for a while would see.
//
//   node bench/audit-append-scale.mjs --log-dir DIR [--size 1000000] [--entries 20000]
//        [--concurrency 1024] [--profile standard|gm] [--out result.json | --json]
//
// Runs last on the large log: it leaves baseline rows in the table and finally drops the
// table's search indexes for a diagnostic figure, so the log is not usable afterwards. Baseline rows get sequence numbers far beyond the log's, so they never
// collide with the log's own appends yet land in the same table and indexes.
import { ensureServerBuilt, importServer } from './lib/build.mjs';

ensureServerBuilt();
const { CountingAuditLog, recordStream, now, msSince, summarise, systemClock, DEFAULT_AUDIT_OPTIONS, parseFlags, numberList, emitResult, collectGarbage, fmt } = await import('./lib/common.mjs');
const { openLargeLog } = await import('./lib/large-log.mjs');
const { completeEntry } = await importServer('audit/entry.js');
const { entryToRow } = await importServer('audit/rows.js');
const { insertEntries, treeSize } = await importServer('audit/store.js');
const { spawnSync } = await import('node:child_process');
const { sql } = await import('kysely');

const flags = parseFlags();
if (typeof flags['log-dir'] !== 'string') throw new Error('--log-dir is required: the directory of the large log built by audit-verify.mjs');
const [size] = numberList(flags.size, [1_000_000]);
const [total] = numberList(flags.entries, [20_000]);
const [workers] = numberList(flags.concurrency, [1024]);
const profile = typeof flags.profile === 'string' ? flags.profile : 'standard';
const log = (line) => console.error(line);

const large = await openLargeLog({ kind: 'sqlite', size, dir: flags['log-dir'], profile, log });
const { database, keyring } = large;
const db = database.db;
const auditLog = new CountingAuditLog(db, keyring, systemClock, DEFAULT_AUDIT_OPTIONS);
const nextRecord = recordStream(4242);
const BASELINE_SEQ = 1e12;
let baselineNext = BASELINE_SEQ;
const recordedAt = new Date().toISOString();

async function quiesce() {
  spawnSync('sync');
  await collectGarbage();
}

async function logRun() {
  const records = Array.from({ length: total }, nextRecord);
  auditLog.batches = [];
  await quiesce();
  auditLog.counting = true;
  const started = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < records.length) await auditLog.append(records[next++]);
    }),
  );
  const ms = msSince(started);
  auditLog.counting = false;
  return { ms, perSecond: (total / ms) * 1000, batchSizes: auditLog.batches.map((b) => b.size) };
}

async function baselineRun(batchSizes) {
  const rows = Array.from({ length: total }, () => entryToRow(completeEntry(nextRecord(), baselineNext++, recordedAt)));
  await quiesce();
  const started = now();
  let offset = 0;
  for (const batch of batchSizes) {
    const chunk = rows.slice(offset, offset + batch);
    offset += batch;
    await db.transaction().execute((trx) => insertEntries(trx, chunk));
  }
  const ms = msSince(started);
  return { ms, perSecond: (total / ms) * 1000 };
}

log(`[sqlite] ${fmt(total)} appends on top of ${fmt(size)} entries, ${workers} callers in flight (log, baseline, baseline, log)…`);
const first = await logRun();
const baseA = await baselineRun(first.batchSizes);
const baseB = await baselineRun(first.batchSizes);
const second = await logRun();
const grown = await treeSize(db);
if (grown !== size + 2 * total) throw new Error(`log holds ${grown} entries, expected ${size + 2 * total}`);

// Diagnostic, not a comparison: the same plain inserts once more after dropping the table's
// secondary (search) indexes, to show how much of both sides' cost is index maintenance.
const indexes = await db
  .selectFrom(sql`sqlite_master`.as('m'))
  .select(sql`name`.as('name'))
  .where(sql`type`, '=', 'index')
  .where(sql`tbl_name`, '=', 'audit_entries')
  .where(sql`sql`, 'is not', null)
  .execute();
for (const { name } of indexes) await sql`DROP INDEX ${sql.id(name)}`.execute(db);
const unindexed = await baselineRun(first.batchSizes);
log(`[sqlite]   diagnostic: plain inserts without the ${indexes.length} secondary indexes ${fmt(unindexed.perSecond)} rows/s`);
const result = {
  benchmark: 'audit-append-scale',
  db: 'sqlite',
  profile,
  size,
  entries: total,
  workers,
  yixiang: {
    perSecond: ((2 * total) / (first.ms + second.ms)) * 1000,
    reps: [first.perSecond, second.perSecond],
    batches: summarise([...first.batchSizes, ...second.batchSizes]),
  },
  baseline: { perSecond: ((2 * total) / (baseA.ms + baseB.ms)) * 1000, reps: [baseA.perSecond, baseB.perSecond] },
  withoutSecondaryIndexes: { indexesDropped: indexes.length, perSecond: unindexed.perSecond },
  build: large.build,
};
result.ratio = result.yixiang.perSecond / result.baseline.perSecond;
log(`[sqlite]   Yixiang ${result.yixiang.reps.map((v) => fmt(v)).join(' / ')} entries/s; baseline ${result.baseline.reps.map((v) => fmt(v)).join(' / ')} rows/s → ratio ${result.ratio.toFixed(2)}`);
await database.drop();
await emitResult(flags, result);
