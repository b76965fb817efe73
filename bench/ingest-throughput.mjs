#!/usr/bin/env node
// NDJSON ingest throughput against plain inserts of the same rows, per crypto profile.
//
// Each repetition imports the whole file into a fresh repository exactly as `yixiang import`
// does (the worker thread included when the machine has a second core), then verifies the count.
// The baseline inserts the very rows that import wrote to `records` — read back from the first
// repetition — into a fresh database of the same kind, through the application's own insert
// function, in transactions of the import's chunk size: no parsing, validation, routing, blind
// indexes, encryption, reference checks, patient identifiers or care-team facts. A second,
// diagnostic floor uses one reused better-sqlite3 prepared statement. The same file is also
// imported with every catalog level capped at 2, so nothing is encrypted, which prices the cipher
// end to end. Order per profile: import, unencrypted, baseline, baseline, unencrypted, import.
//
//   node --expose-gc bench/ingest-throughput.mjs --file hospital.ndjson [--profiles standard,gm]
//        [--db sqlite,postgres] [--diagnostics] [--out result.json]
import { availableParallelism } from 'node:os';
import { BULK_WRITE_SETTINGS, boundImportHeap, collectGarbage, emitResult, fmt, importNdjson, list, log, msSince, now, openEmptyDatabase, openRepository, parseFlags, plainInserts, preparedInserts, storedRows } from './ingest-common.mjs';

const flags = parseFlags();
if (typeof flags.file !== 'string') throw new Error('--file is required');
const file = flags.file;
const profiles = list(flags.profiles, ['standard', 'gm']);
const kinds = list(flags.db, ['sqlite']);
const CHUNK = 1000;
const useWorker = availableParallelism() > 1;
// The import command bounds its heap this way before importing; measure under the same setting.
boundImportHeap();

let pgServer = null;
if (kinds.includes('postgres')) {
  const { findPostgresBin, startDurablePostgres } = await import('./lib/postgres.mjs');
  const bin = findPostgresBin();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  pgServer = await startDurablePostgres(bin);
}

/** One import into a fresh repository; returns its rate and, when asked, the rows it wrote. */
async function importOnce(kind, profile, { capLevel = null, worker = useWorker, keepRows = false, declaredIndexers = false } = {}) {
  const repo = await openRepository({ profile, capLevel, declaredIndexers, pgServer: kind === 'postgres' ? pgServer : null });
  try {
    await collectGarbage();
    const started = now();
    const summary = await importNdjson(file, repo.ingest, undefined, worker ? { worker: repo.workerSettings } : {});
    const ms = msSince(started);
    if (summary.refused > 0 || summary.updated > 0) throw new Error(`import refused ${summary.refused} and updated ${summary.updated} lines: ${JSON.stringify(summary.problems.slice(0, 3))}`);
    const rows = keepRows ? await storedRows(repo.db, kind) : null;
    const encrypted = keepRows ? rows.filter((r) => r.encrypted === 1).length : null;
    return { ms, resources: summary.created, perSecond: (summary.created / ms) * 1000, rows, encrypted };
  } finally {
    await repo.drop();
  }
}

