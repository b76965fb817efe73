#!/usr/bin/env node
// FHIR Bulk Data export benchmark (issue 8, Performance: bulk export ≥ 20,000 resources/s): a
// partner institution's group-level $export of 100,000 laboratory records, against a plain NDJSON
// write of the same rows read the same way, in the same run.
//
//   npm run bench:bulk                            100,000 records (≈ 5 minutes on 2 cores, most of it preparing data)
//   npm run bench:bulk -- --records 20000         another size
//   npm run bench:bulk -- --quick                 10,000 records; does not touch RESULTS.md
//   npm run bench:bulk -- --no-write              full run without updating RESULTS.md
//   npm run bench:bulk -- --data-dir DIR --keep   prepare once into DIR and keep it for the next run
//                                                 (a directory prepared by bench:export holds the same data)
//   npm run bench:bulk -- --page-size 1000 --reps 2
//   npm run bench:bulk -- --wait-idle [minutes]   wait (default up to 10 minutes) for a quiet machine first
//
// What is measured, every run on the same SQLite database and the same rows, alternating, `--reps`
// times; the rate is resources over the summed time of the repetitions:
//   bulk export  — BulkExportService.kickOff to the export's end: the group's grant read through
//                  AccessService.scanTransformed (partner institution, purpose research, channel
//                  external; decryption, projection, masking and NDJSON rendering on worker threads),
//                  sealed per file (envelope encryption, AES-256-GCM chunks) and written, the files
//                  and the completion recorded, the completion audited;
//   one thread   — the same with the bulk read kept on the calling thread (workers: 0);
//   baseline     — AccessService.scan with the same context on one thread, each presented resource
//                  written as one unlabelled JSON line to a plain file, one write per page, fsync;
//   download     — every file of a finished export opened and streamed back decrypted (what
//                  GET …/files/{id} sends), untimed parts excluded.
// The grant is to a partner institution for all patients, de-identified (a grant for all patients
// must be), so no consent lookups are made: named-patient grants are capped at 10,000 patients.
// The figures are printed and recorded in bench/RESULTS.md (block bulk-export-results) unless
// --quick or --no-write.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, importServer, ROOT } from './lib/build.mjs';

ensureServerBuilt();
const { parseFlags, collectGarbage, fmt } = await import('./lib/common.mjs');
const { machineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const { benchConfig, openPlatform, rssSampler, writeResultsBlock } = await import('./access-lib.mjs');
const { prepareLabRecords, plainNdjsonExport } = await import('./lib/lab-fixture.mjs');
const { demoId } = await importServer('demo/index.js');
const { BulkExportService } = await importServer('fhir/bulk/index.js');

const flags = parseFlags();
const quick = Boolean(flags.quick);
const RECORDS = Number(flags.records ?? (quick ? 10_000 : 100_000));
const PAGE_SIZE = Number(flags['page-size'] ?? 1000);
const REPS = Number(flags.reps ?? 2);
const TARGET = 20_000;
const REASON = 'bulk export benchmark';
const log = (...args) => console.error(...args);

const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const perSecond = (records, ms) => (records / ms) * 1000;

/** The partner institution's API client (registered once per data directory) as the principal a token would resolve to. */
async function partnerPrincipal(platform) {
  const institutionId = demoId('institution', 'JCRM1');
  const institution = await platform.database.db.selectFrom('institutions').select(['code', 'name_zh']).where('id', '=', institutionId).executeTakeFirstOrThrow();
  let client = (await platform.org.apiClients.list(institutionId)).find((c) => c.name === REASON && c.status === 'active');
  if (!client) {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    client = await platform.org.apiClients.register(institutionId, { name: REASON, jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'bench-1' }] } });
  }
  return { kind: 'institution', institutionId, institutionCode: institution.code, institutionName: institution.name_zh, clientId: client.clientId, apiClientId: client.id, scopes: ['system/*.read'], tokenHash: '' };
}

// ---------------------------------------------------------------------------------------------
// The measurements
// ---------------------------------------------------------------------------------------------

/** The baseline: the plain NDJSON export of the same scan (lib/lab-fixture.mjs). */
const plainExport = (access, context, target, file) => plainNdjsonExport(access, context, target, file, PAGE_SIZE);

const KICKOFF = { request: { types: null, since: null, ignored: [] }, requestUrl: 'https://bench.invalid/fhir/R4/Group/-/$export' };

/** One bulk export, kick-off to end; its files are kept for the download measurement and deleted by the caller. */
async function bulkExport(service, partner, grantId) {
  const started = process.hrtime.bigint();
  const { id } = await service.kickOff(partner, grantId, KICKOFF);
  await service.settled(id);
  const ms = msSince(started);
  const view = await service.view(partner, id);
  if (view.state !== 'completed') throw new Error(`bulk export ${id} ended ${view.state}: ${view.reason ?? ''}`);
  const outputs = view.files.filter((file) => file.kind === 'output');
  const records = outputs.reduce((n, file) => n + Number(file.count), 0);
  return { id, records, ms, bytes: outputs.reduce((n, file) => n + Number(file.bytes), 0), files: outputs };
}

