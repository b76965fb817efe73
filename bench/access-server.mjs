#!/usr/bin/env node
// The server under test for bench/access-http.mjs and bench/fhir-search.mjs: the real platform
// (openPlatform, as `yixiang serve` opens it) listening on loopback, plus — in this process only —
// a second, minimal Fastify server on another port whose routes read the same rows through the
// same database handle and decrypt them with the same keyring, with no authentication, audit or
// access decision: one record by id, and a FHIR search page (patient, date, _count) as a Bundle. buildApp() calls app.ready() before it returns, so no route can be added to the
// platform's own instance afterwards; the second instance shares everything else (process, event
// loop, connection, keyring, data keys).
//
// Started by access-http.mjs with fork() (IPC), config in ACCESS_BENCH_CONFIG. Commands:
//   {cmd:'mark'}         peak RSS and CPU time since the previous mark
//   {cmd:'targets'}      records and users the driver reads
//   {cmd:'auditCount'}   audit entries so far
//   {cmd:'breakdown', …} times each step of one guarded read in-process
//   {cmd:'exit'}         close and exit (writes the CPU profile when started with --cpu-prof)
import { ensureServerBuilt } from './lib/build.mjs';

ensureServerBuilt();
const { rssSampler, openPlatform, summarise, importDist } = await import('./access-lib.mjs');
const { revealPayload } = await importDist('records/index.js');
const store = await importDist('access/store.js');
const { firstMatch } = await importDist('access/scope.js');
const { presentRecord } = await importDist('access/present.js');
const { parseSearch } = await importDist('fhir/search-params.js');
const { default: Fastify } = await import('fastify');
const { sql } = await import('kysely');

const config = JSON.parse(process.env.ACCESS_BENCH_CONFIG);
const memory = rssSampler(100);
const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000 });
const { app, database, keyring, access, auditLog, org, policy } = platform;
const db = database.db;

// Observe the audit log's group-commit batches (size and time in the transaction) without changing
// them: `commit` is private only to the TypeScript compiler and is called through `this`.
let batches = [];
let commitsTotal = 0;
const commit = auditLog.commit.bind(auditLog);
auditLog.commit = async (records) => {
  const started = process.hrtime.bigint();
  try {
    return await commit(records);
  } finally {
    batches.push([records.length, Number(process.hrtime.bigint() - started) / 1e6]);
    commitsTotal++;
  }
};
function batchSummary() {
  const taken = batches;
  batches = [];
  if (taken.length === 0) return { count: 0 };
  const sizes = taken.map((b) => b[0]).sort((a, b) => a - b);
  const ms = taken.map((b) => b[1]).sort((a, b) => a - b);
  const pick = (list, p) => list[Math.min(list.length - 1, Math.floor(p * list.length))];
  return { count: taken.length, entries: sizes.reduce((a, b) => a + b, 0), medianSize: pick(sizes, 0.5), maxSize: sizes.at(-1), medianMs: pick(ms, 0.5), p90Ms: pick(ms, 0.9), totalMs: ms.reduce((a, b) => a + b, 0) };
}

// The baseline: the same row by the same process, decrypted, and nothing else.
const bare = Fastify({ logger: false });
bare.get('/bench/bare/:type/:id', async (request, reply) => {
  const { type, id } = request.params;
  const row = await db.selectFrom('records').selectAll().where('resource_type', '=', type).where('id', '=', id).executeTakeFirst();
  if (!row) return reply.code(404).send({ code: 'not-found' });
  return revealPayload(keyring, row);
});

// The search baseline: the page the access store's search selects for `type?patient=…&date=…` —
// every column, newest first then type and id, `_count + 1` rows (the one over says whether a next
// page exists) — with no scope predicate, each payload decrypted, answered as a searchset Bundle.
bare.get('/bench/bare/fhir/R4/:type', async (request, reply) => {
  const { type } = request.params;
  const parsed = parseSearch(type, request.query, 200);
  let select = db.selectFrom('records').selectAll().where('resource_type', '=', type);
  if (parsed.patientId) select = select.where('patient_id', '=', parsed.patientId);
  if (parsed.from) select = select.where('effective_at', '>=', parsed.from);
  if (parsed.to) select = select.where('effective_at', '<', parsed.to);
  const rows = await select.orderBy(sql`coalesce(records.effective_at, '')`, 'desc').orderBy('resource_type').orderBy('id').limit(parsed.count + 1).execute();
  const page = rows.slice(0, parsed.count);
  const base = `${request.protocol}://${request.host}/bench/bare/fhir/R4`;
  const resources = await Promise.all(page.map((row) => revealPayload(keyring, row)));
  return reply.type('application/fhir+json').send({
    resourceType: 'Bundle',
    type: 'searchset',
    ...(rows.length <= parsed.count ? { total: rows.length } : {}),
    link: [{ relation: 'self', url: `${request.protocol}://${request.host}${request.url}` }],
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  });
});

