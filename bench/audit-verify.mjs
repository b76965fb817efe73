#!/usr/bin/env node
// Full verification of a million-entry log against a plain ordered read of the same rows.
//
//   node bench/audit-verify.mjs [--size 1000000] [--log-dir DIR] [--db sqlite|postgres]
//        [--no-breakdown] [--profile standard|gm] [--out result.json | --json]
//
// AuditService.verify() reads every entry and every stored leaf, rebuilds each leaf from the
// entry's canonical bytes, rebuilds the tree and checks every signed checkpoint. The baseline is
// `SELECT * FROM audit_entries ORDER BY seq` over the same rows through the same connection, so
// the ratio is the price of verifying over merely reading. The breakdown times the parts of
// verification separately to show where the rest goes.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, importServer } from './lib/build.mjs';

ensureServerBuilt();
const { now, msSince, parseFlags, numberList, emitResult, collectGarbage, fmt } = await import('./lib/common.mjs');
const { openLargeLog } = await import('./lib/large-log.mjs');
const { streamLeaves } = await importServer('audit/db-source.js');
const { entriesFrom } = await importServer('audit/store.js');
const { canonicalEntry } = await importServer('audit/entry.js');
const rows = await importServer('audit/rows.js');
// The breakdown follows the leaf-bytes path verify() takes in the code being measured: straight
// from the stored row where rows.js offers that, else by rebuilding the entry first.
const leafBytes = rows.canonicalRowBytes
  ? { label: '`canonicalRowBytes` (leaf bytes from the stored row)', of: rows.canonicalRowBytes }
  : { label: '`rowToEntry` + `canonicalEntry`', of: (row) => canonicalEntry(rows.rowToEntry(row)) };
const PAGE = 10_000;
const { leafHash, TreeBuilder } = await importServer('audit/merkle/index.js');
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

  if (breakdown) {
    // Each part of verifyLog on its own, so the gap to the plain read can be attributed.
    const parts = { leafBytesLabel: leafBytes.label, pageSize: PAGE };
    const rowsPass = await timed(`entry rows in pages of ${fmt(PAGE)} (entriesFrom)`, async () => {
      let n = 0;
      for (let next = 0; ; ) {
        const page = await entriesFrom(database.db, next, PAGE);
        n += page.length;
        if (page.length < PAGE) return n;
        next = Number(page[page.length - 1].seq) + 1;
      }
    });
    parts.readEntries = rowsPass.ms;
    const leavesPass = await timed('stored leaves (streamLeaves)', async () => {
      let n = 0;
      for await (const leaf of streamLeaves(database.db)) if (leaf) n++;
      return n;
    });
    parts.readLeaves = leavesPass.ms;
    // CPU-only parts on the first rows, a page at a time as verify() holds them (holding a big
    // sample instead would bill old-generation GC to these parts), scaled to the full log.
    const hash = large.auditLog.hashFn;
    const builder = new TreeBuilder(hash);
    const sampleSize = Math.min(size, 200_000);
    let bytesMs = 0;
    let hashMs = 0;
    let treeMs = 0;
    await collectGarbage();
    for (let next = 0; next < sampleSize; next += PAGE) {
      const page = await entriesFrom(database.db, next, Math.min(PAGE, sampleSize - next));
      let t = now();
      const bytes = page.map(leafBytes.of);
      bytesMs += msSince(t);
      t = now();
      const leaves = bytes.map((b) => leafHash(hash, b));
      hashMs += msSince(t);
      t = now();
      for (const leaf of leaves) builder.push(leaf);
      treeMs += msSince(t);
    }
    const scale = size / sampleSize;
    log(`  on ${fmt(sampleSize)} rows, a page at a time: ${leafBytes.label} ${fmt(bytesMs)} ms, leafHash ${fmt(hashMs)} ms, TreeBuilder.push ${fmt(treeMs)} ms`);
    parts.leafBytes = bytesMs * scale;
    parts.leafHash = hashMs * scale;
    parts.treeBuilder = treeMs * scale;
    result.breakdownMs = parts;
  }
  await database.drop();
} finally {
  pgServer?.stop();
  if (ownDir) rmSync(dir, { recursive: true, force: true });
}

await emitResult(flags, result);
