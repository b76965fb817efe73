#!/usr/bin/env node
// Export package benchmark (issue 6, Performance): 100,000 laboratory records exported as a
// de-identified, encrypted, signed package, against a plain NDJSON export of the same rows read
// the same way, in the same run.
//
//   npm run bench:export                          100,000 records, both crypto profiles (≈ 10 minutes on 2 cores)
//   npm run bench:export -- --records 20000       another size
//   npm run bench:export -- --quick               10,000 records; does not touch RESULTS.md
//   npm run bench:export -- --no-write            full run without updating RESULTS.md
//   npm run bench:export -- --data-dir DIR --keep prepare once into DIR and keep it for the next run
//   npm run bench:export -- --page-size 1000 --reps 2
//   npm run bench:export -- --wait-idle [minutes]  wait (default up to 10 minutes) for a quiet machine first
//
// What is measured, every run on the same SQLite database and the same rows:
//   end to end  — records read through AccessService.scan under an export grant (the bulk read:
//                 search's own query and presentation, page by page, without totals; the only
//                 way the builder may read), then either written as plain NDJSON (the baseline) or
//                 built into a package: de-identified (pseudonyms, per-patient date shift,
//                 generalisation, k-anonymity), encrypted (standard: X25519 + AES-256-GCM;
//                 gm: SM2 + SM4-CTR/HMAC-SM3) and signed (Ed25519 / SM2);
//   stage only  — the same, from pages already read from access and held in memory, so the
//                 package's own cost is seen without the cost of reading;
//   read alone  — every page through AccessService.scan with no output, and for comparison
//                 through AccessService.search (cursor pages with totals, as the API reads).
// End to end, one untimed warm-up export of each kind comes first (its rate is reported as the first
// export after start). Each measurement alternates baseline, standard and gm, `--reps` times; the
// rate is records over the summed time of the repetitions. Every package is opened and verified
// afterwards (untimed).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, importServer, ROOT } from './lib/build.mjs';

