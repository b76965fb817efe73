#!/usr/bin/env node
// Quarterly audit report benchmark (issue 7, Performance): the report of a quarter whose audit log
// holds 10,000,000 entries, generated through the API as the information administrator reads it,
// against a plain count(*) of the same entries in the same run, on SQLite and on PostgreSQL.
//
//   npm run bench:report                                  10,000,000 entries, both databases (builds the logs: long)
//   npm run bench:report -- --entries 1000000             another size
//   npm run bench:report -- --db sqlite                   one database
//   npm run bench:report -- --data-dir DIR --keep         build the SQLite log into DIR once and reuse it
//   npm run bench:report -- --build-only                  build the log(s) and stop
//   npm run bench:report -- --runs 5                      repetitions (alternating baseline and report; median)
//   npm run bench:report -- --no-write                    do not update RESULTS.md
//   npm run bench:report -- --wait-idle [minutes]         wait for a quiet machine before measuring
//
// The log is built through the platform's own AuditLog.append (many callers in flight, so batches
// form as they do under load), with the platform's injected clock advancing entry by entry across
// the quarter and a day either side of it, so every figure the report computes has to find its
// quarter's entries among others. The traffic is what the API writes: record reads and searches
// (console and FHIR routes), export packages, refusals with their reasons, sign-ins and metadata
// reads. Measured afterwards with the clock in the next quarter:
//   baseline — select count(*) of the quarter's entries (by recorded_at);
//   report   — GET /api/v1/reports/quarterly/{quarter} (JSON) as `infoadmin`: every section, the
//              audit log's figures from the rollup plus a live count of what it has not folded in,
//              and the integrity section from the recorded verification;
//   once     — the same report with the rollup emptied (all counted live), then the rollup job
//              building it from nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';

ensureServerBuilt();
const { parseFlags, fmt } = await import('./lib/common.mjs');
const { machineInfo, settleMachine } = await import('./lib/machine.mjs');
const { benchConfig, openPlatform, signInInject } = await import('./access-lib.mjs');
const { findPostgresBin, startDurablePostgres } = await import('./lib/postgres.mjs');
const { sql } = await import('kysely');

const flags = parseFlags();
const ENTRIES = Number(flags.entries ?? 10_000_000);
const RUNS = Number(flags.runs ?? 3);
const DATABASES = String(flags.db ?? 'sqlite,postgres').split(',');
const WRITE = !flags['no-write'];
const TARGET_MS = 30_000;
const QUARTER = '2026-Q3';
// 2026-Q3 in the hospital's time zone (UTC+8).
const QUARTER_FROM = Date.parse('2026-06-30T16:00:00.000Z');
const QUARTER_TO = Date.parse('2026-09-30T16:00:00.000Z');
const SPREAD_FROM = QUARTER_FROM - 86_400_000;
const SPREAD_TO = QUARTER_TO + 86_400_000;
const READ_AT = Date.parse('2026-10-08T02:00:00.000Z');
const RESULTS = path.join(ROOT, 'bench', 'RESULTS.md');
const MARKER = 'report-log.json';
const log = (...args) => console.error(...args);
const msSince = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---------------------------------------------------------------------------------------------
// Synthetic traffic: deterministic, shaped like the entries the API writes.
// ---------------------------------------------------------------------------------------------

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = ['dept-yiwu', 'dept-huli', 'dept-caiwu', 'dept-yaoji', 'dept-jianyan', 'dept-yingxiang', 'dept-neike', 'dept-waike', 'dept-erke', 'dept-jizhen'];
const CATALOGS = ['CLIN_PATIENT', 'CLIN_ENCOUNTER', 'CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PRESCRIPTION', 'CLIN_NURSING', 'FIN_BILLING', 'FIN_CLAIM'];
const PURPOSES = ['treatment', 'treatment', 'treatment', 'nursing', 'referral', 'pharmacy', 'billing', 'quality-control', 'research'];
const REFUSALS = ['no access basis', 'grant expired', 'grant revoked', 'outside grant scope', 'purpose not allowed', 'level 5 needs a grant'];
const FHIR_TYPES = ['Observation', 'DiagnosticReport', 'Encounter', 'Condition', 'MedicationRequest'];

