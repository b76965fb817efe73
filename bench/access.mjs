#!/usr/bin/env node
// Access-enforcement benchmarks (issue 5): single-record reads over HTTP against a bare read of
// the same rows by the same server, scoped search over 1,000,000 records, the pure access
// decision, and the server's resident memory throughout. Prints a summary and records it in the
// `<!-- access-results -->` block of bench/RESULTS.md (raw figures in bench/access-results.json).
//
//   npm run bench:access                      everything, full size (≈ 25–40 minutes on 2 cores)
//   npm run bench:access -- --quick           small sizes, SQLite only: a smoke test; writes nothing
//   npm run bench:access -- --only http       one or more of: decision, http, search (comma-separated)
//   npm run bench:access -- --db sqlite       only SQLite (default: sqlite,postgres when PostgreSQL is installed)
//   npm run bench:access -- --no-write        full run without updating RESULTS.md
//   npm run bench:access -- --results FILE    record somewhere else
//   npm run bench:access -- --wait-idle 10    first wait up to 10 minutes for the load average to drop
//   npm run bench:access -- --render-only     rewrite the RESULTS.md block from bench/access-results.json, measuring nothing
//   sizes: --patients 1000 --duration 10 --warmup 3 --connections 16,64 --profile-seconds 15
//          --size 1000000 --search-patients 1000 --queries 200 --http-queries 100
//          --budget-seconds 40 --min-queries 20 --batches 300
//   npm run bench:access -- --only search --full-analyze   also time the searches after a full SQLite ANALYZE (diagnostic)
//
// Each part runs in its own Node process with --expose-gc (bench/access-decision.mjs,
// bench/access-http.mjs, which starts the server as yet another process, bench/access-search.mjs,
// which measures in a child of its own), so one part's heap and JIT state cannot colour the next.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';
import { parseFlags, selectParts } from './lib/flags.mjs';

const flags = parseFlags(process.argv.slice(2));
const ALL = ['decision', 'http', 'search'];
const only = selectParts(flags, ALL);
const quick = Boolean(flags.quick);
const renderOnly = Boolean(flags['render-only']);
const write = flags['no-write'] ? false : quick ? Boolean(flags.write) : true;

ensureServerBuilt();

/**
 * Every part measures one build: other work on the same checkout may rebuild dist/server during a
 * long run (and a part must never load a half-written one). The build is copied once to
 * node_modules/.cache/yixiang-bench-access-<pid>/dist/server — inside the checkout, so its imports
 * still resolve to the project's node_modules — with a package.json that keeps it ESM and names the
 * version, and dist/web linked so the console is served as usual. Children read YIXIANG_BENCH_DIST.
 */