ensureServerBuilt();
const { parseFlags, collectGarbage, fmt } = await import('./lib/common.mjs');
const { machineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const { benchConfig, openPlatform, rssSampler } = await import('./access-lib.mjs');
const { prepareLabRecords, plainNdjsonExport } = await import('./lib/lab-fixture.mjs');
const { openKeyring } = await importServer('app/keyring.js');
const { buildPackage, openPackage, generateRecipientKeyPair } = await importServer('sharing/package/index.js');

const flags = parseFlags();
const quick = Boolean(flags.quick);
const RECORDS = Number(flags.records ?? (quick ? 10_000 : 100_000));
const PAGE_SIZE = Number(flags['page-size'] ?? 1000);
const REPS = Number(flags.reps ?? 2);
const WRITE = flags['no-write'] ? false : !quick;
const TARGET = 20_000;
const RESULTS = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
const log = (...args) => console.error(...args);

const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const perSecond = (records, ms) => (records / ms) * 1000;

// ---------------------------------------------------------------------------------------------
// The two exports
// ---------------------------------------------------------------------------------------------

/** The baseline: the plain NDJSON export of the same scan (lib/lab-fixture.mjs). */
const plainExport = (access, context, target, file) => plainNdjsonExport(access, context, target, file, PAGE_SIZE);

async function packageExport(access, keyring, grant, principal, recipient, file, scanOptions = {}) {
  const started = process.hrtime.bigint();
  const built = await buildPackage({ access, keyring, grant, principal, recipientPublicKey: recipient.publicKeyPem, format: 'ndjson', outFile: file, pageSize: PAGE_SIZE, scanOptions });
  const ms = msSince(started);
  return { records: built.recordCount, ms, bytes: built.bytes, k: built.kAnonymity?.k ?? null };
}

/** Pages read once and replayed from memory: the builder's code path, without the reads (and on this thread). */
function replay(pages) {
  return {
    definition: null,
    scan: async function* () {
      yield* pages;
    },
    scanTransformed: async function* (_context, _target, _pageSize, transform) {
      const apply = transform.create(transform.setup);
      for (const page of pages) yield apply(page);
    },
  };
}

async function readAll(access, context, target) {
  const pages = [];
  const started = process.hrtime.bigint();
  for await (const items of access.scan(context, target, PAGE_SIZE)) pages.push(items);
  return { pages, ms: msSince(started), records: pages.reduce((n, p) => n + p.length, 0) };
}

/** The API's read, for comparison: cursor pages of AccessService.search, each with its total. */
async function searchAll(access, context, target) {
  let records = 0;
  let cursor;
  const started = process.hrtime.bigint();
  do {
    const page = await access.search(context, target, PAGE_SIZE, cursor);
    records += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ms: msSince(started), records };
}

function summarise(runs) {
  const records = runs.reduce((n, r) => n + r.records, 0);
  const ms = runs.reduce((n, r) => n + r.ms, 0);
  const cpuUs = runs.every((r) => r.cpuUs !== undefined) ? runs.reduce((n, r) => n + r.cpuUs, 0) : null;
  return { perSecond: perSecond(records, ms), reps: runs.map((r) => perSecond(r.records, r.ms)), bytes: runs[0].bytes, records: runs[0].records, k: runs[0].k ?? null, cpuPerRecordUs: cpuUs === null ? null : cpuUs / records };
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const ownDataDir = !flags['data-dir'];
const dataDir = flags['data-dir'] ? path.resolve(String(flags['data-dir'])) : mkdtempSync(path.join(tmpdir(), 'yixiang-bench-export-'));
const work = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-export-out-'));
const config = { ...benchConfig({ dataDir, demoPatients: 0 }), cryptoProfile: 'standard' };
const { loadBefore: before } = await settleMachine(machineInfo(), flags['wait-idle']);
const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000 });
const memory = rssSampler(50);
let results;
try {
  const preparation = await prepareLabRecords(platform, RECORDS, log);
  const db = platform.database.db;
  const user = await db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', 'dr.wang').executeTakeFirstOrThrow();
  const principal = { kind: 'user', userId: user.id, username: user.username, displayName: user.display_name, departmentId: user.department_id, roles: ['staff'], permissions: [], sessionTokenHash: '', via: 'bearer', csrfToken: '' };
  // A kept data directory still holds the previous run's grant, which would open the rows first.
  const previous = await db.selectFrom('grants').select('id').where('reason', '=', 'export benchmark').where('status', '=', 'active').execute();
  for (const { id } of previous) await platform.grants.revoke(id, user.id, 'superseded by the next benchmark run');
  const grant = await platform.grants.create(
    {
      grantee: { kind: 'department', id: user.department_id },
      catalogCode: 'CLIN_LAB_REPORT',
      fields: ['patient', 'testCode', 'collectedAt', 'issued', 'resultQuantity', 'resultCode', 'interpretation'],
      patientScope: { kind: 'all' },
      purpose: 'research',
      channel: 'export',
      validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      maskingProfile: 'de-identified',
      reason: 'export benchmark',
    },
    user.id,
  );
  const context = { principal, purpose: grant.purpose, channel: 'export' };
  const target = { catalogCodes: [grant.catalogCode], query: {} };
  const keyrings = { standard: platform.keyring, gm: openKeyring({ ...config, cryptoProfile: 'gm' }, platform.database, () => new Date()) };
  const recipients = { standard: generateRecipientKeyPair('standard'), gm: generateRecipientKeyPair('gm') };
  let serial = 0;
  const out = (name) => path.join(work, `${name}-${serial++}`);

  // `oneThread`: the standard package with the bulk read kept on the calling thread (no workers),
  // to show what spreading it over the cores contributes.
  const endToEnd = { baseline: [], standard: [], gm: [], oneThread: [] };
  const peakRss = { baseline: 0, standard: 0, gm: 0, oneThread: 0 };
  const verified = {};
  const exportOf = (kind, file) => {
    if (kind === 'baseline') return plainExport(platform.access, context, target, file);
    if (kind === 'oneThread') return packageExport(platform.access, keyrings.standard, grant, principal, recipients.standard, file, { workers: 0 });
    return packageExport(platform.access, keyrings[kind], grant, principal, recipients[kind], file);
  };

  // Warm-up, untimed: one export of each kind first compiles queries, unwraps keys, starts the
  // bulk-read workers and lets the engine optimise each path, as a running server has done before
  // its next export. Its rate is kept as the first export after start.
  const firstExport = {};
  for (const kind of ['baseline', 'standard', 'gm', 'oneThread']) {
    const file = out(`warmup-${kind}`);
    const run = await exportOf(kind, file);
    firstExport[kind] = perSecond(run.records, run.ms);
    log(`  warm-up,    ${kind.padEnd(8)}:       ${fmt(run.records)} records in ${(run.ms / 1000).toFixed(1)} s = ${fmt(firstExport[kind])}/s (first after start, not counted)`);
    rmSync(file, { force: true });
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of ['baseline', 'standard', 'gm', 'oneThread']) {
      await collectGarbage();
      memory.mark();
      const file = out(kind);
      const run = await exportOf(kind, file);
      const used = memory.mark();
      peakRss[kind] = Math.max(peakRss[kind], used.peakRss);
      endToEnd[kind].push({ ...run, cpuUs: used.cpuUs });
      log(`  end to end, ${kind.padEnd(8)} rep ${rep + 1}: ${fmt(run.records)} records in ${(run.ms / 1000).toFixed(1)} s = ${fmt(perSecond(run.records, run.ms))}/s`);
      if (kind !== 'baseline' && !verified[kind]) {
        const opened = await openPackage(file, { privateKeyPem: recipients[kind === 'oneThread' ? 'standard' : kind].privateKeyPem });
        if (opened.manifest.recordCount !== RECORDS) throw new Error(`${kind} package holds ${opened.manifest.recordCount} records, expected ${RECORDS}`);
        verified[kind] = { recordCount: opened.manifest.recordCount, k: opened.manifest.deidentification.kAnonymity?.k ?? null };
      }
      rmSync(file, { force: true });
    }
  }

  log('Reading every page once for the stage-only runs…');
  await collectGarbage();
  const read = await readAll(platform.access, context, target);
  log(`  read alone through scan: ${fmt(read.records)} records = ${fmt(perSecond(read.records, read.ms))}/s`);
  await collectGarbage();
  const searched = await searchAll(platform.access, context, target);
  if (searched.records !== read.records) throw new Error(`search returned ${searched.records} records, scan ${read.records}`);
  log(`  read alone through search: ${fmt(searched.records)} records = ${fmt(perSecond(searched.records, searched.ms))}/s`);
  const memoryAccess = { ...replay(read.pages), definition: (code) => platform.access.definition(code) };
  const stage = { baseline: [], standard: [], gm: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of ['baseline', 'standard', 'gm']) {
      await collectGarbage();
      const file = out(`stage-${kind}`);
      const run = kind === 'baseline' ? await plainExport(memoryAccess, context, target, file) : await packageExport(memoryAccess, keyrings[kind], grant, principal, recipients[kind], file);
      stage[kind].push(run);
      log(`  stage only, ${kind.padEnd(8)} rep ${rep + 1}: ${fmt(run.records)} records in ${(run.ms / 1000).toFixed(2)} s = ${fmt(perSecond(run.records, run.ms))}/s`);
      rmSync(file, { force: true });
    }
  }

  results = {
    records: RECORDS,
    pageSize: PAGE_SIZE,
    reps: REPS,
    preparation,
    grantFields: grant.fields,
    accessRead: { perSecond: perSecond(read.records, read.ms) },
    searchRead: { perSecond: perSecond(searched.records, searched.ms) },
    endToEnd: Object.fromEntries(Object.entries(endToEnd).map(([kind, runs]) => [kind, { ...summarise(runs), peakRss: peakRss[kind] }])),
    stage: Object.fromEntries(Object.entries(stage).map(([kind, runs]) => [kind, summarise(runs)])),
    verified,
    firstExport,
  };
} finally {
  memory.stop();
  await platform.close();
  rmSync(work, { recursive: true, force: true });
  if (ownDataDir && !flags.keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`Data directory kept: ${dataDir}`);
}
const after = loadAverage();

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const yesNo = (met) => (met ? 'yes' : '**no**');
const reps = (r) => r.reps.map((v) => fmt(v)).join(' / ');
const cpu = (r) => `${r.cpuPerRecordUs.toFixed(1)} µs`;
const { endToEnd: e2e, stage } = results;
const LABELS = { standard: 'standard (X25519 + HKDF-SHA256 + AES-256-GCM, SHA-256, Ed25519)', gm: 'gm (SM2 + SM4-CTR/HMAC-SM3, SM3, SM2)' };