async function baselineOnce(kind, rows) {
  const database = await openEmptyDatabase({ pgServer: kind === 'postgres' ? pgServer : null });
  try {
    await collectGarbage();
    const ms = await plainInserts(database.db, rows, CHUNK);
    const count = Number((await database.db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (count !== rows.length) throw new Error(`baseline holds ${count} rows, expected ${rows.length}`);
    return { ms, perSecond: (rows.length / ms) * 1000 };
  } finally {
    await database.drop();
  }
}

async function preparedOnce(rows) {
  const database = await openEmptyDatabase();
  try {
    await database.close();
    await collectGarbage();
    // Transactions the size of the import's largest (it commits several chunks at once on SQLite).
    const ms = preparedInserts(database.file, rows, BULK_WRITE_SETTINGS.groupRows);
    return { ms, perSecond: (rows.length / ms) * 1000 };
  } finally {
    await database.drop();
  }
}

const rate = (reps) => {
  const total = reps.reduce((sum, r) => sum + r.ms, 0);
  const count = reps.reduce((sum, r) => sum + (r.resources ?? r.rows), 0);
  return { perSecond: (count / total) * 1000, reps: reps.map((r) => r.perSecond) };
};

const runs = [];
for (const kind of kinds) {
  for (const profile of profiles) {
    log(`[${kind}, ${profile}] import, unencrypted import, baseline, baseline, unencrypted import, import…`);
    const first = await importOnce(kind, profile, { keepRows: true });
    const rows = first.rows;
    log(`[${kind}, ${profile}]   import ${fmt(first.perSecond)} resources/s (${fmt(first.resources)} in ${fmt(first.ms / 1000, 1)} s; ${fmt(first.encrypted)} encrypted)`);
    const plainA = await importOnce(kind, profile, { capLevel: 2 });
    log(`[${kind}, ${profile}]   unencrypted import ${fmt(plainA.perSecond)} resources/s`);
    const baseA = await baselineOnce(kind, rows.map((r) => ({ ...r })));
    const baseB = await baselineOnce(kind, rows.map((r) => ({ ...r })));
    log(`[${kind}, ${profile}]   baseline ${fmt(baseA.perSecond)} / ${fmt(baseB.perSecond)} rows/s`);
    const floor = kind === 'sqlite' ? preparedOnce(rows) : null;
    const floorResult = floor ? await floor : null;
    if (floorResult) log(`[${kind}, ${profile}]   prepared-statement floor ${fmt(floorResult.perSecond)} rows/s`);
    const plainB = await importOnce(kind, profile, { capLevel: 2 });
    const second = await importOnce(kind, profile);
    log(`[${kind}, ${profile}]   unencrypted import ${fmt(plainB.perSecond)}, import ${fmt(second.perSecond)} resources/s`);
    const yixiang = rate([first, second]);
    const baseline = rate([{ ...baseA, rows: rows.length }, { ...baseB, rows: rows.length }]);
    const unencrypted = rate([plainA, plainB]);
    runs.push({
      kind,
      profile,
      resources: first.resources,
      encryptedRecords: first.encrypted,
      worker: useWorker,
      yixiang,
      baseline,
      unencrypted,
      floor: floorResult ? { perSecond: floorResult.perSecond } : null,
      ratio: yixiang.perSecond / baseline.perSecond,
      floorRatio: floorResult ? yixiang.perSecond / floorResult.perSecond : null,
      encryptionRatio: yixiang.perSecond / unencrypted.perSecond,
    });
    log(`[${kind}, ${profile}]   → ${fmt(yixiang.perSecond)} resources/s, ${(yixiang.perSecond / baseline.perSecond).toFixed(2)}× the baseline, ${(yixiang.perSecond / unencrypted.perSecond).toFixed(2)}× unencrypted`);
  }
}

// Diagnostics, one repetition each: the same import with everything in one thread (what the HTTP
// ingest and the demo loader do, and `yixiang import` on a single core); and with the care-team
// indexer naming the resource types it reads, so the writing thread parses only those again.
const diagnostics = [];
if (flags.diagnostics) {
  const kind = kinds[0];
  const profile = profiles[0];
  if (useWorker) {
    const single = await importOnce(kind, profile, { worker: false });
    diagnostics.push({ name: 'one thread', kind, profile, perSecond: single.perSecond });
    log(`[${kind}, ${profile}] one thread: ${fmt(single.perSecond)} resources/s`);
  }
  const declared = await importOnce(kind, profile, { declaredIndexers: true });
  diagnostics.push({ name: 'care-team indexer declaring its resource types', kind, profile, perSecond: declared.perSecond });
  log(`[${kind}, ${profile}] care-team indexer declaring its types: ${fmt(declared.perSecond)} resources/s`);
}

if (pgServer) await pgServer.stop();
await emitResult(flags, { chunk: CHUNK, group: { rows: BULK_WRITE_SETTINGS.groupRows, ms: BULK_WRITE_SETTINGS.groupMs }, runs, diagnostics });
