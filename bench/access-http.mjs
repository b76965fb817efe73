#!/usr/bin/env node
// Single-record reads over HTTP: an authorised, audited, masked read through the platform against
// a bare read of the same rows by the same server process, measured alternately in the same run.
//
//   node --expose-gc bench/access-http.mjs [--db sqlite|postgres] [--patients 1000]
//        [--duration 10] [--warmup 3] [--connections 16,64] [--profile-seconds 15]
//        [--breakdown-iterations 1000] [--out result.json | --json]
//
// This process is the load generator (autocannon) and nothing else while it measures; the server
// is a separate Node process (bench/access-server.mjs, started with --expose-gc) so the generator
// and the server do not share an event loop. Sequence per connection count, each run `duration`
// seconds after an untimed warm-up: bare, grant, department, care-team, care-team, department,
// grant, bare — every variant twice, placed symmetrically so drift in the machine's load hits them
// alike. The server's peak RSS and CPU time are taken for every run.
//
// Variants (all GET, same headers, 16 different rows cycled per connection):
//   bare        GET /bench/bare/Patient/{id} on the second Fastify instance in the server process:
//               select the row, decrypt, answer. No auth, audit or access decision.
//   grant       GET /api/v1/records/Patient/{id} as dr.li (外科, not on these patients' care teams)
//               under a grant made by infoadmin through POST /api/v1/grants: CLIN_PATIENT, four
//               fields, explicit patient list, purpose treatment, channel api, profile `identified`
//               — so the answer is projected to the granted fields and identifiers are masked.
//   department  the same rows as staff.medical (医务部, which owns CLIN_PATIENT): rule 1, whole record.
//   care-team   Patient rows of dr.wang's open admissions, read by dr.wang: rule 2, whole record.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureServerBuilt } from './lib/build.mjs';

ensureServerBuilt();
const { prepareDemo, signInHttp, summariseCpuProfile, newestFile, parseFlags, numberList, emitResult, collectGarbage, startAccessServer, drainServer, measureHttp } = await import('./access-lib.mjs');
const { benchPostgres } = await import('./lib/postgres.mjs');

const flags = parseFlags();
const kind = typeof flags.db === 'string' ? flags.db : 'sqlite';
const [patients] = numberList(flags.patients, [1000]);
const [duration] = numberList(flags.duration, [10]);
const [warmup] = numberList(flags.warmup, [3]);
const connectionCounts = numberList(flags.connections, [16, 64]);
const [profileSeconds] = flags['profile-seconds'] === '0' ? [0] : numberList(flags['profile-seconds'], [15]);
const [breakdownIterations] = numberList(flags['breakdown-iterations'], [1000]);
const log = (line) => console.error(`[http ${kind}] ${line}`);

function mainThreadProfile(dir) {
  const main = readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)).sort();
  return main.length ? path.join(dir, main.at(-1)) : null;
}

