#!/usr/bin/env node
// Durable audit appends against plain inserts of the same rows, on SQLite and PostgreSQL.
//
//   node bench/audit-append.mjs [--db sqlite,postgres] [--concurrency 64,256,1024]
//        [--entries 50000] [--warmup 5000] [--serial-entries 1000] [--serial-seconds 5]
//        [--profile standard|gm] [--out result.json | --json]
//
// The group commit decides its own batch sizes from the load, so the Yixiang run goes first and
// its batches are recorded; the baseline then inserts the same rows in transactions of exactly
// those sizes. Each configuration runs log, baseline, baseline, log, each on a fresh database.
// The ratio therefore isolates what the log adds per batch (sequence claim, canonical form, leaf
// and node hashing, node rows, checkpoint signing) from the cost of getting the rows themselves
// durably into the same table.
import { ensureServerBuilt, importServer } from './lib/build.mjs';

ensureServerBuilt();
const { openBenchDatabase, benchKeyring, CountingAuditLog, recordStream, now, msSince, summarise, systemClock, DEFAULT_AUDIT_OPTIONS, parseFlags, numberList, emitResult, collectGarbage, fmt } =
  await import('./lib/common.mjs');
const { completeEntry } = await importServer('audit/entry.js');
const { entryToRow } = await importServer('audit/rows.js');
const { insertEntries, treeSize, countEntries } = await importServer('audit/store.js');
const { findPostgresBin, startDurablePostgres, postgresVersion } = await import('./lib/postgres.mjs');
const { spawnSync } = await import('node:child_process');
const { sql } = await import('kysely');

const flags = parseFlags();
const kinds = typeof flags.db === 'string' ? flags.db.split(',') : ['sqlite', 'postgres'];
const concurrencies = numberList(flags.concurrency, [64, 256, 1024]);
const [total] = numberList(flags.entries, [50_000]);
const [warmup] = numberList(flags.warmup, [5000]);
const [serialEntries] = numberList(flags['serial-entries'], [1000]);
const [serialSeconds] = numberList(flags['serial-seconds'], [5]);
const profile = typeof flags.profile === 'string' ? flags.profile : 'standard';
const log = (line) => console.error(line);

// One fixed timestamp for baseline rows: the log stamps each batch with its own time, and the
// few bytes of difference do not matter, but rows must otherwise be the same.
const RECORDED_AT = new Date().toISOString();

/**
 * Before every timed phase: flush dirty pages left by the previous phase (dropped databases,
 * WAL checkpoints) so their write-back does not land in whichever side happens to run next.
 */
async function quiesce(database) {
  if (database.kind === 'postgres') await sql`CHECKPOINT`.execute(database.db);
  spawnSync('sync');
  await collectGarbage();
}

function rowsFor(records, firstSeq) {
  return records.map((record, offset) => entryToRow(completeEntry(record, firstSeq + offset, RECORDED_AT)));
}

/** `workers` callers, each appending and awaiting one entry at a time until `records` run out. */
async function appendConcurrently(auditLog, records, workers) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < records.length) await auditLog.append(records[next++]);
    }),
  );
}

async function yixiangConcurrent(kind, pgServer, records, warmRecords, workers) {
  const database = await openBenchDatabase(kind, { pgServer });
  try {
    const keyring = await benchKeyring(database.db, database.dataDir, profile);
    const auditLog = new CountingAuditLog(database.db, keyring, systemClock, DEFAULT_AUDIT_OPTIONS);
    await appendConcurrently(auditLog, warmRecords, workers);
    await quiesce(database);
    auditLog.counting = true;
    const started = now();
    await appendConcurrently(auditLog, records, workers);
    const ms = msSince(started);
    auditLog.counting = false;
    const size = await treeSize(database.db);
    if (size !== warmRecords.length + records.length) throw new Error(`tree size ${size} after appending ${warmRecords.length + records.length}`);
    return {
      ms,
      perSecond: (records.length / ms) * 1000,
      batchSizes: auditLog.batches.map((b) => b.size),
      batchMsList: auditLog.batches.map((b) => b.ms),
    };
  } finally {
    await database.drop();
  }
}

async function baselineBatches(kind, pgServer, records, warmRecords, batchSizes) {
  const database = await openBenchDatabase(kind, { pgServer });
  try {
    const warmRows = rowsFor(warmRecords, 0);
    const rows = rowsFor(records, warmRecords.length);
    for (let i = 0; i < warmRows.length; i += 1000) {
      const chunk = warmRows.slice(i, i + 1000);
      await database.db.transaction().execute((trx) => insertEntries(trx, chunk));
    }
    await quiesce(database);
    const started = now();
    let offset = 0;
    for (const size of batchSizes) {
      const chunk = rows.slice(offset, offset + size);
      offset += size;
      await database.db.transaction().execute((trx) => insertEntries(trx, chunk));
    }
    const ms = msSince(started);
    const count = await countEntries(database.db);
    if (count !== warmRows.length + rows.length) throw new Error(`baseline holds ${count} rows, expected ${warmRows.length + rows.length}`);
    return { ms, perSecond: (rows.length / ms) * 1000 };
  } finally {
    await database.drop();
  }
}

