#!/usr/bin/env node
// FHIR search over HTTP (issue 8, Performance: `Observation?patient=…&date=ge…` returning 50
// entries at ≥ 2,000 requests/s on SQLite, with the bare-query baseline in the same run): a partner
// hospital's system with a SMART Backend Services token, a clinician on the care team, and a bare
// select of the same 50 rows by the same server process, measured alternately.
//
//   npm run bench:fhir                                  SQLite, 1,000 demo patients, 16 and 64 connections
//   npm run bench:fhir -- --db postgres                 PostgreSQL (a throwaway durable server)
//   npm run bench:fhir -- --quick                       200 patients, 4 connections, 2 s runs; does not touch RESULTS.md
//   npm run bench:fhir -- --no-write                    full run without updating RESULTS.md
//   npm run bench:fhir -- --results FILE                record somewhere else than bench/RESULTS.md
//   npm run bench:fhir -- --patients 1000 --cycle 8     demo size; how many patients each connection cycles through
//   npm run bench:fhir -- --duration 10 --warmup 3 --connections 16,64
//   npm run bench:fhir -- --wait-idle [minutes]         wait (default up to 10 minutes) for a quiet machine first
//   npm run bench:fhir -- --out result.json | --json    the raw figures as JSON
//
// This process is the load generator (autocannon) and nothing else while it measures; the server
// is a separate Node process (bench/access-server.mjs, as for bench:access). Per connection count,
// after an untimed warm-up of each variant, `duration` seconds each of: bare, partner, staff, staff,
// partner, bare — every variant twice, placed symmetrically so drift in the machine's load hits
// them alike. The server's CPU time and peak RSS are taken for every run.
//
// Data: the demo hospital, then for `--cycle` of dr.wang's inpatients (open admissions) exactly 50
// laboratory Observations each dated on or after one day D (China time) on which none of their other
// Observations fall, ingested through the real ingest path (copies of each patient's own results
// with new identifiers and dates). So every variant's answer is the same 50 rows: a full page, no
// next page. Checked before anything is timed, and the run stops if a page is not full.
//
// Variants (all GET, same query, the patients cycled per connection):
//   bare     GET /bench/bare/fhir/R4/Observation?… on the second Fastify instance in the server
//            process: the access store's page select for that query (same columns, order and limit,
//            no scope predicate), each payload decrypted, a searchset Bundle. No auth, audit or
//            access decision.
//   partner  GET /fhir/R4/Observation?patient=…&date=ge…&_count=50 by a partner institution's API
//            client: registered by infoadmin with an EC P-384 key through the management API, a
//            grant to the institution on channel external for CLIN_LAB_REPORT (seven fields,
//            identified, purpose referral, the patients listed), each patient's consent recorded
//            through POST /api/v1/patients/{id}/consents; ES384 assertion → POST /oauth2/token,
//            a fresh token before each run (they live 5 minutes); X-Purpose-Of-Use: referral.
//   staff    the same search by dr.wang (on these patients' care teams), purpose treatment.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';

ensureServerBuilt();
const lib = await import('./access-lib.mjs');
const { prepareDemo, openPlatform, signInHttp, parseFlags, numberList, emitResult, collectGarbage, importDist } = lib;
const { startAccessServer, drainServer, measureHttp, aggregateRuns, writeResultsBlock, readResultsBlock } = lib;
const { benchPostgres } = await import('./lib/postgres.mjs');
const { machineInfo, loadAverage, settleMachine } = await import('./lib/machine.mjs');
const { revealPayload } = await importDist('records/index.js');
const { demoId } = await importDist('demo/index.js');
const { SignJWT } = await import('jose');

