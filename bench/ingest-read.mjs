#!/usr/bin/env node
// Point read and decrypt of one record, through the read path the access module uses: its store
// functions load the record (the header the decision is made on, then the row), and the records
// module's `revealPayload` opens the envelope. The access decision and masking are left out —
// they are policy, not storage — so this is what every single-record read pays at least.
//
// The repository is filled by a real import. Reads pick records at random (level ≥ 3, so every
// one is decrypted), one at a time, alternating with the baseline read by read: one select of the
// same row by primary key through the same connection, and `JSON.parse` of its plain JSON.
//
//   node --expose-gc bench/ingest-read.mjs --file hospital.ndjson [--reads 20000] [--profiles standard,gm] [--out result.json]
import { availableParallelism } from 'node:os';
import { collectGarbage, emitResult, fmt, importNdjson, list, log, now, openRepository, parseFlags, revealPayload, summarise } from './ingest-common.mjs';
import { importServer } from './lib/build.mjs';

const flags = parseFlags();
if (typeof flags.file !== 'string') throw new Error('--file is required');
const reads = Number(flags.reads ?? 20_000);
const profiles = list(flags.profiles, ['standard', 'gm']);
const accessStore = await importServer('access/store.js');
const { findRecord } = await importServer('records/store.js');

/**
 * The access module's way of loading one record. It has been reworked over time; use whichever
 * functions this build has, and say which.
 */
function accessReadPath(db) {
  if (accessStore.recordHeader && accessStore.recordRow) {
    return {
      name: 'recordHeader + recordRow (src/access/store.ts) + revealPayload',
      load: async (type, id) => (await accessStore.recordHeader(db, type, id)) && accessStore.recordRow(db, type, id),
    };
  }
  if (accessStore.catalogOf && accessStore.readScoped) {
    return {
      name: 'catalogOf + readScoped (src/access/store.ts) + revealPayload',
      load: async (type, id) => {
        const catalog = await accessStore.catalogOf(db, type, id);
        return catalog && accessStore.readScoped(db, { kind: 'all' }, catalog, type, id);
      },
    };
  }
  throw new Error('src/access/store.ts exports neither recordHeader/recordRow nor catalogOf/readScoped');
}

function shuffle(values, seed = 7) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

const results = [];
for (const profile of profiles) {
  const repo = await openRepository({ profile });
  try {
    await importNdjson(flags.file, repo.ingest, undefined, availableParallelism() > 1 ? { worker: repo.workerSettings } : {});
    const path = accessReadPath(repo.db);
    const targets = shuffle(await repo.db.selectFrom('records').select(['resource_type', 'id']).where('encrypted', '=', 1).where('level', '<', 5).execute());
    // The baseline parses the same resource as plain JSON, so both sides build the same object.
    const plain = new Map();
    for (const target of targets.slice(0, Math.min(targets.length, reads))) {
      const row = await findRecord(repo.db, target.resource_type, target.id);
      plain.set(`${target.resource_type}/${target.id}`, JSON.stringify(await revealPayload(repo.keyring, row)));
    }
    const picks = targets.slice(0, plain.size);
    log(`[${profile}] ${fmt(targets.length)} encrypted records; ${fmt(picks.length)} reads each way, alternating (path: ${path.name})…`);
    // Warm-up: JIT, key cache, statement paths.
    for (const t of picks.slice(0, 500)) await revealPayload(repo.keyring, await path.load(t.resource_type, t.id));
    await collectGarbage();
    const yixiang = [];
    const baseline = [];
    const decryptOnly = [];
    for (const t of picks) {
      let started = now();
      const row = await path.load(t.resource_type, t.id);
      const loadedAt = now();
      const resource = await revealPayload(repo.keyring, row);
      const done = now();
      if (resource.id !== t.id) throw new Error(`read ${t.resource_type}/${t.id} returned ${resource.id}`);
      yixiang.push(Number(done - started) / 1000);
      decryptOnly.push(Number(done - loadedAt) / 1000);
      started = now();
      const raw = await findRecord(repo.db, t.resource_type, t.id);
      const parsed = JSON.parse(plain.get(`${t.resource_type}/${t.id}`));
      baseline.push(Number(now() - started) / 1000);
      if (!raw || parsed.id !== t.id) throw new Error('baseline read failed');
    }
    const y = summarise(yixiang);
    const b = summarise(baseline);
    const d = summarise(decryptOnly);
    log(`[${profile}]   median ${fmt(y.median, 1)} µs (p99 ${fmt(y.p99, 1)}), of which decrypt ${fmt(d.median, 1)} µs; baseline ${fmt(b.median, 1)} µs`);
    results.push({ profile, path: path.name, records: targets.length, reads: picks.length, yixiangUs: y, decryptUs: d, baselineUs: b, ratio: y.median / b.median });
  } finally {
    await repo.drop();
  }
}
await emitResult(flags, { runs: results });