/**
 * One caller at a time: the latency of a single durable append when nothing else is in flight.
 * The log and the baseline (one single-row INSERT transaction per entry) alternate entry by
 * entry on two databases of the same server and disk, so a slow flush or a noisy neighbour
 * hits both alike instead of whichever ran second.
 */
async function serialPair(kind, pgServer, records) {
  const logDb = await openBenchDatabase(kind, { pgServer });
  const baseDb = await openBenchDatabase(kind, { pgServer });
  try {
    const keyring = await benchKeyring(logDb.db, logDb.dataDir, profile);
    const auditLog = new CountingAuditLog(logDb.db, keyring, systemClock, DEFAULT_AUDIT_OPTIONS);
    const rows = rowsFor(records, 0);
    const insertOne = (row) => baseDb.db.transaction().execute((trx) => insertEntries(trx, [row]));
    for (let i = 0; i < 50; i++) {
      await auditLog.append(records[i]);
      await insertOne(rows[i]);
    }
    await quiesce(logDb);
    const logLatencies = [];
    const baseLatencies = [];
    const deadline = Date.now() + serialSeconds * 1000;
    for (let i = 50; i < records.length && Date.now() < deadline; i++) {
      let t = now();
      await auditLog.append(records[i]);
      logLatencies.push(msSince(t) * 1000);
      t = now();
      await insertOne(rows[i]);
      baseLatencies.push(msSince(t) * 1000);
    }
    const side = (latencies) => {
      const latencyUs = summarise(latencies);
      return { count: latencies.length, perSecond: 1e6 / latencyUs.mean, latencyUs };
    };
    return { yixiang: side(logLatencies), baseline: side(baseLatencies) };
  } finally {
    await logDb.drop();
    await baseDb.drop();
  }
}

const result = { benchmark: 'audit-append', profile, entries: total, warmup, databases: {} };
const nextRecord = recordStream();
const warmRecords = Array.from({ length: warmup }, nextRecord);
const records = Array.from({ length: total }, nextRecord);
const serialRecords = Array.from({ length: serialEntries + 50 }, nextRecord);

for (const kind of kinds) {
  let pgServer = null;
  if (kind === 'postgres') {
    const bin = findPostgresBin();
    if (!bin) {
      log('PostgreSQL binaries not found under /usr/lib/postgresql: skipping PostgreSQL.');
      result.databases.postgres = { skipped: 'PostgreSQL binaries not found' };
      continue;
    }
    pgServer = await startDurablePostgres(bin);
    result.postgresVersion = postgresVersion(bin);
  }
  try {
    const runs = [];
    for (const workers of concurrencies) {
      // Log, baseline, baseline, log: drift over the run (page cache, neighbours, the
      // database's own background work) then weighs on both sides equally.
      log(`[${kind}] ${fmt(total)} appends, ${workers} callers in flight (log, baseline, baseline, log)…`);
      const first = await yixiangConcurrent(kind, pgServer, records, warmRecords, workers);
      const baseA = await baselineBatches(kind, pgServer, records, warmRecords, first.batchSizes);
      const baseB = await baselineBatches(kind, pgServer, records, warmRecords, first.batchSizes);
      const second = await yixiangConcurrent(kind, pgServer, records, warmRecords, workers);
      const yixiangMs = first.ms + second.ms;
      const baselineMs = baseA.ms + baseB.ms;
      const yixiang = {
        perSecond: ((2 * records.length) / yixiangMs) * 1000,
        reps: [first.perSecond, second.perSecond],
        batches: summarise([...first.batchSizes, ...second.batchSizes]),
        batchMs: summarise([...first.batchMsList, ...second.batchMsList]),
      };
      const baseline = { perSecond: ((2 * records.length) / baselineMs) * 1000, reps: [baseA.perSecond, baseB.perSecond] };
      log(`[${kind}]   Yixiang ${yixiang.reps.map((v) => fmt(v)).join(' / ')} entries/s in batches of median ${fmt(yixiang.batches.median)}; baseline ${baseline.reps.map((v) => fmt(v)).join(' / ')} rows/s → ratio ${(yixiang.perSecond / baseline.perSecond).toFixed(2)}`);
      runs.push({ workers, yixiang, baseline, ratio: yixiang.perSecond / baseline.perSecond });
    }
    log(`[${kind}] one caller at a time, alternating with the baseline (up to ${fmt(serialEntries)} appends or ${serialSeconds} s)…`);
    const serial = await serialPair(kind, pgServer, serialRecords);
    log(`[${kind}]   Yixiang median ${fmt(serial.yixiang.latencyUs.median)} µs, baseline ${fmt(serial.baseline.latencyUs.median)} µs`);
    result.databases[kind] = {
      concurrent: runs,
      serial: { ...serial, ratio: serial.yixiang.latencyUs.median / serial.baseline.latencyUs.median },
    };
  } finally {
    pgServer?.stop();
  }
}

await emitResult(flags, result);