function snapshotDist() {
  const root = path.join(ROOT, 'node_modules', '.cache', `yixiang-bench-access-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'dist', 'server'), path.join(root, 'dist', 'server'), { recursive: true, preserveTimestamps: true });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'yixiang-bench-snapshot', version: pkg.version, type: 'module', private: true }));
  if (existsSync(path.join(ROOT, 'dist', 'web'))) symlinkSync(path.join(ROOT, 'dist', 'web'), path.join(root, 'dist', 'web'));
  return { dist: path.join(root, 'dist', 'server'), remove: () => rmSync(root, { recursive: true, force: true }) };
}
const snapshot = snapshotDist();
process.env.YIXIANG_BENCH_DIST = snapshot.dist;
process.on('exit', () => snapshot.remove());
const { machineInfo: liveMachineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const machineInfo = () => ({ ...liveMachineInfo(), distBuiltAt: statSync(path.join(snapshot.dist, 'audit', 'log.js')).mtime.toISOString() });
const { machineMarkdown } = await import('./lib/report.mjs');
const { findPostgresBin } = await import('./lib/postgres.mjs');


const pass = (name, fallback, as = name) => {
  const value = flags[name] ?? fallback;
  return value === undefined ? [] : [`--${as}`, String(value)];
};
const databases = typeof flags.db === 'string' ? flags.db.split(',').map((s) => s.trim()) : quick || !findPostgresBin() ? ['sqlite'] : ['sqlite', 'postgres'];
const args = {
  decision: [...pass('batches', quick ? 40 : undefined)],
  http: [
    ...pass('patients', quick ? 100 : undefined),
    ...pass('duration', quick ? 2 : undefined),
    ...pass('warmup', quick ? 1 : undefined),
    ...pass('connections', quick ? 16 : undefined),
    ...pass('profile-seconds', quick ? 2 : undefined),
    ...pass('breakdown-iterations', quick ? 200 : undefined),
  ],
  search: [
    ...pass('size', quick ? 50_000 : undefined),
    ...pass('search-patients', quick ? 100 : undefined, 'patients'),
    ...pass('queries', quick ? 20 : undefined),
    ...pass('http-queries', quick ? 10 : undefined),
    ...pass('budget-seconds', quick ? 3 : undefined),
    ...pass('min-queries', quick ? 10 : undefined),
    ...(flags['full-analyze'] ? ['--full-analyze'] : []),
  ],
};
const SCRIPTS = { decision: 'access-decision.mjs', http: 'access-http.mjs', search: 'access-search.mjs' };

let machine = machineInfo();
console.log(`Access benchmarks — ${machine.dateUtc}`);
console.log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM; Node ${machine.node}; SQLite ${machine.sqlite}; ${machine.postgres ?? 'no PostgreSQL'}; databases: ${databases.join(', ')}`);
const settled = await settleMachine(machine, flags['wait-idle'], machineInfo);
machine = settled.machine;
const loadBefore = settled.loadBefore;

const resultDir = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-access-results-'));
const results = { http: {}, search: {} };
const started = Date.now();
try {
  const jobs = [];
  if (only.includes('decision')) jobs.push({ part: 'decision', db: null });
  for (const part of ['http', 'search']) if (only.includes(part)) for (const db of databases) jobs.push({ part, db });
  for (const { part, db } of renderOnly ? [] : jobs) {
    const out = path.join(resultDir, `${part}-${db ?? 'pure'}.json`);
    console.log(`\n== ${part}${db ? ` (${db})` : ''} ==`);
    const before = loadAverage();
    const measuredAt = new Date().toISOString();
    const child = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', SCRIPTS[part]), ...(db ? ['--db', db] : []), ...args[part], '--out', out], { cwd: ROOT, stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`bench/${SCRIPTS[part]}${db ? ` --db ${db}` : ''} failed (exit ${child.status ?? child.signal})`);
    const value = { ...JSON.parse(readFileSync(out, 'utf8')), measuredAt, load: { before, after: loadAverage() } };
    if (db) results[part][db] = value;
    else results[part] = value;
  }
} finally {
  rmSync(resultDir, { recursive: true, force: true });
  snapshot.remove();
}

const load = { before: loadBefore, after: loadAverage() };
console.log(`\nFinished in ${Math.round((Date.now() - started) / 1000)} s.\n`);

// ---------------------------------------------------------------------------------------------
// Reporting

const TARGETS = { ratio: { sqlite: 0.8, postgres: 0.7 }, searchP95Ms: 20, decisionNs: 10_000, rssBytes: 300e6 };
const MEDPLUM_PER_VCPU = 350;
const n = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const ms = (value) => (Number.isFinite(value) ? (value >= 100 ? n(value, 0) : value >= 10 ? n(value, 1) : n(value, 2)) : '–');
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const mb = (bytes) => `${n(bytes / 1e6)} MB`;
const yesNo = (met) => (met ? 'yes' : '**no**');
const VARIANT_LABEL = { grant: 'grant (masked, identified profile)', department: 'department (rule 1)', careTeam: 'care team (rule 2)' };

function markdownTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function summaryRows(all) {
  const rows = [];
  for (const [db, http] of Object.entries(all.http ?? {})) {
    for (const s of http.summary) {
      const target = TARGETS.ratio[db] ?? TARGETS.ratio.sqlite;
      rows.push({
        figure: `Authorised, audited, masked read over HTTP (grant), ${db}, ${s.connections} connections`,
        yixiang: `${n(s.grant.perSecond)} req/s`,
        baseline: `${n(s.bare.perSecond)} req/s (bare read)`,
        ratio: ratio(s.grant.ratio),
        target: `≥ ${target.toFixed(2)}×`,
        met: yesNo(s.grant.ratio >= target),
      });
    }
  }
  for (const [db, search] of Object.entries(all.search ?? {})) {
    for (const s of search.scenarios) {
      rows.push({
        figure: `Scoped search, ${db}, ${n(search.data.rows)} records: ${s.name} (${n(s.visibleRows)} visible), p95`,
        yixiang: `${ms(s.access.p95)} ms`,
        baseline: `${ms(s.baseline.p95)} ms (plain SQL)`,
        ratio: ratio(s.access.p95 / s.baseline.p95),
        target: `≤ ${TARGETS.searchP95Ms} ms`,
        met: yesNo(s.access.p95 <= TARGETS.searchP95Ms),
      });
    }
  }
  if (all.decision) {
    for (const s of all.decision.scenarios) {
      rows.push({ figure: `Access decision (compileScope + firstMatch), ${s.name}, median`, yixiang: `${n(s.medianNs / 1000, 2)} µs`, baseline: '–', ratio: '–', target: '≤ 10 µs', met: yesNo(s.medianNs <= TARGETS.decisionNs) });
    }
  }
  for (const [db, http] of Object.entries(all.http ?? {})) {
    rows.push({ figure: `Server peak RSS during the HTTP runs, ${db}`, yixiang: mb(http.serverPeakRss), baseline: '–', ratio: '–', target: '< 300 MB', met: yesNo(http.serverPeakRss < TARGETS.rssBytes) });
  }
  for (const [db, search] of Object.entries(all.search ?? {})) {
    rows.push({ figure: `Platform process peak RSS during the ${n(search.data.rows)}-record searches, ${db}`, yixiang: mb(search.rss.peak), baseline: '–', ratio: '–', target: '< 300 MB', met: yesNo(search.rss.peak < TARGETS.rssBytes) });
  }
  return rows;
}

function consoleTable(rows) {
  const headers = ['Figure', 'Yixiang', 'Baseline (same run)', 'Ratio', 'Target', 'Met'];
  const cells = rows.map((r) => [r.figure, r.yixiang, r.baseline, r.ratio, r.target, r.met.replace(/\*/g, '')]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function medplumMarkdown(all, cores) {
  const parts = [];
  for (const [db, http] of Object.entries(all.http ?? {})) {
    const best = [...http.summary].sort((a, b) => b.grant.perSecond - a.grant.perSecond)[0];
    if (!best) continue;
    parts.push(
      `${db}: ${n(best.grant.perSecond)} guarded reads/s at ${best.connections} connections on ${cores} vCPUs shared with the load generator (${n(best.grant.perSecond / cores)} per vCPU counted that way); ` +
        `the server spent ${n(best.grant.cpuUsPerRequest)} µs of CPU per guarded read, i.e. ${n(1e6 / best.grant.cpuUsPerRequest)} reads/s per fully busy vCPU if nothing else limited it.`,
    );
  }
  if (!parts.length) return '';
  return `**Reference:** Medplum's published figure for authenticated FHIR reads is about ${MEDPLUM_PER_VCPU} requests/s per vCPU (a different product, workload and machine; shown for scale only). Ours: ${parts.join(' ')}`;
}

function httpMarkdown(db, r) {
  const parts = [];
  parts.push(
    `### Single-record reads over HTTP — ${db}\n\nMeasured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC; load average (1 min) ${r.load.before[0]} before, ${r.load.after[0]} after.${r.postgresVersion ? ` ${r.postgresVersion}, stock durability (fsync on, synchronous_commit on).` : ' SQLite in WAL mode with `synchronous = FULL`, as the application opens it.'}\n\n` +
      `Demo hospital with ${n(r.demo.patients)} patients (${n(r.demo.records)} records) loaded through the real ingest path; the server (\`openPlatform\`, as \`yixiang serve\` opens it, logging off) runs in its own process, autocannon in another, both on this machine over loopback. ` +
      `Each run lasts ${r.duration} s after an untimed ${r.warmup} s warm-up, in the order bare, grant, department, care team, care team, department, grant, bare; every variant cycles the same 16 rows per connection (care team: ${r.check.careTeam.rows} rows of dr.wang's open admissions). Requests still queued in the server when a run ends are drained before the next one.\n\n` +
      `- **bare**: \`GET /bench/bare/Patient/{id}\` on a second Fastify instance in the server process (buildApp() has already called \`app.ready()\`, so no route can be added to the platform's own instance): the same row through the same Kysely handle, decrypted with \`revealPayload\` and the same keyring. No authentication, audit or access decision.\n` +
      `- **grant**: \`GET /api/v1/records/Patient/{id}\` with a bearer token of dr.li (外科) and \`X-Purpose-Of-Use: treatment\`, opened by a grant that infoadmin made through \`POST /api/v1/grants\` (CLIN_PATIENT; fields ${r.grant.fields.join(', ')}; explicit list of ${n(r.grant.listedPatients)} patients, none on dr.li's care teams; channel api; masking profile \`identified\`). Each answer was checked before timing: \`X-Access-Basis: grant:…\`, ${n(r.check.grant.maskedFieldsPerRead)} fields masked (${r.sampleGrantRead.masked.map((m) => `${m.field} → ${m.strategy}`).join(', ')}), ${n(r.sampleGrantRead.omitted.length)} left out; every request appends a durable audit entry before it is answered (${n(r.audit.entriesAppended)} entries appended during the guarded runs).\n` +
      `- **department**: the same rows read by staff.medical (医务部 owns CLIN_PATIENT): whole record, audited. **care team**: dr.wang reading patients of his open admissions: whole record, audited.`,
  );
  const rows = [];
  for (const s of r.summary) {
    const line = (name, v, isBare) => [
      String(s.connections),
      isBare ? 'bare (baseline)' : VARIANT_LABEL[name],
      `**${n(v.perSecond)}** (${v.reps.map((x) => n(x)).join(' / ')})`,
      isBare ? '1.00×' : ratio(v.ratio),
      `${ms(v.p50)} / ${ms(v.p99)}`,
      `${n(v.cpuUsPerRequest)}${isBare ? '' : ` (${ratio(v.cpuRatio)})`}`,
      `${n(v.serverCpuShare * 100)}% / ${n(v.driverCpuShare * 100)}%`,
      isBare ? '–' : `${n(v.auditEntriesPerCommit, 1)} × ${ms(v.auditCommitMs)} ms (${n(v.auditCommitShare * 100)}% of wall)`,
      mb(v.peakRss),
      n(v.timeouts ?? 0),
    ];
    rows.push(line('bare', s.bare, true));
    for (const name of ['grant', 'department', 'careTeam']) rows.push(line(name, s[name], false));
  }
  parts.push(
    markdownTable(['Connections', 'Read', 'Requests/s (reps)', 'Ratio to bare', 'Latency p50 / p99 ms', 'Server CPU µs per request (bare ÷ this)', 'Server / generator CPU', 'Audit: entries per commit × commit time', 'Server peak RSS', 'Timeouts (> 30 s)'], rows),
  );
  parts.push(
    'Server CPU is user + system time of the server process divided by the requests answered; a server below 100% CPU was waiting (for flushes, or for the database connection), a generator near 100% would mean the baseline was capped by the load generator. "Audit" is the group commit observed in the server process: how many entries each commit carried, how long its transaction took, and what share of the wall-clock time the server spent inside audit commits.',
  );
  if (r.breakdown) {
    parts.push(
      `Where one guarded read's time goes — each step on its own, in the warm server process with no other load, one call at a time (${n(r.breakdown.steps[0].count)} calls each; µs):`,
    );
    parts.push(markdownTable(['Step', 'Median µs', 'p90 µs', 'p99 µs'], r.breakdown.steps.map((s) => [s.name, n(s.median, 1), n(s.p90, 1), n(s.p99, 1)])));
  }
  if (r.profile) {
    const p = r.profile;
    parts.push(
      `CPU profile (\`--cpu-prof\`) of the server during ${p.seconds} s of grant reads at ${p.connections} connections (${n(p.perSecond)} req/s, ${n(p.cpuUsPerRequest)} µs CPU per request), cut to that run. V8 samples the main thread's wall time: ${db === 'sqlite' ? "time spent blocked inside a synchronous better-sqlite3 call — including the audit commit's flush — is billed to the JavaScript function that made the call (Kysely's \`executeQuery\`)" : 'on a machine busy with other work, time the thread spends descheduled is billed to whatever it was doing (often a system call such as `writev`)'}. Busy ${n(p.busyMs)} ms, idle ${n(p.idleMs)} ms; the server's audit commits in that run: ${n(p.auditBatches?.count ?? 0)}, median ${n(p.auditBatches?.medianSize ?? 0)} entries, ${ms(p.auditBatches?.medianMs)} ms each.`,
    );
    parts.push(markdownTable(['Area (self time)', 'ms', 'Share of busy'], p.areas.slice(0, 10).map((a) => [a.name, n(a.ms), `${n(a.share * 100, 1)}%`])));
    parts.push(markdownTable(['Function (self time)', 'ms', 'Share of busy'], p.self.slice(0, 12).map((a) => [`\`${a.name}\``, n(a.ms), `${n(a.share * 100, 1)}%`])));
    parts.push(markdownTable(['Server function (inclusive, synchronous part only)', 'ms', 'Share of busy'], p.inclusive.slice(0, 12).map((a) => [`\`${a.name}\``, n(a.ms), `${n(a.share * 100, 1)}%`])));
  }
  return parts.join('\n\n');
}

function searchMarkdown(db, r) {
  const parts = [];
  parts.push(
    `### Scoped search over ${n(r.data.rows)} records — ${db}\n\nMeasured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC; load average (1 min) ${r.load.before[0]} before, ${r.load.after[0]} after.${r.postgresVersion ? ` ${r.postgresVersion}; \`ANALYZE\` run after loading (autovacuum would do the same shortly).` : ' SQLite as the application opens it: at start it refreshes the planner statistics that are stale (`PRAGMA optimize=0x10002`; the demo import analysed the table at 33,618 rows, so it is analysed again, by sampling).'}${r.openMs !== undefined ? ` Opening the platform on the loaded database took ${n(r.openMs / 1000, 1)} s (migrations and statistics included).` : ''}\n\n` +
      `Data: the demo hospital with ${n(r.demo.patients)} patients (${n(r.demo.records)} records, real ingest), then its ${n(r.data.sourceRecords)} patient records cloned ${n(r.data.copies)} times by plain INSERTs into \`records\` (${n(r.data.cloned)} rows, ${n(r.data.ms / 1000)} s): copy k belongs to synthetic patient \`<patient>-s<k>\` and is dated k × 13 days earlier, so catalog codes, departments, levels and records per patient follow the demo (and so the catalog), with a real envelope per row (the resource with its ids rewritten, encrypted with the row's own AAD). Care teams are not cloned: a clinician's team stays a ward's worth. ` +
      `Each query is \`AccessService.search\` for one catalog resource, first page of 50 with the total (what \`GET /api/v1/records?catalog=…\` runs), timed in the platform's own process after the platform was opened fresh on that database; scenarios round-robin, each followed by its baseline, up to ${n(r.queries)} times (a scenario stops after its time budget once it has its minimum samples). ` +
      `Totals are exact up to ${n(r.countLimit ?? 10_000)} visible rows; beyond that the search reports ${n(r.countLimit ?? 10_000)} with \`totalExact: false\` (a lower bound; a caller pages by cursor). ` +
      `Baseline: hand-written SQL for the same rows on the same connection (plain predicates, the same order \`coalesce(effective_at, '') DESC, resource_type, id\`, the same bounded \`count(*)\`), page decrypted — no decision, no basis CASE. The two agree on the total and on the first page, row for row, in every scenario (checked).`,
  );
  const rows = r.scenarios.map((s) => [
    `**${s.name}**`,
    s.clauses.join(' + '),
    s.totalExact === false ? `${n(s.visibleRows)} (reported: ≥ ${n(s.reportedTotal)})` : n(s.visibleRows),
    n(s.queries),
    `${ms(s.access.median)} / **${ms(s.access.p95)}** / ${ms(s.access.p99)}`,
    `${ms(s.baseline.median)} / ${ms(s.baseline.p95)}`,
    `${s.sql.careTeamQueryMs != null ? `${ms(s.sql.careTeamQueryMs)} + ` : ''}${ms(s.sql.pageQueryMs)} + ${s.sql.countQueryMs != null ? ms(s.sql.countQueryMs) : '– (not needed)'}`,
    s.access.p95 <= TARGETS.searchP95Ms ? 'yes' : '**no**',
  ]);
  parts.push(markdownTable(['Scenario', 'Clauses', 'Visible rows', 'Queries', 'Access p50 / p95 / p99 ms', 'Baseline p50 / p95 ms', 'Its SQL alone: [care team +] page + count ms (median)', 'p95 ≤ 20 ms'], rows));
  parts.push(r.scenarios.map((s) => `- **${s.name}**: ${s.description}.`).join('\n'));
  parts.push(`Query plans of the page and count queries that \`searchScoped\` sends (${db === 'sqlite' ? '`EXPLAIN QUERY PLAN`' : '`EXPLAIN (ANALYZE, BUFFERS)`, first lines'}):`);
  const planLines = (plan, count) => plan.filter((line) => !/^\s*(Buffers|Planning|Execution)/.test(line)).slice(0, count).map((line) => `\`${line.trim()}\``).join('; ');
  parts.push(
    r.scenarios
      .map((s) => `- ${s.name}: page ${planLines(s.sql.pagePlan, db === 'sqlite' ? 12 : 8)}${s.sql.countPlan ? `; count ${planLines(s.sql.countPlan, db === 'sqlite' ? 6 : 4)}` : ''}`)
      .join('\n'),
  );
  if (r.http?.length) {
    parts.push(
      `Through the HTTP endpoint (\`app.inject\`: routing, authentication, purpose check, access, serialisation and the durable audit entry; no socket): ${r.http.map((h) => `${h.name} p50 ${ms(h.median)} ms, p95 ${ms(h.p95)} ms (${n(h.queries)} requests)`).join('; ')}.`,
    );
  }
  if (r.afterAnalyze) {
    parts.push(
      `Diagnostic, not a target figure: the same searches after \`ANALYZE\` (${n(r.afterAnalyze.analyzeMs / 1000, 1)} s) gave SQLite table statistics:`,
    );
    parts.push(
      markdownTable(
        ['Scenario', 'p50 / p95 ms after ANALYZE', 'Before', 'Page query plan after ANALYZE'],
        r.afterAnalyze.scenarios.map((a) => {
          const before = r.scenarios.find((s) => s.name === a.name);
          return [a.name, `${ms(a.median)} / ${ms(a.p95)}`, `${ms(before.access.median)} / ${ms(before.access.p95)}`, a.pagePlan.slice(0, 3).map((l) => `\`${l}\``).join('; ')];
        }),
      ),
    );
  }
  parts.push(`Peak RSS of the platform process while searching: ${mb(r.rss.search)}; during the HTTP searches: ${mb(r.rss.http)}; overall ${mb(r.rss.peak)}.`);
  return parts.join('\n\n');
}

function decisionMarkdown(r) {
  const parts = [
    `### The access decision — \`compileScope\` + \`firstMatch\`\n\nMeasured ${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC; load average (1 min) ${r.load.before[0]} before, ${r.load.after[0]} after. ${n(r.batches)} batches of ${n(r.batchSize)} decisions per scenario in a tight loop (after warm-up), a new \`Date\` per decision as the service reads its clock per request; the figure is the median over batches of batch time ÷ batch size. Inputs as \`AccessService\` builds them: reader facts, the built-in catalog resource, candidate grants as the store returns them, emergencies, the record's facts. Every decision was checked against the expected basis.`,
  ];
  parts.push(
    markdownTable(
      ['Scenario', 'Clauses compiled', 'Median µs', 'p90 µs', 'p99 µs', 'Target ≤ 10 µs'],
      r.scenarios.map((s) => [`**${s.name}**: ${s.description}`, s.clauses.join(', '), `**${n(s.medianNs / 1000, 2)}**`, n(s.p90Ns / 1000, 2), n(s.p99Ns / 1000, 2), s.medianNs <= TARGETS.decisionNs ? 'yes' : '**no**']),
    ),
  );
  if (r.components?.length) {
    parts.push(`What the decision does per call that costs most (same loop style, median ns): ${r.components.map((c) => `${c.name} ${n(c.medianNs)} ns`).join('; ')}.`);
  }
  return parts.join('\n\n');
}

function blockMarkdown(all, machineNow, loadNow) {
  const sections = [];
  sections.push(
    '## Access enforcement (issue 5)\n\n' +
      'Produced by `npm run bench:access` (`node bench/access.mjs`; flags at the top of that file). Re-running replaces this block; a partial run (`--only`) keeps the other parts\' figures from `bench/access-results.json`. ' +
      'Targets (issue 5): an authorised, audited, masked single-record read over HTTP at ≥ 80% of the throughput of a bare read of the same row by the same server on SQLite (≥ 70% on PostgreSQL); scoped search over 1,000,000 records with p95 ≤ 20 ms; the decision itself ≤ 10 µs median; server memory under 300 MB RSS throughout (MB = 10⁶ bytes).',
  );
  sections.push(`### Machine (latest run)\n\n${machineMarkdown(machineNow, loadNow)}`);
  const rows = summaryRows(all);
  sections.push(
    `### Summary\n\n${markdownTable(['Figure', 'Yixiang', 'Baseline (same run)', 'Ratio', 'Target', 'Met'], rows.map((r) => [r.figure, r.yixiang, r.baseline, r.ratio, r.target, r.met]))}\n\nRatio: throughput Yixiang ÷ baseline (below 1 = slower); for search latency, Yixiang p95 ÷ baseline p95 (above 1 = slower).\n\n${medplumMarkdown(all, machineNow.cores)}`,
  );
  for (const [db, r] of Object.entries(all.http ?? {})) sections.push(httpMarkdown(db, r));
  for (const [db, r] of Object.entries(all.search ?? {})) sections.push(searchMarkdown(db, r));
  if (all.decision) sections.push(decisionMarkdown(all.decision));
  return sections.join('\n\n');
}

const OPEN = '<!-- access-results -->';
const CLOSE = '<!-- /access-results -->';

function record(file) {
  const rawFile = path.join(path.dirname(file), 'access-results.json');
  const previous = existsSync(rawFile) ? JSON.parse(readFileSync(rawFile, 'utf8')) : {};
  const all = {
    decision: results.decision ?? previous.decision,
    http: { ...(previous.http ?? {}), ...results.http },
    search: { ...(previous.search ?? {}), ...results.search },
    machine: renderOnly && previous.machine ? previous.machine : machine,
    load: renderOnly && previous.load ? previous.load : load,
  };
  const block = `${OPEN}\n${blockMarkdown(all, all.machine, all.load)}\n${CLOSE}`;
  // Re-read right before writing: other benchmarks own other blocks of the same file.
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(OPEN);
  const end = text.indexOf(CLOSE);
  const next = start >= 0 && end > start ? `${text.slice(0, start)}${block}${text.slice(end + CLOSE.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  writeFileSync(rawFile, `${JSON.stringify(all, null, 2)}\n`);
  return all;
}

if (renderOnly) {
  const file = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
  record(file);
  console.log(`Re-rendered the ${OPEN} block of ${path.relative(process.cwd(), file) || file} from access-results.json.`);
  process.exit(0);
}
const current = { decision: results.decision, http: results.http, search: results.search };
console.log(consoleTable(summaryRows(current)));
const medplum = medplumMarkdown(current, machine.cores);
if (medplum) console.log(`\n${medplum.replace(/\*\*/g, '')}`);
if (write) {
  const file = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
  record(file);
  console.log(`\nRecorded in ${path.relative(process.cwd(), file) || file} (block ${OPEN}).`);
} else {
  console.log('\nNot recorded (quick or --no-write run).');
}