function trafficStream(seed) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const user = () => Math.floor(random() * 3000);
  const actor = (n) => ({ type: 'user', id: `usr-${String(n).padStart(6, '0')}`, name: `医生${n}`, roles: ['staff'], departmentId: DEPARTMENTS[n % DEPARTMENTS.length] });
  const common = () => ({ sourceIp: `10.20.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0', requestId: `req-${Math.floor(random() * 2 ** 32).toString(16)}` });
  const patient = () => `pat-${String(Math.floor(random() * 500_000)).padStart(7, '0')}`;
  return () => {
    const roll = random();
    const n = user();
    const purpose = pick(PURPOSES);
    const grant = purpose === 'referral' || purpose === 'research' ? `grt-${Math.floor(random() * 2000)}` : null;
    const basis = grant ? `grant:${grant}` : random() < 0.6 ? 'department' : 'care-team';
    if (roll < 0.5) {
      return { actor: actor(n), action: 'read', objectType: 'record', objectId: `rec-${Math.floor(random() * 5e7)}`, patientId: patient(), purposeOfUse: purpose, grantId: grant, accessBasis: basis, outcome: 'success', ...common(), details: { catalog: pick(CATALOGS), method: 'GET', route: '/api/v1/records/:catalog/:id', status: 200 } };
    }
    if (roll < 0.72) {
      return { actor: actor(n), action: 'search', objectType: 'record', objectId: null, patientId: random() < 0.5 ? patient() : null, purposeOfUse: purpose, grantId: grant, accessBasis: basis, outcome: 'success', ...common(), details: { catalog: pick(CATALOGS), returned: Math.floor(random() * 50), total: Math.floor(random() * 400), method: 'GET', route: '/api/v1/records/:catalog', status: 200 } };
    }
    if (roll < 0.8) {
      const type = pick(FHIR_TYPES);
      return { actor: { type: 'client', id: `cli-${n % 12}`, name: `合作医院接口${n % 12}`, roles: [], departmentId: null }, action: 'search', objectType: 'record', objectId: null, patientId: patient(), purposeOfUse: 'referral', grantId: `grt-${n % 40}`, accessBasis: `grant:grt-${n % 40}`, outcome: 'success', ...common(), details: { interaction: 'search-type', type, returned: Math.floor(random() * 20), total: 20, method: 'GET', route: `/fhir/R4/${type}`, status: 200 } };
    }
    if (roll < 0.8004) {
      return { actor: actor(n), action: 'export', objectType: 'export_package', objectId: `pkg-${Math.floor(random() * 1e6)}`, patientId: null, purposeOfUse: 'research', grantId: `grt-${n % 2000}`, accessBasis: `grant:grt-${n % 2000}`, outcome: 'success', ...common(), details: { records: 100 + Math.floor(random() * 20_000), method: 'POST', route: '/api/v1/grants/:id/packages', status: 201 } };
    }
    if (roll < 0.83) {
      return { actor: actor(n), action: 'read', objectType: 'record', objectId: `rec-${Math.floor(random() * 5e7)}`, patientId: null, purposeOfUse: purpose, grantId: null, accessBasis: null, outcome: 'denied', reason: 'not_found', ...common(), details: { refused: pick(REFUSALS), catalog: pick(CATALOGS), method: 'GET', route: '/api/v1/records/:catalog/:id', status: 404 } };
    }
    if (roll < 0.9) {
      const failed = random() < 0.05;
      return { actor: failed ? { type: 'anonymous', id: null, name: null, roles: [], departmentId: null } : actor(n), action: failed ? 'login_failed' : 'login', objectType: 'session', objectId: null, outcome: failed ? 'failure' : 'success', ...common(), details: { method: 'POST', route: '/api/v1/auth/login', status: failed ? 401 : 200 } };
    }
    return { actor: actor(n), action: 'read', objectType: 'catalog_resource', objectId: pick(CATALOGS), outcome: 'success', ...common(), details: { method: 'GET', route: '/api/v1/catalog/resources/:code', status: 200 } };
  };
}

// ---------------------------------------------------------------------------------------------
// Building the log and measuring
// ---------------------------------------------------------------------------------------------

/** The platform's clock: moves with the entries while the log is built, then stands in the next quarter. */
function benchClock() {
  let at = SPREAD_FROM;
  const clock = () => new Date(at);
  clock.set = (ms) => {
    at = ms;
  };
  return clock;
}

async function auditSize(db) {
  const row = await db.selectFrom('audit_sequencer').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.tree_size);
}

async function buildLog(platform, clock, kind) {
  const have = await auditSize(platform.database.db);
  if (have >= ENTRIES) return null;
  const next = trafficStream(20261126);
  const step = (SPREAD_TO - SPREAD_FROM) / ENTRIES;
  const total = ENTRIES - have;
  log(`[${kind}] appending ${fmt(total)} entries through AuditLog.append…`);
  let issued = 0;
  let lastReport = Date.now();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 2000 }, async () => {
      while (issued < total) {
        issued++;
        clock.set(SPREAD_FROM + Math.floor((have + issued) * step));
        await platform.auditLog.append(next());
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          log(`[${kind}]   ${fmt(issued)} entries (${fmt((issued / msSince(started)) * 1000)}/s)…`);
        }
      }
    }),
  );
  await platform.auditLog.checkpoint();
  const ms = msSince(started);
  log(`[${kind}] built in ${fmt(ms / 1000, 1)} s (${fmt((total / ms) * 1000)} entries/s)`);
  return { ms, perSecond: (total / ms) * 1000 };
}

async function resetRollup(db) {
  for (const table of ['report_sharing_rollup', 'report_hourly_rollup', 'report_denied_rollup', 'report_patient_rollup']) await db.deleteFrom(table).execute();
  await db.updateTable('report_rollup_state').set({ next_seq: 0 }).where('id', '=', 1).execute();
}

async function countBaseline(db) {
  const from = new Date(QUARTER_FROM).toISOString();
  const to = new Date(QUARTER_TO).toISOString();
  const started = process.hrtime.bigint();
  const row = await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).where('recorded_at', '>=', from).where('recorded_at', '<', to).executeTakeFirstOrThrow();
  return { ms: msSince(started), count: Number(row.n) };
}

async function reportRun(platform, token) {
  const started = process.hrtime.bigint();
  const response = await platform.app.inject({ method: 'GET', url: `/api/v1/reports/quarterly/${QUARTER}`, headers: { authorization: `Bearer ${token}` } });
  const ms = msSince(started);
  if (response.statusCode !== 200) throw new Error(`report answered ${response.statusCode}: ${response.body.slice(0, 400)}`);
  return { ms, report: response.json() };
}

async function measure(kind, { dataDir, databaseUrl }) {
  const clock = benchClock();
  const config = { ...benchConfig({ dataDir, databaseUrl, demoPatients: 0 }) };
  const platform = await openPlatform(config, clock, { loginRateLimit: 10_000, housekeepingEveryMs: null });
  try {
    const build = await buildLog(platform, clock, kind);
    if (kind === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(platform.database.db);
    if (kind === 'postgres') await sql`VACUUM ANALYZE audit_entries`.execute(platform.database.db);
    if (dataDir && build) writeFileSync(path.join(dataDir, MARKER), JSON.stringify({ entries: ENTRIES, build }, null, 2));
    if (flags['build-only']) return { kind, build };
    clock.set(READ_AT);
    const entries = await auditSize(platform.database.db);
    // The stored verification the report's integrity section quotes; the scheduler keeps it current.
    const verifyStarted = process.hrtime.bigint();
    const verification = await platform.auditVerification.run('incremental', 'bench');
    const verifyMs = msSince(verifyStarted);
    log(`[${kind}] recorded verification: ${verification.mode}, ${fmt(verification.entriesChecked)} entries, ${verification.ok ? 'sound' : verification.problem}, ${fmt(verifyMs)} ms`);
    const { token } = await signInInject(platform.app, 'infoadmin');
    // Without the rollup the report counts the whole quarter live: measured once, for reference.
    await resetRollup(platform.database.db);
    const live = await reportRun(platform, token);
    log(`[${kind}] report counted live, no rollup: ${fmt(live.ms)} ms`);
    // The rollup the scheduler keeps current (every minute), built here from nothing.
    const rollupStarted = process.hrtime.bigint();
    let folded = 0;
    for (;;) {
      const step = await platform.reportRollup.run();
      folded += step.to - step.from;
      if (step.to >= (await auditSize(platform.database.db)) - 10 || step.to === step.from) break;
    }
    const rollupMs = msSince(rollupStarted);
    log(`[${kind}] rollup caught up: ${fmt(folded)} entries folded in ${fmt(rollupMs)} ms`);
    const baseline = [];
    const report = [];
    let sample;
    for (let run = 0; run < RUNS; run++) {
      baseline.push(await countBaseline(platform.database.db));
      const result = await reportRun(platform, token);
      report.push(result.ms);
      sample = result.report;
    }
    const baselineMs = median(baseline.map((b) => b.ms));
    const reportMs = median(report);
    const result = {
      kind,
      entries,
      quarterEntries: baseline[0].count,
      build,
      verification: { ms: verifyMs, mode: verification.mode, entriesChecked: verification.entriesChecked, ok: verification.ok },
      rollup: { ms: rollupMs, entries: folded },
      liveMs: live.ms,
      baselineMs,
      baselineRuns: baseline.map((b) => b.ms),
      reportMs,
      reportRuns: report,
      ratio: reportMs / baselineMs,
      reads: sample.sharing.reads,
      patients: sample.sharing.patients,
      deniedTotal: sample.deniedAccesses.total,
    };
    log(`[${kind}] ${fmt(entries)} entries (${fmt(result.quarterEntries)} in ${QUARTER}): count(*) ${fmt(baselineMs)} ms, report ${fmt(reportMs)} ms (${result.ratio.toFixed(1)}×), target ≤ ${TARGET_MS / 1000} s: ${reportMs <= TARGET_MS ? 'met' : 'NOT met'}`);
    return result;
  } finally {
    await platform.close();
  }
}

// ---------------------------------------------------------------------------------------------

const results = [];
const cleanups = [];
try {
  const machine = machineInfo();
  await settleMachine(machine, flags['wait-idle']);
  for (const kind of DATABASES) {
    if (kind === 'sqlite') {
      const dataDir = typeof flags['data-dir'] === 'string' ? path.resolve(flags['data-dir']) : mkdtempSync(path.join(tmpdir(), 'yixiang-bench-report-'));
      const marker = path.join(dataDir, MARKER);
      if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).entries !== ENTRIES) throw new Error(`${dataDir} holds a log of another size; use another directory`);
      if (!flags.keep) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      results.push(await measure('sqlite', { dataDir, databaseUrl: null }));
    } else if (kind === 'postgres') {
      const bin = findPostgresBin();
      if (!bin) throw new Error('PostgreSQL binaries not found');
      const server = await startDurablePostgres(bin);
      cleanups.push(() => server.stop());
      const { url: databaseUrl } = await server.createDatabase();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-report-pg-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      results.push(await measure('postgres', { dataDir, databaseUrl }));
    } else {
      throw new Error(`unknown database ${kind}`);
    }
  }
  if (WRITE && !flags['build-only']) record(section(machineInfo(), results));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

function section(machine, rows) {
  const line = (r) => `| ${r.kind} | ${fmt(r.entries)} | ${fmt(r.quarterEntries)} | ${fmt(r.baselineMs)} ms | **${fmt(r.reportMs)} ms** | ${r.ratio.toFixed(2)}× | ${r.reportMs <= TARGET_MS ? 'met' : 'not met'} | ${fmt(r.liveMs / 1000, 1)} s (${(r.liveMs / r.baselineMs).toFixed(0)}×) | ${fmt(r.rollup.ms / 1000, 1)} s | ${r.build ? `${fmt(r.build.perSecond)}/s` : 'reused'} |`;
  return [
    `## Quarterly audit report — ${machine.isoDate.slice(0, 10)} — ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
    '',
    `Produced by \`npm run bench:report\` (bench/report.mjs) at commit ${machine.commit}; ${machine.sqlite ? `SQLite ${machine.sqlite}` : ''}${machine.postgres ? `, ${machine.postgres}` : ''}; node ${machine.node}.`,
    `The report of ${QUARTER} through \`GET /api/v1/reports/quarterly/${QUARTER}\` (median of ${RUNS}), against a plain \`count(*)\` of the quarter's entries in the same run. Target ≤ ${TARGET_MS / 1000} s.`,
    'The report reads the running totals the `report-rollup` job keeps (every minute) and counts live only the entries appended since (ADR 0018); the recorded verification',
    'of the log stands in for re-hashing it (ADR 0017). Also measured once per run: the same report with the rollup emptied, so that everything is counted live, and the time the',
    'job takes to build the rollup from nothing over the whole log (what a fresh upgrade of a large installation costs once, in the background).',
    '',
    '| database | log entries | in the quarter | count(*) | report | ratio | target ≤ 30 s | same report, no rollup | rollup built from nothing | log built at |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(line),
    '',
    ...rows.map((r) => `- ${r.kind}: report runs ${r.reportRuns.map((ms) => `${fmt(ms)} ms`).join(', ')}; count(*) runs ${r.baselineRuns.map((ms) => `${fmt(ms)} ms`).join(', ')}; before the runs, the recorded verification (${r.verification.mode}, ${fmt(r.verification.entriesChecked)} entries) took ${fmt(r.verification.ms)} ms and the rollup folded ${fmt(r.rollup.entries)} entries in ${fmt(r.rollup.ms / 1000, 1)} s (${fmt(r.rollup.entries / Math.max(r.rollup.ms, 1) * 1000)}/s); the report counted ${fmt(r.reads)} records delivered to ${fmt(r.patients)} patients and ${fmt(r.deniedTotal)} refusals.`),
  ].join('\n');
}

function record(block) {
  const OPEN = '<!-- report-results -->';
  const CLOSE = '<!-- /report-results -->';
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
  const start = current.indexOf(OPEN);
  const end = current.indexOf(CLOSE);
  const wrapped = `${OPEN}\n${block}\n${CLOSE}`;
  const next = start >= 0 && end > start ? current.slice(0, start) + wrapped + current.slice(end + CLOSE.length) : `${current.replace(/\s*$/, '')}\n\n${wrapped}\n`;
  writeFileSync(RESULTS, next);
  log(`Recorded in bench/RESULTS.md (block ${OPEN}).`);
}