function section(machine) {
  const day = machine.isoDate.slice(0, 10);
  const lines = [
    `## Export package — ${day} — ${machine.cpuModel.replace(/\s+Processor$/, '')}, ${machine.cores} cores`,
    '',
    'Produced by `npm run bench:export` (`node bench/export.mjs`); see the top of the script for flags. Target (issue 6): export of 100,000 records, de-identified and encrypted, at ≥ 20,000 records/s, next to a plain NDJSON export of the same rows measured in the same run.',
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, ${machine.os}, Node.js ${machine.node}, SQLite ${machine.sqlite}, files on ${machine.tmpDisk}; code ${machine.commit}${machine.workingTreeClean ? '' : ' with uncommitted changes in src'}; measured ${machine.dateUtc}; load average (1/5/15 min) ${before.join(' / ')} before → ${after.join(' / ')} after.`,
    '',
    `Data: ${fmt(results.records)} CLIN_LAB_REPORT records (Observation and DiagnosticReport) of synthetic patients, SQLite, payloads encrypted at rest (level 4). One export grant to the internal medicine department, purpose research, all patients, masking profile de-identified, fields ${results.grantFields.join(', ')}. Pages of ${fmt(results.pageSize)} through \`AccessService.scan\` (channel export); after one untimed warm-up export of each kind, ${results.reps} repetitions, alternating baseline, standard, gm, one-thread; rate = records ÷ summed time of the repetitions.`,
    '',
    '| Figure | Package records/s (reps) | Baseline records/s (reps) | Ratio | Target | Met |',
    '|---|---|---|---|---|---|',
  ];
  for (const kind of ['standard', 'gm']) {
    lines.push(`| End to end through access, ${LABELS[kind]} | **${fmt(e2e[kind].perSecond)}** (${reps(e2e[kind])}) | ${fmt(e2e.baseline.perSecond)} (${reps(e2e.baseline)}) | ${ratio(e2e[kind].perSecond, e2e.baseline.perSecond)} | ≥ ${fmt(TARGET)}/s | ${yesNo(e2e[kind].perSecond >= TARGET)} |`);
  }
  lines.push(`| End to end, standard, with the bulk read kept on one thread (no worker threads; for comparison) | ${fmt(e2e.oneThread.perSecond)} (${reps(e2e.oneThread)}) | ${fmt(e2e.baseline.perSecond)} (${reps(e2e.baseline)}) | ${ratio(e2e.oneThread.perSecond, e2e.baseline.perSecond)} | – | – |`);
  for (const kind of ['standard', 'gm']) {
    lines.push(`| Package stage only (pages already read), ${kind} | **${fmt(stage[kind].perSecond)}** (${reps(stage[kind])}) | ${fmt(stage.baseline.perSecond)} (${reps(stage.baseline)}) | ${ratio(stage[kind].perSecond, stage.baseline.perSecond)} | – | – |`);
  }
  lines.push(
    `| Reading the pages through \`AccessService.scan\` alone (no output) | ${fmt(results.accessRead.perSecond)} | – | – | – | – |`,
    `| Reading the same records through \`AccessService.search\` cursor pages with totals (the API's read; for comparison) | ${fmt(results.searchRead.perSecond)} | – | – | – | – |`,
    '',
    'Baseline: the same scan through `AccessService.scan` on one thread (or the same in-memory pages for the stage-only rows), each presented resource written as one JSON line, one write per page, fsync at the end — no removal of what the grant does not release, no package pseudonyms, date shifting, k-anonymity, encryption or signature. Ratio: package ÷ baseline (above 1 = faster). The package reads through `AccessService.scanTransformed`, which spreads decryption, presentation and release over worker threads (src/access/parallel-scan.ts); the one-thread row is the same package without them.',
    '',
    `First export of each kind after the platform opened (the untimed warm-up: cold code, workers starting): baseline ${fmt(results.firstExport.baseline)}, standard ${fmt(results.firstExport.standard)}, gm ${fmt(results.firstExport.gm)}, standard on one thread ${fmt(results.firstExport.oneThread)} records/s. The bulk-read workers then stay up between exports and stop after 30 s idle (src/access/scan-pool.ts), so an export within that time of the previous one runs at the timed rates.`,
    '',
    `CPU time of the process per record, end to end (user + system, all repetitions; the machine is shared, so this is the figure least moved by other load): baseline ${cpu(e2e.baseline)}, standard ${cpu(e2e.standard)}, gm ${cpu(e2e.gm)}, standard on one thread ${cpu(e2e.oneThread)} — at that cost one core would allow about ${fmt(1e6 / e2e.baseline.cpuPerRecordUs)}, ${fmt(1e6 / e2e.standard.cpuPerRecordUs)}, ${fmt(1e6 / e2e.gm.cpuPerRecordUs)} and ${fmt(1e6 / e2e.oneThread.cpuPerRecordUs)} records/s (all threads of the process counted).`,
    '',
    `Outputs: plain NDJSON ${mib(e2e.baseline.bytes)}; standard package ${mib(e2e.standard.bytes)}; gm package ${mib(e2e.gm.bytes)}. Every package was opened and verified afterwards (${fmt(results.verified.standard?.recordCount ?? 0)} and ${fmt(results.verified.gm?.recordCount ?? 0)} records; k = ${results.verified.standard?.k ?? '–'}). Peak resident memory of the process during the end-to-end runs: baseline ${mib(e2e.baseline.peakRss)}, standard ${mib(e2e.standard.peakRss)}, gm ${mib(e2e.gm.peakRss)}.`,
    '',
    `Reading: the bulk read is search's own query, scope and presentation, page by page, without counting totals and with one decision per scan (src/access/bulk-read.ts; ${fmt(results.accessRead.perSecond)} records/s on one thread here: the page queries, decryption of each payload, projection and masking by \`presentRecord\`). The package's scan runs the queries on the calling thread and hands pages to worker threads that decrypt, present and release them (de-identify and render), the calling thread taking a page itself whenever every worker is busy; it encrypts and writes the released pages in order. The package's own stage, on one thread, runs at the rate in the stage-only rows.`,
  );
  return lines.join('\n');
}

