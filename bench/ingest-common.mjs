// Shared pieces of the ingest benchmarks: a repository set up exactly as `yixiang import` sets it
// up (same wiring, same worker settings), synthetic NDJSON from the demo generator, the plain
// inserts the figures are compared with, and small statistics helpers.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { importServer } from './lib/build.mjs';

const { openMigratedDatabase } = await importServer('db/index.js');
const { ingestForCli } = await importServer('cli/ingest-setup.js');
const { importWorkerSettings, boundImportHeap } = await importServer('cli/import.js');
export { boundImportHeap };
const { createIngest } = await importServer('app/catalog-seed.js');
const { openKeyring } = await importServer('app/keyring.js');
const { systemClock } = await importServer('lib/clock.js');
const { insertRecords, withBulkWrites, BULK_WRITE_SETTINGS } = await importServer('records/store.js');
export { BULK_WRITE_SETTINGS };
const { generateHospitalNdjson } = await importServer('demo/clinical/index.js');
const records = await importServer('records/index.js');

export const { importNdjson, revealPayload, RecordIngest } = records;
const { indexCareTeams } = await importServer('access/index.js');
export { systemClock };

export { parseFlags } from './lib/flags.mjs';

export const list = (value, fallback) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback);

/** The settings `yixiang import` would read from the environment, for a throwaway data directory. */
export function benchSettings(dataDir, profile, databaseUrl = null) {
  return { dataDir, databaseUrl, cryptoProfile: profile, masterKey: null };
}

/**
 * A migrated repository in a fresh directory (or PostgreSQL database) with the built-in catalog,
 * and the ingest the import command builds over it. `capLevel` lowers every catalog resource's
 * level to at most that value, so nothing is encrypted: the same code path without the cipher.
 */
export async function openRepository({ profile = 'standard', pgServer = null, capLevel = null, declaredIndexers = false, parentDir = tmpdir() } = {}) {
  const dataDir = mkdtempSync(path.join(parentDir, 'yixiang-bench-ingest-'));
  const pgDatabase = pgServer ? await pgServer.createDatabase() : null;
  const settings = benchSettings(dataDir, profile, pgDatabase?.url ?? null);
  const handle = await openMigratedDatabase(settings);
  const cliIngest = await ingestForCli(handle, settings);
  const capped = { definitions: async () => (await cliIngest.definitions()).map((d) => ({ ...d, defaultLevel: Math.min(d.defaultLevel, capLevel) })) };
  const keyring = () => openKeyring(settings, handle, systemClock);
  const ingest = declaredIndexers
    ? new RecordIngest(handle.db, keyring(), () => cliIngest.definitions(), systemClock, [Object.assign((trx, resources) => indexCareTeams(trx, resources), { resourceTypes: ['Encounter', 'Practitioner'] })])
    : capLevel === null
      ? cliIngest
      : createIngest(handle.db, keyring(), capped, systemClock);
  return {
    kind: pgServer ? 'postgres' : 'sqlite',
    settings,
    db: handle.db,
    ingest,
    workerSettings: importWorkerSettings(settings),
    keyring: keyring(),
    async drop() {
      await handle.close();
      if (pgDatabase) await pgDatabase.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh empty repository of the same kind for the baseline: migrated schema, nothing else. */
export async function openEmptyDatabase({ pgServer = null, parentDir = tmpdir() } = {}) {
  const dataDir = mkdtempSync(path.join(parentDir, 'yixiang-bench-base-'));
  const pgDatabase = pgServer ? await pgServer.createDatabase() : null;
  const handle = await openMigratedDatabase({ dataDir, databaseUrl: pgDatabase?.url ?? null });
  return {
    dataDir,
    file: path.join(dataDir, 'yixiang.sqlite'),
    db: handle.db,
    async close() {
      await handle.close();
    },
    async drop() {
      await handle.close().catch(() => undefined);
      if (pgDatabase) await pgDatabase.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes `patients` synthetic patients (plus staff and equipment) as NDJSON; returns lines and bytes. */
export async function writeHospitalNdjson(file, patients, seed) {
  const out = createWriteStream(file);
  let lines = 0;
  for (const line of generateHospitalNdjson({ patients, ...(seed !== undefined && { seed }) })) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
    lines++;
  }
  out.end();
  await once(out, 'finish');
  return { lines, bytes: statSync(file).size };
}

/** The stored rows of the records table in the order they were written, for the baseline to insert again. */
export async function storedRows(db, kind) {
  const query = db.selectFrom('records').selectAll();
  // SQLite's rowid is the insertion order; PostgreSQL has none, and the order matters little there.
  return (kind === 'sqlite' ? query.orderBy(sql`rowid`) : query.orderBy('last_updated').orderBy('resource_type').orderBy('id')).execute();
}

/**
 * Baseline: the same rows as plain INSERTs through the application's own insert
 * function (the one ingest uses), in chunks of `batch` rows written the way an import writes its
 * chunks (`withBulkWrites`: the same transactions spanning several chunks, page cache and
 * checkpoint interval on SQLite), into an empty database.
 */
export async function plainInserts(db, rows, batch) {
  const started = now();
  await withBulkWrites(db, async (writes) => {
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      await writes.beginChunk();
      if (writes.grouped) await insertRecords(db, chunk);
      else await db.transaction().execute((trx) => insertRecords(trx, chunk));
      await writes.endChunk(chunk.length);
    }
  });
  return msSince(started);
}

/**
 * A floor for SQLite: the same rows through one better-sqlite3 prepared statement reused for
 * every row, in transactions of `batch` rows — what the database alone costs, with no query
 * building at all. Runs on its own connection to a closed, migrated database file.
 */
export function preparedInserts(file, rows, batch) {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const database = new Database(file);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    // The import's bulk settings (src/records/store.ts), so the floor differs from it only in the work.
    database.pragma(`cache_size = -${BULK_WRITE_SETTINGS.cacheKiB}`);
    database.pragma(`wal_autocheckpoint = ${BULK_WRITE_SETTINGS.checkpointPages}`);
    const columns = Object.keys(rows[0]);
    const insert = database.prepare(`insert into records (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
    const write = database.transaction((chunk) => {
      for (const row of chunk) insert.run(row);
    });
    const started = now();
    for (let i = 0; i < rows.length; i += batch) write(rows.slice(i, i + batch));
    return msSince(started);
  } finally {
    database.close();
  }
}

export const now = () => process.hrtime.bigint();
export const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;

export { percentile, summarise, collectGarbage } from './lib/stats.mjs';

export function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function log(message) {
  console.log(`  ${message}`);
}

/** Writes a benchmark's JSON result where the runner asked for it, or to stdout when run directly. */
export async function emitResult(flags, result) {
  if (typeof flags.out === 'string') {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(flags.out, JSON.stringify(result, null, 2));
  } else {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}
