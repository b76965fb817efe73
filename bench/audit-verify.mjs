#!/usr/bin/env node
// Full verification of a million-entry log against a plain ordered read of the same rows.
//
//   node bench/audit-verify.mjs [--size 1000000] [--log-dir DIR] [--db sqlite|postgres]
//        [--no-breakdown] [--profile standard|gm] [--out result.json | --json]
//
// AuditService.verify() reads every entry and every stored leaf, rebuilds each leaf from the
// entry's canonical bytes, rebuilds the tree and checks every signed checkpoint; on SQLite it does
// so in stretches on worker threads, with SQLite building each row's canonical text. The baseline
// is `SELECT * FROM audit_entries ORDER BY seq` over the same rows through the same connection, so
// the ratio is the price of verifying over merely reading. The breakdown times the parts of
// verification separately, on one thread, to show where the time goes and what the threads buy.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, importServer } from './lib/build.mjs';

ensureServerBuilt();
const { now, msSince, parseFlags, numberList, emitResult, collectGarbage, fmt } = await import('./lib/common.mjs');
const { openLargeLog } = await import('./lib/large-log.mjs');
const { entriesFrom } = await importServer('audit/store.js');
const { canonicalTextSql } = await importServer('audit/sqlite-verify/canonical-sql.js');
const { verifyRange } = await importServer('audit/sqlite-verify/range-verifier.js');
const { stretches } = await importServer('audit/sqlite-verify/index.js');
const { sql } = await import('kysely');
const { availableParallelism } = await import('node:os');
const { createRequire } = await import('node:module');
const Database = createRequire(import.meta.url)('better-sqlite3');
const { findPostgresBin, startDurablePostgres, postgresVersion } = await import('./lib/postgres.mjs');

const flags = parseFlags();
const [size] = numberList(flags.size, [1_000_000]);
const kind = typeof flags.db === 'string' ? flags.db : 'sqlite';
const profile = typeof flags.profile === 'string' ? flags.profile : 'standard';
const breakdown = !flags['no-breakdown'];
const log = (line) => console.error(line);

const ownDir = typeof flags['log-dir'] !== 'string' && kind === 'sqlite';
const dir = typeof flags['log-dir'] === 'string' ? flags['log-dir'] : ownDir ? mkdtempSync(path.join(tmpdir(), 'yixiang-bench-large-')) : undefined;
let pgServer = null;
const result = { benchmark: 'audit-verify', db: kind, profile, size };
if (kind === 'postgres') {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  pgServer = await startDurablePostgres(bin);
  result.postgresVersion = postgresVersion(bin);
}

/** Reads every row once; the driver's streaming on SQLite, keyset pages on PostgreSQL (no cursor support configured). */
async function plainRead(db) {
  let count = 0;
  if (kind === 'sqlite') {
    for await (const row of db.selectFrom('audit_entries').selectAll().orderBy('seq').stream(5000)) if (row) count++;
  } else {
    for (let next = 0; ; ) {
      const rows = await entriesFrom(db, next, 5000);
      count += rows.length;
      if (rows.length < 5000) break;
      next = Number(rows[rows.length - 1].seq) + 1;
    }
  }
  return count;
}

async function timed(label, fn) {
  await collectGarbage();
  const started = now();
  const value = await fn();
  const ms = msSince(started);
  log(`  ${label}: ${fmt(ms)} ms`);
  return { ms, value };
}

try {
  const large = await openLargeLog({ kind, size, dir, profile, pgServer, log });
  const { database, service } = large;
  result.build = large.build;
  result.reusedLog = large.reused;
  if (large.build && !large.reused) log(`[${kind}] built in ${fmt(large.build.ms / 1000, 1)} s (${fmt(large.build.perSecond)} appends/s)`);

  log(`[${kind}] warming the page cache with one untimed read…`);
  await plainRead(database.db);
  const readRuns = [];
  for (let i = 0; i < 2; i++) {
    const { ms, value } = await timed(`plain ordered read #${i + 1}`, () => plainRead(database.db));
    if (value !== size) throw new Error(`read ${value} rows, expected ${size}`);
    readRuns.push(ms);
  }
  const baselineMs = Math.min(...readRuns);

  const verification = await timed('AuditService.verify()', () => service.verify());
  const outcome = verification.value;
  if (!outcome.ok || outcome.entriesChecked !== size) {
    throw new Error(`verification failed on a log built by the benchmark: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  }
  result.checkpointsChecked = outcome.checkpointsChecked;
  result.verify = { ms: verification.ms, perSecond: (size / verification.ms) * 1000 };
  result.baseline = { ms: baselineMs, perSecond: (size / baselineMs) * 1000 };
  result.ratio = result.verify.perSecond / result.baseline.perSecond;
  log(`[${kind}] verify ${fmt(result.verify.perSecond)} entries/s, plain read ${fmt(result.baseline.perSecond)} rows/s → ratio ${result.ratio.toFixed(2)}`);

  if (breakdown && kind === 'sqlite') {
    // Where the time goes, each part on its own on one thread, over the first rows of the log
    // (scaled to the whole log), so the per-entry cost and the parallel speed-up can be read off.
    const sampleSize = Math.min(size, 200_000);
    const scale = size / sampleSize;
    const parts = { sampleSize };
    const file = (await sql`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(database.db)).rows[0].file;
    const raw = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const pass = async (label, fn) => (await timed(`${label} (first ${fmt(sampleSize)} rows)`, fn)).ms * scale;
      parts.rawRead = await pass('raw driver read of every column', () => {
        let n = 0;
        for (const row of raw.prepare('SELECT * FROM audit_entries WHERE seq < ? ORDER BY seq').raw().iterate(sampleSize)) if (row) n++;
        return n;
      });
      parts.canonicalSql = await pass('canonical text built by SQLite', () => {
        let n = 0;
        for (const length of raw.prepare(`SELECT length(${canonicalTextSql('e')}) FROM audit_entries AS e WHERE e.seq < ? ORDER BY e.seq`).pluck().iterate(sampleSize)) n += length > 0;
        return n;
      });
      parts.oneThread = await pass('verifyRange on one thread (text, stored leaf, hash, compare, subtrees)', () => {
        const digest = large.auditLog.nodeHashName;
        return stretches(0, sampleSize, []).every((task) => verifyRange(raw, digest, task).ok);
      });
    } finally {
      raw.close();
    }
    parts.workers = Math.min(4, availableParallelism());
    result.breakdownMs = parts;
  }
  await database.drop();
} finally {
  pgServer?.stop();
  if (ownDir) rmSync(dir, { recursive: true, force: true });
}

await emitResult(flags, result);
