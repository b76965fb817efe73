#!/usr/bin/env node
// Inclusion proofs at a million entries against a primary-key read of one entry row.
//
//   node bench/audit-proof.mjs [--size 1000000] [--log-dir DIR] [--proofs 5000]
//        [--db sqlite|postgres] [--no-memory] [--profile standard|gm] [--out result.json | --json]
//
// Three figures per random leaf, interleaved so cache state and background noise hit all of them
// alike: the baseline `SELECT * FROM audit_entries WHERE seq = ?`; `inclusionProof` over the SQL
// node store (the proof alone); and `AuditService.entryWithProof`, which is what the API answers
// (entry row, latest checkpoint, proof, leaf hash). Every proof is then checked against the
// signed root, outside the timings, so a fast wrong answer cannot pass. With the in-memory node
// source the same proofs show the cost of the tree walk with no database at all.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, importServer } from './lib/build.mjs';

ensureServerBuilt();
const { now, msSince, summarise, parseFlags, numberList, emitResult, collectGarbage, fmt } = await import('./lib/common.mjs');
const { openLargeLog } = await import('./lib/large-log.mjs');
const { inclusionProof, verifyInclusion, MemoryNodeSource } = await importServer('audit/merkle/index.js');
const { sqlNodeSource, latestCheckpoint } = await importServer('audit/store.js');
const { streamLeaves } = await importServer('audit/db-source.js');
const { findPostgresBin, startDurablePostgres, postgresVersion } = await import('./lib/postgres.mjs');

const flags = parseFlags();
const [size] = numberList(flags.size, [1_000_000]);
const [proofs] = numberList(flags.proofs, [5000]);
const kind = typeof flags.db === 'string' ? flags.db : 'sqlite';
const profile = typeof flags.profile === 'string' ? flags.profile : 'standard';
const withMemory = !flags['no-memory'];
const log = (line) => console.error(line);

const ownDir = typeof flags['log-dir'] !== 'string' && kind === 'sqlite';
const dir = typeof flags['log-dir'] === 'string' ? flags['log-dir'] : ownDir ? mkdtempSync(path.join(tmpdir(), 'yixiang-bench-large-')) : undefined;
let pgServer = null;
const result = { benchmark: 'audit-proof', db: kind, profile, size, proofs };
if (kind === 'postgres') {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
  pgServer = await startDurablePostgres(bin);
  result.postgresVersion = postgresVersion(bin);
}

// Same deterministic generator idea as the records: the same leaves are proven in every run.
function leafPicker(seed, limit) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return Math.floor(((state >>> 0) / 4294967296) * limit);
  };
}

const micros = (start) => msSince(start) * 1000;

try {
  const large = await openLargeLog({ kind, size, dir, profile, pgServer, log });
  const { database, service, auditLog } = large;
  const db = database.db;
  const hash = auditLog.hashFn;
  result.build = large.build;
  result.reusedLog = large.reused;
  // entryWithProof proves against the latest checkpoint and signs one first if the leaf is newer;
  // the log was checkpointed at its full size when built, so no call here pays for signing.
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint || Number(checkpoint.tree_size) !== size) throw new Error('the large log has no checkpoint at its full size');
  const root = Buffer.from(checkpoint.root_hash, 'hex');
  const source = sqlNodeSource(db);

  const selectRow = (seq) => db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
  const warm = leafPicker(7, size);
  log(`[${kind}] warming up…`);
  for (let i = 0; i < 500; i++) {
    const seq = warm();
    await selectRow(seq);
    await inclusionProof(hash, seq, size, source);
    await service.entryWithProof(seq);
  }

  await collectGarbage();
  log(`[${kind}] ${fmt(proofs)} random leaves of ${fmt(size)}…`);
  const pick = leafPicker(20261125, size);
  const baseline = [];
  const proofOnly = [];
  const api = [];
  const answers = [];
  for (let i = 0; i < proofs; i++) {
    const seq = pick();
    let t = now();
    const row = await selectRow(seq);
    baseline.push(micros(t));
    if (!row) throw new Error(`entry ${seq} not found`);
    t = now();
    await inclusionProof(hash, seq, size, source);
    proofOnly.push(micros(t));
    t = now();
    const answer = await service.entryWithProof(seq);
    api.push(micros(t));
    answers.push(answer);
  }

  let valid = 0;
  let hashesSent = 0;
  for (const { entry, proof } of answers) {
    hashesSent += proof.hashes.length;
    const ok =
      proof.treeSize === size &&
      proof.checkpoint.rootHash === checkpoint.root_hash &&
      verifyInclusion(hash, entry.seq, proof.treeSize, Buffer.from(proof.leafHash, 'hex'), proof.hashes.map((h) => Buffer.from(h, 'hex')), root);
    if (ok) valid++;
  }
  if (valid !== answers.length) throw new Error(`${answers.length - valid} of ${answers.length} proofs did not verify against the signed root`);

  result.meanProofHashes = hashesSent / valid;
  result.baseline = summarise(baseline);
  result.inclusionProof = summarise(proofOnly);
  result.entryWithProof = summarise(api);
  result.verified = valid;
  answers.length = 0;
  result.ratio = result.entryWithProof.median / result.baseline.median;
  result.proofOnlyRatio = result.inclusionProof.median / result.baseline.median;
  log(`[${kind}] median µs: row ${fmt(result.baseline.median, 1)}, inclusionProof ${fmt(result.inclusionProof.median, 1)}, entryWithProof ${fmt(result.entryWithProof.median, 1)} (p99 ${fmt(result.entryWithProof.p99, 1)})`);

  if (withMemory) {
    // The offline verifier's path: every node rebuilt in memory from the stored leaves.
    log(`[${kind}] loading ${fmt(size)} leaves into a MemoryNodeSource…`);
    const memory = new MemoryNodeSource(hash);
    let chunk = [];
    for await (const leaf of streamLeaves(db)) {
      chunk.push(leaf.hash);
      if (chunk.length === 65_536) {
        memory.append(chunk);
        chunk = [];
      }
    }
    memory.append(chunk);
    const memoryPick = leafPicker(20261125, size);
    for (let i = 0; i < 500; i++) await inclusionProof(hash, memoryPick(), size, memory);
    const inMemory = [];
    for (let i = 0; i < proofs; i++) {
      const seq = memoryPick();
      const t = now();
      await inclusionProof(hash, seq, size, memory);
      inMemory.push(micros(t));
    }
    result.inclusionProofInMemory = summarise(inMemory);
  }
  await database.drop();
} finally {
  pgServer?.stop();
  if (ownDir) rmSync(dir, { recursive: true, force: true });
}

await emitResult(flags, result);