const flags = parseFlags();
const quick = Boolean(flags.quick);
const write = !quick && !flags['no-write'];
const kind = typeof flags.db === 'string' ? flags.db : 'sqlite';
const [patients] = numberList(flags.patients, [quick ? 200 : 1000]);
const [cycle] = numberList(flags.cycle, [quick ? 4 : 8]);
const [duration] = numberList(flags.duration, [quick ? 2 : 10]);
const [warmup] = numberList(flags.warmup, [quick ? 1 : 3]);
const connectionCounts = numberList(flags.connections, quick ? [4] : [16, 64]);
const PAGE = 50;
const TARGET = 2_000;
const LAB = 'CLIN_LAB_REPORT';
const PARTNER_INSTITUTION = demoId('institution', 'JCRM1');
const GRANTED_FIELDS = ['patient', 'testCode', 'collectedAt', 'issued', 'resultQuantity', 'resultCode', 'interpretation'];
const RESULTS = typeof flags.results === 'string' ? path.resolve(flags.results) : path.join(ROOT, 'bench', 'RESULTS.md');
const BLOCK = 'fhir-search-results';
const log = (line) => console.error(`[fhir ${kind}] ${line}`);
if (!['sqlite', 'postgres'].includes(kind)) throw new Error(`--db must be sqlite or postgres, not ${kind}`);
// A run must end before the token it started with does.
if (Math.max(duration, warmup) > 240) throw new Error('--duration and --warmup may be at most 240 s: partner access tokens live 5 minutes');

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/** The calendar day (China time) after `iso`, as YYYY-MM-DD. */
function chinaDayAfter(iso) {
  const local = new Date(Date.parse(iso) + 8 * 3_600_000);
  local.setUTCDate(local.getUTCDate() + 1);
  return local.toISOString().slice(0, 10);
}

/**
 * Gives `wanted` of dr.wang's inpatients exactly PAGE laboratory Observations on or after one day,
 * through the platform's own ingest (the platform opened here and closed before the server starts).
 */