await app.listen({ host: '127.0.0.1', port: 0 });
await bare.listen({ host: '127.0.0.1', port: 0 });
if (globalThis.gc) globalThis.gc();
memory.mark();

async function targets({ listed = 200, reads = 16 }) {
  const nowIso = new Date().toISOString();
  const users = Object.fromEntries((await db.selectFrom('users').select(['username', 'id']).execute()).map((u) => [u.username, u.id]));
  const teamOf = (staffKey) =>
    db
      .selectFrom('care_team_members as c')
      .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
      .select('c.patient_id')
      .distinct()
      .where('s.staff_key', '=', staffKey);
  // Grant patients: never on dr.li's care team, so the grant (not rule 2) is what opens them.
  const granted = await db
    .selectFrom('records')
    .select(['id', 'patient_id'])
    .where('resource_type', '=', 'Patient')
    .where('id', 'not in', teamOf('dr.li'))
    .orderBy('id')
    .limit(listed)
    .execute();
  const careTeam = await db
    .selectFrom('care_team_members as c')
    .innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id')
    .select('c.patient_id')
    .distinct()
    .where('s.staff_key', '=', 'dr.wang')
    .where('c.period_end', 'is', null)
    .where('c.period_start', '<=', nowIso)
    .orderBy('c.patient_id')
    .limit(reads)
    .execute();
  return {
    users,
    grantPatients: granted.map((r) => r.id),
    reads: granted.slice(0, reads).map((r) => r.id),
    careTeamReads: careTeam.map((r) => r.patient_id),
  };
}

const micros = (start) => Number(process.hrtime.bigint() - start) / 1000;