console.log('');
console.log(`Export of ${fmt(results.records)} records (records/s):`);
for (const kind of ['standard', 'gm']) {
  console.log(`  end to end ${kind.padEnd(8)} ${fmt(e2e[kind].perSecond).padStart(8)}   baseline ${fmt(e2e.baseline.perSecond).padStart(8)}   ${ratio(e2e[kind].perSecond, e2e.baseline.perSecond)}   target ≥ ${fmt(TARGET)}: ${e2e[kind].perSecond >= TARGET ? 'met' : 'NOT met'}`);
}
for (const kind of ['standard', 'gm']) {
  console.log(`  stage only ${kind.padEnd(8)} ${fmt(stage[kind].perSecond).padStart(8)}   baseline ${fmt(stage.baseline.perSecond).padStart(8)}   ${ratio(stage[kind].perSecond, stage.baseline.perSecond)}`);
}
console.log(`  CPU per record      baseline ${cpu(e2e.baseline)}, standard ${cpu(e2e.standard)}, gm ${cpu(e2e.gm)}`);
console.log(`  scan read alone     ${fmt(results.accessRead.perSecond).padStart(8)}`);
console.log(`  search read alone   ${fmt(results.searchRead.perSecond).padStart(8)}`);

const OPEN = '<!-- export-results -->';
const CLOSE = '<!-- /export-results -->';

/** Replaces only the export block, re-reading the file right before writing so other benchmarks' edits survive. */
function record(block) {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const start = current.indexOf(OPEN);
  const end = current.indexOf(CLOSE);
  const wrapped = `${OPEN}\n${block}\n${CLOSE}`;
  let next;
  if (start >= 0 && end > start) next = current.slice(0, start) + wrapped + current.slice(end + CLOSE.length);
  else next = `${current.replace(/\s*$/, '')}${current ? '\n\n' : ''}${wrapped}\n`;
  writeFileSync(RESULTS, next);
}

if (WRITE) {
  record(section(machineInfo()));
  log(`Recorded in ${path.relative(process.cwd(), RESULTS)} (block ${OPEN}).`);
} else {
  log('Not recorded (quick run or --no-write).');
}