async function seedLabs(config) {
  const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000, housekeepingEveryMs: null });
  try {
    const db = platform.database.db;
    const now = new Date().toISOString();
    const team = await db
      .selectFrom('care_team_members as c')
      .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
      .select('c.patient_id')
      .distinct()
      .where('s.staff_key', '=', 'dr.wang')
      .where('c.period_end', 'is', null)
      .where('c.period_start', '<=', now)
      .orderBy('c.patient_id')
      .execute();
    const chosen = [];
    for (const { patient_id: patientId } of team) {
      const labs = await db.selectFrom('records').selectAll().where('resource_type', '=', 'Observation').where('catalog_code', '=', LAB).where('patient_id', '=', patientId).orderBy('effective_at', 'desc').limit(PAGE).execute();
      if (labs.length) chosen.push({ patientId, templates: await Promise.all(labs.map((row) => revealPayload(platform.keyring, row))) });
      if (chosen.length === cycle) break;
    }
    if (chosen.length < Math.min(2, cycle)) throw new Error(`only ${chosen.length} of dr.wang's ${team.length} inpatients have laboratory results; raise --patients`);
    const ids = chosen.map((c) => c.patientId);
    const { latest } = await db.selectFrom('records').select((eb) => eb.fn.max('effective_at').as('latest')).where('resource_type', '=', 'Observation').where('patient_id', 'in', ids).executeTakeFirstOrThrow();
    const date = chinaDayAfter(latest);
    const from = Date.parse(`${date}T00:00:00+08:00`);
    // Each patient's own recent results, re-dated every 12 minutes from D with new identifiers (a
    // re-sent identifier would update the original instead of adding a result).
    const entries = chosen.flatMap(({ patientId, templates }) =>
      Array.from({ length: PAGE }, (_, i) => {
        const { id, meta, ...template } = templates[i % templates.length];
        const at = from + (i + 1) * 12 * 60_000;
        return {
          resource: {
            ...template,
            identifier: [{ system: template.identifier?.[0]?.system ?? 'urn:yixiang:source:lis', value: `BENCH-FHIR-${patientId.slice(0, 8)}-${String(i).padStart(3, '0')}` }],
            effectiveDateTime: new Date(at).toISOString(),
            issued: new Date(at + 40 * 60_000).toISOString(),
          },
        };
      }),
    );
    const ingested = await platform.ingest.ingest(entries, 'transaction');
    if (ingested.rejected || ingested.created !== entries.length) throw new Error(`seeding refused: ${JSON.stringify(ingested.rejected ?? ingested.outcomes.filter((o) => o.issue).slice(0, 3))}`);
    const fromIso = new Date(from).toISOString();
    for (const patientId of ids) {
      const { n } = await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).where('resource_type', '=', 'Observation').where('patient_id', '=', patientId).where('effective_at', '>=', fromIso).executeTakeFirstOrThrow();
      if (Number(n) !== PAGE) throw new Error(`patient ${patientId} has ${n} Observations from ${date}, expected exactly ${PAGE}`);
    }
    return { patients: ids, date, from: fromIso, seeded: entries.length, inpatients: team.length };
  } finally {
    await platform.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The partner institution, set up the way an information administrator sets one up
// ---------------------------------------------------------------------------------------------

async function apiCall(api, session, method, url, body, expected) {
  const response = await fetch(`${api}/api/v1${url}`, { method, headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (response.status !== expected) throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function setUpPartner(api, sessions, patientIds) {
  const admin = sessions.infoadmin;
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = { ...keys.publicKey.export({ format: 'jwk' }), kid: 'bench-1' };
  const client = await apiCall(api, admin, 'POST', `/institutions/${PARTNER_INSTITUTION}/clients`, { name: 'FHIR search benchmark', jwks: { keys: [jwk] } }, 201);
  const now = Date.now();
  const grant = await apiCall(
    api,
    admin,
    'POST',
    '/grants',
    {
      grantee: { kind: 'institution', id: PARTNER_INSTITUTION },
      catalogCode: LAB,
      fields: GRANTED_FIELDS,
      patientScope: { kind: 'patients', patientIds },
      purpose: 'referral',
      channel: 'external',
      validTo: new Date(now + 86_400_000).toISOString(),
      maskingProfile: 'identified',
      reason: 'FHIR search benchmark: referral of inpatients to the partner hospital',
    },
    201,
  );
  for (const patientId of patientIds) {
    await apiCall(
      api,
      admin,
      'POST',
      `/patients/${patientId}/consents`,
      {
        recipientId: PARTNER_INSTITUTION,
        purpose: 'referral',
        catalogCodes: [LAB],
        validFrom: new Date(now - 3_600_000).toISOString(),
        evidence: { kind: 'verbal', clinicianId: sessions['dr.wang'].userId, recordedAt: new Date(now - 3_600_000).toISOString(), note: '患者同意向转诊医院提供检验报告（基准测试）' },
      },
      201,
    );
  }
  return { clientId: client.clientId, privateKey: keys.privateKey, grantId: grant.id };
}

/** What an off-the-shelf backend-services client does: discover the token endpoint, sign an assertion, post it. */
async function partnerToken(api, partner) {
  const discovery = await (await fetch(`${api}/fhir/R4/.well-known/smart-configuration`)).json();
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ iss: partner.clientId, sub: partner.clientId, aud: discovery.token_endpoint, exp: now + 240, jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'bench-1', typ: 'JWT' }).sign(partner.privateKey);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: 'system/*.read' }).toString(),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`token request answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const settled = await settleMachine(machineInfo(), flags['wait-idle']);
const result = { benchmark: 'fhir-search', db: kind, patients, cycle, page: PAGE, duration, warmup, connections: connectionCounts, machine: settled.machine, load: { before: settled.loadBefore } };
const parent = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-fhir-'));
let postgres = null;
let server = null;
try {
  postgres = await benchPostgres(kind, result);
  const prepared = await prepareDemo({ databaseUrl: postgres.url, demoPatients: patients, parentDir: parent, log });
  result.demo = prepared.demo;
  const seed = await seedLabs(prepared.config);
  result.seed = seed;
  log(`${seed.patients.length} of dr.wang's ${seed.inpatients} inpatients given ${PAGE} laboratory Observations each from ${seed.date} (+08:00)`);
  await collectGarbage();

  server = startAccessServer(prepared.config);
  const ready = await server.ready;
  log(`server pid ${ready.pid} on :${ready.port}, bare routes on :${ready.barePort}; RSS ${(ready.rss / 2 ** 20).toFixed(0)} MiB after start`);
  result.serverStartRss = ready.rss;
  const api = `http://127.0.0.1:${ready.port}`;
  const bareBase = `http://127.0.0.1:${ready.barePort}`;
  const sessions = {};
  for (const username of ['infoadmin', 'dr.wang']) sessions[username] = await signInHttp(api, username);
  const partner = await setUpPartner(api, sessions, seed.patients);
  result.partner = { institution: PARTNER_INSTITUTION, clientId: partner.clientId, grantId: partner.grantId, fields: GRANTED_FIELDS, consents: seed.patients.length };
  log(`partner client ${partner.clientId}: grant ${partner.grantId} (${LAB}, ${GRANTED_FIELDS.length} fields, ${seed.patients.length} listed and consented patients)`);

  const search = (id) => `Observation?patient=${id}&date=ge${seed.date}&_count=${PAGE}`;
  // Fresh credentials for every run: partner tokens live 5 minutes. The bare variant sends the
  // partner's headers too (and ignores them), so every request is the same size on the wire.
  const partnerHeaders = async () => ({ authorization: `Bearer ${await partnerToken(api, partner)}`, 'x-purpose-of-use': 'referral' });
  const variants = {
    bare: { base: bareBase, prefix: '/bench/bare/fhir/R4/', headers: partnerHeaders, basis: null },
    partner: { base: api, prefix: '/fhir/R4/', headers: partnerHeaders, basis: `grant:${partner.grantId}` },
    staff: { base: api, prefix: '/fhir/R4/', headers: async () => ({ authorization: `Bearer ${(await signInHttp(api, 'dr.wang')).token}`, 'x-purpose-of-use': 'treatment' }), basis: 'care-team' },
  };

  // Every variant answers the same full page of the same rows before anything is timed.
  const check = {};
  const expectedIds = {};
  for (const [name, variant] of Object.entries(variants)) {
    const headers = await variant.headers();
    let bytes = 0;
    for (const id of seed.patients) {
      const response = await fetch(`${variant.base}${variant.prefix}${search(id)}`, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${name} search for ${id} answered ${response.status}: ${text.slice(0, 2000)}`);
      const bundle = JSON.parse(text);
      bytes += text.length;
      const entries = bundle.entry ?? [];
      if (bundle.resourceType !== 'Bundle' || entries.length !== PAGE || bundle.total !== PAGE || bundle.link.some((l) => l.relation === 'next')) {
        throw new Error(`${name} search for ${id}: expected a full page of exactly ${PAGE} entries and no next page, got ${entries.length} entries, total ${bundle.total}, links ${bundle.link.map((l) => l.relation).join(',')}`);
      }
      const ids = entries.map((e) => e.resource.id).join(',');
      if (name === 'bare') expectedIds[id] = ids;
      else if (ids !== expectedIds[id]) throw new Error(`${name} search for ${id} returned other rows (or another order) than the bare select`);
      if (variant.basis !== null && response.headers.get('x-access-basis') !== variant.basis) throw new Error(`${name} search for ${id}: X-Access-Basis ${response.headers.get('x-access-basis')}, expected ${variant.basis}`);
      for (const { resource } of entries) {
        if (resource.resourceType !== 'Observation' || resource.subject?.reference !== `Patient/${id}`) throw new Error(`${name} search for ${id} returned ${resource.resourceType}/${resource.id} of ${resource.subject?.reference}`);
        // The grant releases seven fields: the performer and reference range stay behind.
        if (name === 'partner' && (resource.performer || resource.referenceRange || !resource.meta?.security?.some((s) => s.code === variant.basis))) throw new Error(`partner search for ${id} returned more than the grant releases: ${JSON.stringify(resource).slice(0, 1000)}`);
      }
    }
    check[name] = { searches: seed.patients.length, entriesPerPage: PAGE, meanResponseBytes: Math.round(bytes / seed.patients.length) };
  }
  result.check = check;
  log(`checked: every variant answers the same ${PAGE} rows per patient (response bytes: ${Object.entries(check).map(([n, c]) => `${n} ${c.meanResponseBytes}`).join(', ')})`);

  async function load(name, connections, seconds) {
    const variant = variants[name];
    const headers = await variant.headers();
    return measureHttp(server, { name, url: variant.base, connections, seconds, headers, requests: seed.patients.map((id) => ({ method: 'GET', path: `${variant.prefix}${search(id)}` })) });
  }

  const ORDER = ['bare', 'partner', 'staff', 'staff', 'partner', 'bare'];
  result.runs = [];
  await drainServer(server);
  const auditBefore = (await server.call('auditCount')).count;
  let guardedRequests = 0;
  for (const connections of connectionCounts) {
    log(`${connections} connections: warm-up…`);
    for (const name of ['bare', 'partner', 'staff']) {
      const run = await load(name, connections, warmup);
      if (name !== 'bare') guardedRequests += run.requests;
    }
    for (const name of ORDER) {
      const run = await load(name, connections, duration);
      if (name !== 'bare') guardedRequests += run.requests;
      result.runs.push(run);
      if (run.timeouts || run.errors) log(`${connections} conn ${name}: ${run.timeouts} requests timed out after 30 s, ${run.errors} errors`);
      log(`${connections} conn ${name.padEnd(8)} ${run.perSecond.toFixed(0).padStart(6)} req/s  p50 ${run.latencyMs.p50} ms  p99 ${run.latencyMs.p99} ms  server CPU ${(run.serverCpuShare * 100).toFixed(0)}% (${run.serverCpuUsPerRequest.toFixed(0)} µs/req)  generator CPU ${(run.driverCpuShare * 100).toFixed(0)}%  peak RSS ${(run.serverPeakRss / 2 ** 20).toFixed(0)} MiB`);
    }
  }
  await drainServer(server);
  const auditAfter = (await server.call('auditCount')).count;
  // Every answered search has its durable audit entry (sign-ins and token requests add more).
  result.audit = { entriesAppended: auditAfter - auditBefore, guardedSearchesAnswered: guardedRequests };
  if (result.audit.entriesAppended < guardedRequests) log(`WARNING: ${guardedRequests} guarded searches answered but only ${result.audit.entriesAppended} audit entries appended`);

  result.summary = connectionCounts.map((connections) => {
    const agg = (name) => aggregateRuns(result.runs.filter((r) => r.connections === connections && r.variant === name));
    const bare = agg('bare');
    const out = { connections, bare };
    for (const name of ['partner', 'staff']) {
      const v = agg(name);
      out[name] = { ...v, ratio: v.perSecond / bare.perSecond, cpuRatio: bare.cpuUsPerRequest / v.cpuUsPerRequest };
    }
    return out;
  });
  const stopped = await server.stop();
  server = null;
  result.serverPeakRss = Math.max(stopped.overallPeakRss, ...result.runs.map((r) => r.serverPeakRss));
} finally {
  // After a failure: stop the server cleanly if it still listens to us, otherwise make sure it is gone.
  if (server?.child.connected) await server.stop().catch(() => server.child.kill());
  else server?.child.kill();
  await postgres?.release();
  rmSync(parent, { recursive: true, force: true });
}
result.load.after = loadAverage();

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const LABELS = { bare: 'bare select + decrypt (baseline)', partner: 'partner (SMART backend token, grant + consent)', staff: 'staff (dr.wang, care team)' };

console.log('');
console.log(`FHIR search Observation?patient=…&date=ge${result.seed.date}&_count=${PAGE} on ${kind} (${PAGE} entries per answer; ${result.seed.patients.length} patients cycled):`);
for (const s of result.summary) {
  for (const name of ['bare', 'partner', 'staff']) {
    const v = s[name];
    const ratioText = name === 'bare' ? '1.00×' : `${v.ratio.toFixed(2)}×`;
    const target = name === 'partner' && kind === 'sqlite' ? `  target ≥ ${fmt(TARGET)}/s: ${v.perSecond >= TARGET ? 'met' : 'NOT met'}` : '';
    console.log(`  ${String(s.connections).padStart(3)} conn  ${name.padEnd(8)} ${fmt(v.perSecond).padStart(7)} req/s  ${ratioText.padStart(6)} of bare  p50 ${fmt(v.p50, 1)} ms  p99 ${fmt(v.p99, 1)} ms  server ${fmt(v.cpuUsPerRequest)} µs CPU/req  peak RSS ${mib(v.peakRss)}${target}`);
  }
}
console.log(`  audit entries appended ${fmt(result.audit.entriesAppended)} for ${fmt(result.audit.guardedSearchesAnswered)} guarded searches answered; server peak RSS ${mib(result.serverPeakRss)}`);

function databaseSection(r) {
  const m = r.machine;
  const lines = [
    `### ${r.db === 'sqlite' ? 'SQLite' : `PostgreSQL ${(r.postgresVersion ?? '').replace(/^postgres \(PostgreSQL\) /, '')}`.trim()} — ${m.isoDate.slice(0, 10)}`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB, ${m.os}, Node.js ${m.node}, SQLite ${m.sqlite}, files on ${m.tmpDisk}; code ${m.commit}${m.workingTreeClean ? '' : ' with uncommitted changes in src'}; measured ${m.dateUtc}; load average (1/5/15 min) ${r.load.before.join(' / ')} before → ${r.load.after.join(' / ')} after (after includes the benchmark).`,
    '',
    `Data: demo hospital with ${fmt(r.demo.patients)} patients (${fmt(r.demo.records)} records); ${r.seed.patients.length} of dr.wang's ${r.seed.inpatients} inpatients with exactly ${PAGE} laboratory Observations each from ${r.seed.date} (+08:00), so every answer is the same full page of ${PAGE} entries. Partner: one API client of the referral hospital (ES384), one grant (CLIN_LAB_REPORT, channel external, purpose referral, identified, fields ${r.partner.fields.join(', ')}, the ${r.partner.consents} patients listed), one consent per patient. Each connection count: untimed warm-up, then bare, partner, staff, staff, partner, bare, ${r.duration} s each; rate = requests ÷ summed time of both repetitions, latency = mean of the two runs' percentiles.`,
    '',
    '| Connections | Variant | Requests/s (reps) | Ratio to bare | Latency p50 / p99 | Server CPU per request | Server peak RSS | Target | Met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of r.summary) {
    for (const name of ['bare', 'partner', 'staff']) {
      const v = s[name];
      const targeted = name === 'partner' && r.db === 'sqlite';
      const rate = name === 'partner' ? `**${fmt(v.perSecond)}**` : fmt(v.perSecond);
      lines.push(`| ${s.connections} | ${LABELS[name]} | ${rate} (${v.reps.map((x) => fmt(x)).join(' / ')}) | ${name === 'bare' ? '1.00×' : `${v.ratio.toFixed(2)}×`} | ${fmt(v.p50, 1)} / ${fmt(v.p99, 1)} ms | ${fmt(v.cpuUsPerRequest)} µs | ${mib(v.peakRss)} | ${targeted ? `≥ ${fmt(TARGET)}/s` : '–'} | ${targeted ? (v.perSecond >= TARGET ? 'yes' : '**no**') : '–'} |`);
    }
  }
  lines.push('', `Audit: ${fmt(r.audit.entriesAppended)} entries appended for ${fmt(r.audit.guardedSearchesAnswered)} guarded searches answered (sign-ins and token requests are audited too). Server peak RSS over the whole run ${mib(r.serverPeakRss)}.`);
  return lines.join('\n');
}

function block(byDb) {
  return [
    '## FHIR search (issue 8)',
    '',
    'Produced by `npm run bench:fhir` (`node bench/fhir-search.mjs`; flags at the top of that file). Re-running replaces the section of the database it ran on. ' +
      `Target (issue 8): FHIR search \`Observation?patient=…&date=ge…\` returning ${PAGE} entries at ≥ ${fmt(TARGET)} requests/s on SQLite, with the bare-query baseline in the same run.`,
    '',
    'Variants, all over HTTP to one server process (the load generator is a separate process): **bare** — the access store\'s page select for the same query (same columns, order and limit, no scope predicate), payloads decrypted, a searchset Bundle, on a second Fastify instance without authentication, audit or access decision; **partner** — the referral hospital\'s system with a SMART Backend Services token (fresh before each run), purpose referral: token lookup, scope check, grant and consent compiled into the SQL, projection to the granted fields, security labels, a durable audit entry per search; **staff** — the same search by dr.wang on the patients\' care team, purpose treatment, whole records.',
    ...['sqlite', 'postgres'].filter((db) => byDb[db]).map((db) => `\n${databaseSection(byDb[db])}`),
    '',
    `<!-- fhir-search-data ${JSON.stringify(byDb)} -->`,
  ].join('\n');
}

if (write) {
  // The other database's figures stay as the previous run left them.
  const previous = /<!-- fhir-search-data (.*?) -->/s.exec(readResultsBlock(RESULTS, BLOCK) ?? '');
  const byDb = previous ? JSON.parse(previous[1]) : {};
  const { runs, check, ...kept } = result;
  byDb[kind] = kept;
  writeResultsBlock(RESULTS, BLOCK, block(byDb));
  console.log(`\nRecorded in ${path.relative(process.cwd(), RESULTS) || RESULTS} (block <!-- ${BLOCK} -->).`);
} else {
  console.log('\nNot recorded (quick or --no-write run).');
}
emitResult(flags, result);