/** Streams every file of a finished export back, decrypted, counting lines: what the file downloads send. */
async function download(service, partner, exported) {
  const started = process.hrtime.bigint();
  let lines = 0;
  for (const file of exported.files) {
    const { stream } = await service.openFile(partner, exported.id, file.id);
    for await (const chunk of stream) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
  }
  return { records: lines, ms: msSince(started) };
}

const summarise = (runs) => {
  const records = runs.reduce((n, r) => n + r.records, 0);
  const ms = runs.reduce((n, r) => n + r.ms, 0);
  const cpuUs = runs.every((r) => r.cpuUs !== undefined) ? runs.reduce((n, r) => n + r.cpuUs, 0) : null;
  return { perSecond: perSecond(records, ms), reps: runs.map((r) => perSecond(r.records, r.ms)), records: runs[0].records, bytes: runs[0].bytes ?? null, cpuPerRecordUs: cpuUs === null ? null : cpuUs / records };
};

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const ownDataDir = !flags['data-dir'];
const dataDir = flags['data-dir'] ? path.resolve(String(flags['data-dir'])) : mkdtempSync(path.join(tmpdir(), 'yixiang-bench-bulk-'));
const work = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-bulk-out-'));
const config = { ...benchConfig({ dataDir, demoPatients: 0 }), cryptoProfile: 'standard' };
const machine = machineInfo();
const { loadBefore: before } = await settleMachine(machine, flags['wait-idle']);
const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000, housekeepingEveryMs: null });
const memory = rssSampler(50);
let results;
try {
  await prepareLabRecords(platform, RECORDS, log);
  const db = platform.database.db;
  const partner = await partnerPrincipal(platform);
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'infoadmin').executeTakeFirstOrThrow();
  // A kept data directory still holds the previous run's grant, which would open the rows first.
  for (const { id } of await db.selectFrom('grants').select('id').where('reason', '=', REASON).where('status', '=', 'active').execute()) await platform.grants.revoke(id, admin.id, 'superseded by the next benchmark run');
  const grant = await platform.grants.create(
    {
      grantee: { kind: 'institution', id: partner.institutionId },
      catalogCode: 'CLIN_LAB_REPORT',
      fields: ['patient', 'testCode', 'collectedAt', 'issued', 'resultQuantity', 'resultCode', 'interpretation'],
      patientScope: { kind: 'all' },
      purpose: 'research',
      channel: 'external',
      validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      maskingProfile: 'de-identified',
      reason: REASON,
    },
    admin.id,
  );
  const context = { principal: partner, purpose: grant.purpose, channel: 'external' };
  const target = { catalogCodes: [grant.catalogCode], query: {} };
  const services = {
    bulk: platform.bulkExports,
    oneThread: new BulkExportService({ db, access: platform.access, grants: platform.grants, keyring: platform.keyring, audit: (record) => platform.auditLog.append(record), clock: () => new Date(), dataDir, pageSize: PAGE_SIZE, scanOptions: { workers: 0 } }),
  };
  let serial = 0;
  const out = (name) => path.join(work, `${name}-${serial++}.ndjson`);

  // Warm-up: first reads compile queries, create keys and fill caches; not timed.
  await plainExport(platform.access, context, target, out('warmup'));
  const warm = await bulkExport(services.bulk, partner, grant.id);
  await services.bulk.cancel(partner, warm.id);

  const runs = { baseline: [], bulk: [], oneThread: [], download: [] };
  const peakRss = { baseline: 0, bulk: 0, oneThread: 0 };
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of ['baseline', 'bulk', 'oneThread']) {
      await collectGarbage();
      memory.mark();
      const plainFile = out(kind);
      const run = kind === 'baseline' ? await plainExport(platform.access, context, target, plainFile) : await bulkExport(services[kind], partner, grant.id);
      const used = memory.mark();
      peakRss[kind] = Math.max(peakRss[kind], used.peakRss);
      runs[kind].push({ ...run, cpuUs: used.cpuUs });
      if (run.records !== RECORDS) throw new Error(`${kind} wrote ${run.records} resources, expected ${RECORDS}`);
      log(`  ${kind.padEnd(9)} rep ${rep + 1}: ${fmt(run.records)} resources in ${(run.ms / 1000).toFixed(1)} s = ${fmt(perSecond(run.records, run.ms))}/s`);
      if (kind === 'bulk') {
        await collectGarbage();
        const served = await download(services.bulk, partner, run);
        if (served.records !== RECORDS) throw new Error(`download streamed ${served.records} lines, expected ${RECORDS}`);
        runs.download.push(served);
        log(`  download  rep ${rep + 1}: ${fmt(served.records)} resources in ${(served.ms / 1000).toFixed(1)} s = ${fmt(perSecond(served.records, served.ms))}/s`);
      }
      if (kind !== 'baseline') await services[kind].cancel(partner, run.id);
      else rmSync(plainFile, { force: true });
    }
  }
  results = Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, { ...summarise(list), peakRss: peakRss[kind] ?? null }]));
} finally {
  memory.stop();
  await platform.close();
  rmSync(work, { recursive: true, force: true });
  if (ownDataDir && !flags.keep) rmSync(dataDir, { recursive: true, force: true });
  else log(`Data directory kept: ${dataDir}`);
}
const after = loadAverage();

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const reps = (r) => r.reps.map((v) => fmt(v)).join(' / ');
const cpu = (r) => (r.cpuPerRecordUs === null ? '–' : `${r.cpuPerRecordUs.toFixed(1)} µs`);
console.log('');
console.log(`Bulk export of ${fmt(RECORDS)} resources (resources/s), pages of ${fmt(PAGE_SIZE)}, ${REPS} repetition(s); ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}; load ${before.join(' / ')} → ${after.join(' / ')}`);
console.log(`  bulk export         ${fmt(results.bulk.perSecond).padStart(8)}  (${reps(results.bulk)})   baseline ${fmt(results.baseline.perSecond).padStart(8)} (${reps(results.baseline)})   ${ratio(results.bulk.perSecond, results.baseline.perSecond)}   target ≥ ${fmt(TARGET)}: ${results.bulk.perSecond >= TARGET ? 'met' : 'NOT met'}`);
console.log(`  one thread          ${fmt(results.oneThread.perSecond).padStart(8)}  (${reps(results.oneThread)})   ${ratio(results.oneThread.perSecond, results.baseline.perSecond)} of baseline`);
console.log(`  download (decrypt)  ${fmt(results.download.perSecond).padStart(8)}  (${reps(results.download)})`);
console.log(`  CPU per resource    baseline ${cpu(results.baseline)}, bulk ${cpu(results.bulk)}, one thread ${cpu(results.oneThread)}`);
console.log(`  sealed files        ${mib(results.bulk.bytes)}; plain baseline file ${mib(results.baseline.bytes)}; peak RSS baseline ${mib(results.baseline.peakRss)}, bulk ${mib(results.bulk.peakRss)}, one thread ${mib(results.oneThread.peakRss)}`);