/** Each step of a guarded single read timed on its own, in this warm process, one call at a time. */
async function breakdown({ token, ids, grantId, iterations = 1000, appends = 300 }) {
  const type = 'Patient';
  const steps = [];
  const time = async (name, fn, n = iterations) => {
    for (let i = 0; i < Math.min(100, n); i++) await fn(ids[i % ids.length], i);
    const samples = [];
    for (let i = 0; i < n; i++) {
      const id = ids[i % ids.length];
      const t = process.hrtime.bigint();
      await fn(id, i);
      samples.push(micros(t));
    }
    const s = summarise(samples);
    steps.push({ name, median: s.median, p90: s.p90, p99: s.p99, mean: s.mean, count: s.count });
  };
  const principal = await org.auth.authenticate(token, 'bearer');
  if (!principal) throw new Error('breakdown: token does not authenticate');
  const context = { principal, purpose: 'treatment', channel: 'api' };
  const now = new Date();
  const who = { userId: principal.userId, departmentId: principal.departmentId, institutionId: null };
  const header = await store.recordRow(db, type, ids[0]);
  const [scope] = await access.scopesFor(context, [header.catalog_code]);
  const clauses = scope.clauses;
  const careTeam = clauses.find((c) => c.basis === 'care-team');
  const clause = await access.decide(header, clauses);
  // What the decision saw for this record: not on dr.li's care teams, listed by the grant.
  const facts = { patientId: header.patient_id, departmentCode: header.department_code, effectiveAt: header.effective_at, level: header.level, onCareTeam: false, listedIn: new Set([grantId]), diagnosedFor: new Set() };
  if (!clause || clause.basis !== `grant:${grantId}`) throw new Error(`breakdown: expected the grant to decide, got ${clause?.basis}`);
  const row = await store.recordRow(db, type, ids[0]);
  const resource = await revealPayload(keyring, row);
  const definition = await access.definition(row.catalog_code);
  const rules = await policy.get('access.masking');
  const presented = presentRecord(access.presenter, { resource, definition, clause, rules, catalogCode: row.catalog_code, patientId: row.patient_id });

  await time('Bare read (baseline): select the row + decrypt', async (id) => revealPayload(keyring, await store.recordRow(db, type, id)));
  await time('`AccessService.read` (whole decision + load + present)', (id) => access.read(context, type, id));
  await time('Authenticate the bearer token (principal cached for 1 s; session, user, roles: 3 queries on a miss)', () => org.auth.authenticate(token, 'bearer'));
  await time('Purpose check (`policy.get`, cached)', () => policy.get('access.purposes'));
  await time('`scopesFor` (candidate grants + emergencies + care-team setting + `compileScope`)', () => access.scopesFor(context, [header.catalog_code]));
  await time('  of which `candidateGrants` query', () => store.candidateGrants(db, who, [header.catalog_code]));
  await time('  of which `activeEmergencies` query', () => store.activeEmergencies(db, principal.userId, new Date().toISOString()));
  await time('`decide` (care team, grant patient list, diagnoses — each only when a clause reached needs it — and the first match)', async (id) => access.decide({ ...header, id, patient_id: id }, clauses));
  if (careTeam) await time('  of which `onCareTeam` query', (id) => store.onCareTeam(db, careTeam.staffKey, id, careTeam.endedAfter, now.toISOString()));
  await time('  of which `grantsListing` query', (id) => store.grantsListing(db, [grantId], id));
  await time('`firstMatch` (pure)', () => firstMatch(clauses, facts));
  await time('`recordRow` (select * of the row: plain columns for the decision, payload opened after it)', (id) => store.recordRow(db, type, id));
  await time('`revealPayload` (decrypt the envelope, parse JSON)', () => revealPayload(keyring, row));
  await time('Masking rules (`policy.get`, cached)', () => policy.get('access.masking'));
  await time('`presentRecord` (project to granted fields + mask)', () => presentRecord(access.presenter, { resource, definition, clause, rules, catalogCode: row.catalog_code, patientId: row.patient_id }));
  await time('JSON serialisation of the response', () => JSON.stringify(presented));
  await time(
    'Audit entry: `auditLog.append`, one at a time (durable commit each)',
    (id) =>
      auditLog.append({
        actor: { type: 'user', id: principal.userId, name: principal.username, roles: principal.roles, departmentId: principal.departmentId },
        action: 'read',
        objectType: 'record',
        objectId: `Patient/${id}`,
        patientId: id,
        purposeOfUse: 'treatment',
        grantId,
        accessBasis: `grant:${grantId}`,
        outcome: 'success',
        reason: null,
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
        requestId: `bench-${Math.random().toString(16).slice(2)}`,
        details: { catalog: 'CLIN_PATIENT', returned: 1, method: 'GET', route: '/api/v1/records/:type/:id', status: 200 },
      }),
    appends,
  );
  return { steps, masked: presented.masked.length, omitted: presented.omitted.length };
}

// The driver owns this process: if it goes away (even by crashing), so does the server.
process.on('disconnect', () => process.exit(exiting ? 0 : 1));
let exiting = false;

process.on('message', async (message) => {
  const reply = (body) => process.send({ id: message.id, ...body });
  try {
    switch (message.cmd) {
      case 'mark': {
        if (message.gc && globalThis.gc) globalThis.gc();
        reply({ ok: true, ...memory.mark(), batches: batchSummary(), monoUs: Number(process.hrtime.bigint() / 1000n) });
        break;
      }
      case 'activity':
        reply({ ok: true, commits: commitsTotal });
        break;
      case 'targets':
        reply({ ok: true, ...(await targets(message)) });
        break;
      case 'auditCount': {
        await auditLog.flush?.();
        const row = await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        reply({ ok: true, count: Number(row.n) });
        break;
      }
      case 'breakdown':
        reply({ ok: true, ...(await breakdown(message)) });
        break;
      case 'sql': {
        const result = await sql.raw(message.text).execute(db);
        reply({ ok: true, rows: result.rows });
        break;
      }
      case 'exit': {
        exiting = true;
        const peak = memory.overallPeak();
        memory.stop();
        await bare.close();
        await platform.close();
        reply({ ok: true, overallPeakRss: peak });
        process.disconnect();
        // Let the event loop drain so --cpu-prof can write its file.
        setTimeout(() => process.exit(0), 200).unref();
        break;
      }
      default:
        reply({ ok: false, error: `unknown command ${message.cmd}` });
    }
  } catch (error) {
    reply({ ok: false, error: error?.stack ?? String(error) });
  }
});

process.send({ ready: true, port: app.server.address().port, barePort: bare.server.address().port, pid: process.pid, rss: process.memoryUsage().rss });