async function getJson(url, headers) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const result = { benchmark: 'access-http', db: kind, patients, duration, warmup, connections: connectionCounts };
const parent = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-http-'));
let postgres = null;
try {
  postgres = await benchPostgres(kind, result);
  const prepared = await prepareDemo({ databaseUrl: postgres.url, demoPatients: patients, parentDir: parent, log });
  result.demo = prepared.demo;
  await collectGarbage();

  let server = startAccessServer(prepared.config);
  let ready = await server.ready;
  log(`server pid ${ready.pid} on :${ready.port}, bare route on :${ready.barePort}; RSS ${(ready.rss / 2 ** 20).toFixed(0)} MiB after start`);
  result.serverStartRss = ready.rss;
  const api = `http://127.0.0.1:${ready.port}`;
  let bareBase = `http://127.0.0.1:${ready.barePort}`;

  const targets = await server.call('targets', { listed: 200, reads: 16 });
  if (targets.reads.length < 4 || targets.careTeamReads.length < 1) throw new Error(`too few target patients (${targets.reads.length} granted, ${targets.careTeamReads.length} on dr.wang's open admissions)`);
  const sessions = {};
  for (const username of ['infoadmin', 'dr.li', 'staff.medical', 'dr.wang']) sessions[username] = await signInHttp(api, username);

  // The grant, made the way an information administrator makes one.
  const fields = ['gender', 'birthDate', 'maritalStatus', 'emergencyContactRelationship'];
  const grantResponse = await fetch(`${api}/api/v1/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sessions.infoadmin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      grantee: { kind: 'user', id: sessions['dr.li'].userId },
      catalogCode: 'CLIN_PATIENT',
      fields,
      patientScope: { kind: 'patients', patientIds: targets.grantPatients },
      purpose: 'treatment',
      channel: 'api',
      validTo: new Date(Date.now() + 86_400_000).toISOString(),
      maskingProfile: 'identified',
      reason: 'access benchmark: consultation on referred patients',
    }),
  });
  const grant = await grantResponse.json();
  if (grantResponse.status !== 201) throw new Error(`grant creation failed: ${grantResponse.status} ${JSON.stringify(grant)}`);
  result.grant = { id: grant.id, fields, listedPatients: targets.grantPatients.length, maskingProfile: 'identified' };
  log(`grant ${grant.id}: dr.li, CLIN_PATIENT, ${fields.length} fields, ${targets.grantPatients.length} listed patients`);

  const headersFor = (username, purpose = 'treatment') => ({ authorization: `Bearer ${sessions[username].token}`, 'x-purpose-of-use': purpose });
  const variants = {
    bare: { base: () => bareBase, prefix: '/bench/bare/Patient/', ids: targets.reads, headers: headersFor('dr.li'), expect: null },
    grant: { base: () => api, prefix: '/api/v1/records/Patient/', ids: targets.reads, headers: headersFor('dr.li'), expect: `grant:${grant.id}` },
    department: { base: () => api, prefix: '/api/v1/records/Patient/', ids: targets.reads, headers: headersFor('staff.medical'), expect: 'department' },
    careTeam: { base: () => api, prefix: '/api/v1/records/Patient/', ids: targets.careTeamReads, headers: headersFor('dr.wang'), expect: 'care-team' },
  };

  // Every variant answers what it should before anything is timed.
  const check = {};
  for (const [name, variant] of Object.entries(variants)) {
    let masked = 0;
    let bytes = 0;
    for (const id of variant.ids) {
      const { status, headers, body } = await getJson(`${variant.base()}${variant.prefix}${id}`, variant.headers);
      if (status !== 200) throw new Error(`${name} read of Patient/${id} answered ${status}: ${JSON.stringify(body)}`);
      bytes += JSON.stringify(body).length;
      if (variant.expect === null) {
        if (body.id !== id || body.resourceType !== 'Patient') throw new Error(`bare read of ${id} returned something else`);
        continue;
      }
      if (headers.get('x-access-basis') !== variant.expect) throw new Error(`${name} read of ${id}: X-Access-Basis ${headers.get('x-access-basis')}, expected ${variant.expect}`);
      if (name === 'grant') {
        const leaked = Object.keys(body.resource).filter((key) => ['telecom', 'address'].includes(key) && JSON.stringify(body.resource[key]).match(/\d{11}/));
        if (body.masked.length === 0 || leaked.length) throw new Error(`grant read of ${id} is not masked as expected (basis ${headers.get('x-access-basis')}): ${JSON.stringify(body).slice(0, 4000)}`);
        masked += body.masked.length;
      }
    }
    check[name] = { rows: variant.ids.length, meanResponseBytes: Math.round(bytes / variant.ids.length), maskedFieldsPerRead: masked / variant.ids.length };
  }
  result.check = check;
  const sample = await getJson(`${api}/api/v1/records/Patient/${targets.reads[0]}`, variants.grant.headers);
  result.sampleGrantRead = { basis: sample.body.basis, masked: sample.body.masked, omitted: sample.body.omitted, resourceKeys: Object.keys(sample.body.resource) };
  log(`checked: grant reads masked ${check.grant.maskedFieldsPerRead} fields each (${sample.body.masked.map((m) => `${m.field}:${m.strategy}`).join(', ')})`);

  const drain = () => drainServer(server);
  const load = (name, connections, seconds) => {
    const variant = variants[name];
    const requests = variant.ids.map((id) => ({ method: 'GET', path: `${variant.prefix}${id}` }));
    return measureHttp(server, { name, url: variant.base(), connections, seconds, headers: variant.headers, requests });
  };

  const ORDER = ['bare', 'grant', 'department', 'careTeam', 'careTeam', 'department', 'grant', 'bare'];
  result.runs = [];
  const auditBefore = (await server.call('auditCount')).count;
  let guardedRequests = 0;
  for (const connections of connectionCounts) {
    log(`${connections} connections: warm-up…`);
    for (const name of ['bare', 'grant', 'department', 'careTeam']) await load(name, connections, warmup);
    for (const name of ORDER) {
      const run = await load(name, connections, duration);
      if (name !== 'bare') guardedRequests += run.requests;
      result.runs.push(run);
      const b = run.auditBatches;
      const batchText = b.count ? `  audit ${b.count} commits × median ${b.medianSize} entries, ${b.medianMs.toFixed(1)} ms each` : '';
      if (run.timeouts || run.errors) log(`${connections} conn ${name}: ${run.timeouts} requests timed out after 30 s, ${run.errors} errors`);
      log(`${connections} conn ${name.padEnd(10)} ${run.perSecond.toFixed(0).padStart(6)} req/s  p50 ${run.latencyMs.p50} ms  p99 ${run.latencyMs.p99} ms  server CPU ${(run.serverCpuShare * 100).toFixed(0)}% (${run.serverCpuUsPerRequest.toFixed(0)} µs/req)  generator CPU ${(run.driverCpuShare * 100).toFixed(0)}%  peak RSS ${(run.serverPeakRss / 2 ** 20).toFixed(0)} MiB${batchText}`);
    }
  }
  const auditAfter = (await server.call('auditCount')).count;
  result.audit = { entriesAppended: auditAfter - auditBefore, guardedRequestsCounted: guardedRequests };

  // Aggregate: both repetitions of a variant, per connection count.
  result.summary = connectionCounts.map((connections) => {
    const of = (name) => result.runs.filter((r) => r.connections === connections && r.variant === name);
    const agg = (name) => {
      const runs = of(name);
      const requests = runs.reduce((s, r) => s + r.requests, 0);
      const seconds = runs.reduce((s, r) => s + r.seconds, 0);
      const cpu = runs.reduce((s, r) => s + r.serverCpuUs, 0);
      return {
        perSecond: requests / seconds,
        reps: runs.map((r) => r.perSecond),
        p50: runs.reduce((s, r) => s + r.latencyMs.p50, 0) / runs.length,
        p99: runs.reduce((s, r) => s + r.latencyMs.p99, 0) / runs.length,
        cpuUsPerRequest: cpu / requests,
        serverCpuShare: runs.reduce((s, r) => s + r.serverCpuShare, 0) / runs.length,
        driverCpuShare: runs.reduce((s, r) => s + r.driverCpuShare, 0) / runs.length,
        peakRss: Math.max(...runs.map((r) => r.serverPeakRss)),
        timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
        auditCommits: runs.reduce((s, r) => s + (r.auditBatches.count ?? 0), 0),
        auditEntriesPerCommit: runs.reduce((s, r) => s + (r.auditBatches.entries ?? 0), 0) / Math.max(1, runs.reduce((s, r) => s + (r.auditBatches.count ?? 0), 0)),
        auditCommitMs: runs.reduce((s, r) => s + (r.auditBatches.medianMs ?? 0), 0) / runs.length,
        auditCommitShare: runs.reduce((s, r) => s + (r.auditBatches.totalMs ?? 0), 0) / (seconds * 1000),
      };
    };
    const bare = agg('bare');
    const out = { connections, bare };
    for (const name of ['grant', 'department', 'careTeam']) {
      const v = agg(name);
      out[name] = { ...v, ratio: v.perSecond / bare.perSecond, cpuRatio: bare.cpuUsPerRequest / v.cpuUsPerRequest };
    }
    return out;
  });

  await drain();
  log('in-process breakdown of one guarded read…');
  result.breakdown = await server.call('breakdown', { token: sessions['dr.li'].token, ids: targets.reads, grantId: grant.id, iterations: breakdownIterations, appends: Math.min(300, breakdownIterations) });
  const stopped = await server.stop();
  result.serverPeakRss = Math.max(stopped.overallPeakRss, ...result.runs.map((r) => r.serverPeakRss));

  if (profileSeconds > 0) {
    const profDir = path.join(parent, 'cpu-profile');
    server = startAccessServer(prepared.config, { cpuProfDir: profDir });
    ready = await server.ready;
    const base = `http://127.0.0.1:${ready.port}`;
    bareBase = `http://127.0.0.1:${ready.barePort}`;
    variants.grant.base = () => base;
    const connections = connectionCounts.at(-1);
    log(`CPU profile of the server under ${profileSeconds} s of grant reads at ${connections} connections…`);
    await load('grant', connections, Math.min(3, profileSeconds));
    const run = await load('grant', connections, profileSeconds);
    const stoppedProfiled = await server.stop();
    result.serverPeakRss = Math.max(result.serverPeakRss, stoppedProfiled.overallPeakRss);
    // --cpu-prof writes one file per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile); the
    // audit writer's thread has its own, so take the main thread's (thread 0).
    const file = mainThreadProfile(profDir) ?? newestFile(profDir, '.cpuprofile');
    if (!file) throw new Error('the profiled server wrote no .cpuprofile');
    result.profile = { connections, seconds: profileSeconds, requests: run.requests, perSecond: run.perSecond, cpuUsPerRequest: run.serverCpuUsPerRequest, serverCpuShare: run.serverCpuShare, auditBatches: run.auditBatches, ...summariseCpuProfile(file, { top: 15, fromUs: run.window.fromUs, toUs: run.window.toUs }) };
  }
} finally {
  await postgres?.release();
  rmSync(parent, { recursive: true, force: true });
}

emitResult(flags, result);