if (!quick && !flags['no-write']) {
  const row = (label, r, baseline) => `| ${label} | **${fmt(r.perSecond)}** (${reps(r)}) | ${baseline ? `${fmt(baseline.perSecond)} (${reps(baseline)})` : '–'} | ${baseline ? ratio(r.perSecond, baseline.perSecond) : '–'} | ${cpu(r)} |`;
  const markdown = [
    `## FHIR bulk export — ${new Date().toISOString().slice(0, 10)} — ${machine.cpuModel}, ${machine.cores} cores`,
    '',
    `Produced by \`npm run bench:bulk\` (\`node bench/bulk-export.mjs\`; flags at the top of the script). Target (issue 8): bulk export ≥ 20,000 resources/s. ${fmt(RECORDS)} laboratory resources, a partner institution's group \`$export\` of an all-patients de-identified grant, pages of ${fmt(PAGE_SIZE)}, ${REPS} repetition(s); rate = resources ÷ summed time of the repetitions. Baseline: the same read through \`AccessService.scan\` on one thread, written as plain unlabelled NDJSON, in the same run.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}; measured ${new Date().toUTCString()}; load average ${before.join(' / ')} before → ${after.join(' / ')} after.`,
    '',
    '| Figure | Resources/s (reps) | Baseline resources/s (reps) | Ratio | CPU per resource |',
    '|---|---|---|---|---|',
    row('Bulk export, end to end (worker threads; sealed NDJSON files)', results.bulk, results.baseline),
    row('Bulk export, bulk read on one thread', results.oneThread, results.baseline),
    row('Download of the finished files (decrypting)', results.download, null),
    row('Baseline', results.baseline, null),
    '',
    `Target ≥ 20,000 resources/s: **${results.bulk.perSecond >= TARGET ? 'met' : 'not met'}**. Sealed files ${mib(results.bulk.bytes)}; plain baseline file ${mib(results.baseline.bytes)}; peak RSS baseline ${mib(results.baseline.peakRss)}, bulk ${mib(results.bulk.peakRss)}.`,
  ].join('\n');
  writeResultsBlock(path.join(ROOT, 'bench', 'RESULTS.md'), 'bulk-export-results', markdown);
  console.log('Recorded in bench/RESULTS.md (block <!-- bulk-export-results -->).');
}
