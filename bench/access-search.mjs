#!/usr/bin/env node
// Scoped search over a million records: `AccessService.search` (the decision compiled into SQL,
// one page of 50 loaded, decrypted, presented, plus the total) for department- and care-team-
// scoped queries, against hand-written SQL for the same rows in the same run. Target: p95 ≤ 20 ms.
//
//   node --expose-gc bench/access-search.mjs [--db sqlite|postgres] [--size 1000000]
//        [--patients 1000] [--queries 200] [--http-queries 100] [--full-analyze] [--out result.json | --json]
//
// Building the data (this process): the demo hospital with `patients` patients is loaded through
// the real ingest path; then its patient records are cloned, as plain INSERTs straight into the
// `records` table, until the table holds `size` rows. Copy k of a record belongs to synthetic
// patient `<patient>-s<k>` and is dated k × 13 days earlier, so catalog codes, departments, levels
// and the records-per-patient mix are the demo's (which follows the catalog) while patients and
// dates spread out. Every copy carries a real envelope: the original resource with its ids
// rewritten, encrypted under the records key with the copy's own AAD (an envelope copied
// unchanged from another row would not decrypt: the AAD binds it to its row). Care teams are not
// cloned: a clinician's patients stay a ward's worth however large the archive grows.
//
// Measuring (a fresh child process, so the loader's heap is not counted): the platform is opened
// on that database as the server opens it; the scenarios run round-robin, each followed by its
// baseline, `queries` times after a warm-up. The process's RSS is sampled throughout. The SQL
// that searchScoped sends is captured once per scenario (a second Kysely instance with a query
// log, same file/database), and its page and count queries are timed on their own and EXPLAINed.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServerBuilt, ROOT } from './lib/build.mjs';

ensureServerBuilt();
const { prepareDemo, openPlatform, rssSampler, signInInject, parseFlags, numberList, emitResult, summarise, collectGarbage, importDist: importServer, percentile } = await import('./access-lib.mjs');

const flags = parseFlags();
const kind = typeof flags.db === 'string' ? flags.db : 'sqlite';
const log = (line) => console.error(`[search ${kind}] ${line}`);
const require = createRequire(path.join(ROOT, 'package.json'));

const COLUMNS = ['id', 'resource_type', 'catalog_code', 'patient_id', 'department_code', 'encounter_id', 'effective_at', 'code', 'category', 'status', 'level', 'source_key', 'payload', 'encrypted', 'version_id', 'last_updated', 'created_at'];
const INTEGER_COLUMNS = new Set(['level', 'encrypted', 'version_id']);
const DAY = 86_400_000;

if (flags.measure) await measure();
else await build();

// ---------------------------------------------------------------------------------------------
async function build() {
  const { benchPostgres } = await import('./lib/postgres.mjs');
  const [size] = numberList(flags.size, [1_000_000]);
  const [patients] = numberList(flags.patients, [1000]);
  const result = { benchmark: 'access-search', db: kind, size, patients };
  const parent = mkdtempSync(path.join(tmpdir(), 'yixiang-bench-search-'));
  let postgres = null;
  try {
    postgres = await benchPostgres(kind, result);
    const prepared = await prepareDemo({ databaseUrl: postgres.url, demoPatients: patients, parentDir: parent, log });
    result.demo = prepared.demo;
    result.data = await cloneRecords(prepared.config, size);
    await collectGarbage();

    // Measure in a clean process.
    const child = fork(fileURLToPath(import.meta.url), ['--measure', ...process.argv.slice(2).filter((a) => a !== '--json')], {
      execArgv: ['--expose-gc'],
      env: { ...process.env, ACCESS_BENCH_CONFIG: JSON.stringify(prepared.config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const measured = await new Promise((resolve, reject) => {
      let answer = null;
      child.on('message', (message) => (answer = message));
      child.once('exit', (code) => (code === 0 && answer ? resolve(answer) : reject(new Error(`measuring process failed (exit ${code})`))));
    });
    Object.assign(result, measured);
  } finally {
    await postgres?.release();
    rmSync(parent, { recursive: true, force: true });
  }
  emitResult(flags, result);
}

/** Clones the demo's patient records until the table holds `size` rows. */
async function cloneRecords(config, size) {
  const { recordAad, RECORDS_KEY_PURPOSE } = await importServer('records/protect.js');
  const { revealPayload } = await importServer('records/index.js');
  const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000 });
  const started = Date.now();
  try {
    const db = platform.database.db;
    const keyring = platform.keyring;
    const existing = Number((await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const sources = await db.selectFrom('records').selectAll().where('patient_id', 'is not', null).orderBy('resource_type').orderBy('id').execute();
    for (const row of sources) row.json = JSON.stringify(await revealPayload(keyring, row));
    const needed = Math.max(0, size - existing);
    log(`cloning ${sources.length} patient records into ${needed.toLocaleString('en-US')} more rows (to ${size.toLocaleString('en-US')})…`);
    const sink = kind === 'sqlite' ? sqliteSink(config) : await postgresSink(config);
    let written = 0;
    let encryptMs = 0;
    let batch = [];
    for (let k = 1; written < needed; k++) {
      for (const row of sources) {
        if (written >= needed) break;
        const id = `${row.id}-s${k}`;
        const patientId = `${row.patient_id}-s${k}`;
        let json = row.json.replaceAll(row.id, id);
        if (row.patient_id !== row.id) json = json.replaceAll(row.patient_id, patientId);
        const t = process.hrtime.bigint();
        const payload = row.encrypted ? (await keyring.encrypt(RECORDS_KEY_PURPOSE, json, recordAad(row.resource_type, id))).toString('base64') : json;
        encryptMs += Number(process.hrtime.bigint() - t) / 1e6;
        batch.push({
          ...row,
          id,
          patient_id: patientId,
          encounter_id: row.encounter_id ? `${row.encounter_id}-s${k}` : null,
          effective_at: row.effective_at ? new Date(Date.parse(row.effective_at) - k * 13 * DAY).toISOString() : null,
          source_key: `${row.source_key}.s${k}`,
          payload,
        });
        written++;
        if (batch.length === 2000) {
          await sink.write(batch);
          batch = [];
          if (written % 100_000 === 0) log(`  ${written.toLocaleString('en-US')} rows (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        }
      }
    }
    if (batch.length) await sink.write(batch);
    await sink.close();
    const total = Number((await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const ms = Date.now() - started;
    log(`table holds ${total.toLocaleString('en-US')} rows; cloned in ${(ms / 1000).toFixed(0)} s (${(encryptMs / 1000).toFixed(0)} s of it encrypting)`);
    return { rows: total, cloned: written, sourceRecords: sources.length, copies: Math.ceil(written / sources.length), ms, encryptMs };
  } finally {
    await platform.close();
  }
}

function sqliteSink(config) {
  const Database = require('better-sqlite3');
  const connection = new Database(path.join(config.dataDir, 'yixiang.sqlite'));
  // Loading only: this connection does not wait for flushes; the server's connection does.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = OFF');
  const insert = connection.prepare(`INSERT INTO records (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const many = connection.transaction((rows) => {
    for (const row of rows) insert.run(COLUMNS.map((c) => row[c]));
  });
  return {
    async write(rows) {
      many(rows);
    },
    async close() {
      connection.pragma('wal_checkpoint(TRUNCATE)');
      connection.close();
    },
  };
}

async function postgresSink(config) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  const casts = COLUMNS.map((c, i) => `$${i + 1}::${INTEGER_COLUMNS.has(c) ? 'integer' : 'text'}[]`);
  const text = `INSERT INTO records (${COLUMNS.join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`;
  return {
    async write(rows) {
      await client.query(text, COLUMNS.map((c) => rows.map((row) => row[c])));
    },
    async close() {
      // The planner needs statistics for a table that grew 30-fold; autovacuum would gather them
      // within a minute or so, this makes it deterministic.
      await client.query('ANALYZE');
      await client.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
async function measure() {
  const config = JSON.parse(process.env.ACCESS_BENCH_CONFIG);
  const [queries] = numberList(flags.queries, [200]);
  const [httpQueries] = numberList(flags['http-queries'], [100]);
  const [budgetSeconds] = numberList(flags['budget-seconds'], [40]);
  const [minQueries] = numberList(flags['min-queries'], [20]);
  const memory = rssSampler(50);
  const { revealPayload } = await importServer('records/index.js');
  const store = await importServer('access/store.js');
  const { TOTAL_COUNT_LIMIT } = store;
  const { Kysely, SqliteDialect, PostgresDialect, sql } = await import('kysely');
  // Opening runs pending migrations and refreshes planner statistics when they are stale (SQLite:
  // the table grew 30-fold since the demo import analysed it), as `yixiang serve` would.
  const openStarted = Date.now();
  const platform = await openPlatform(config, undefined, { loginRateLimit: 10_000 });
  const openMs = Date.now() - openStarted;
  const { app, access, org, keyring } = platform;
  const db = platform.database.db;
  const result = { queries, httpQueries, openMs, countLimit: TOTAL_COUNT_LIMIT };
  try {
    const now = new Date();
    const sessions = {};
    const principals = {};
    for (const username of ['dr.li', 'lab.sun', 'dr.wang']) {
      sessions[username] = await signInInject(app, username);
      principals[username] = await org.auth.authenticate(sessions[username].token, 'bearer');
    }
    const endedAfter = new Date(now.getTime() - (await platform.policy.get('access.careTeam')).afterDischargeHours * 3_600_000).toISOString();
    const careTeamPatients = db
      .selectFrom('care_team_members as ctm')
      .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
      .select('ctm.patient_id')
      .where('sp.staff_key', '=', 'dr.wang')
      .where((eb) => eb.or([eb('ctm.period_end', 'is', null), eb('ctm.period_end', '>=', endedAfter)]))
      .where((eb) => eb.or([eb('ctm.period_start', 'is', null), eb('ctm.period_start', '<=', now.toISOString())]));
    // A patient of dr.wang's open admissions with the most lab records: the "this patient's results" view.
    const anchor = await db
      .selectFrom('records')
      .select(['patient_id', (eb) => eb.fn.countAll().as('n')])
      .where('catalog_code', '=', 'CLIN_LAB_REPORT')
      .where('patient_id', 'in', careTeamPatients)
      .groupBy('patient_id')
      .orderBy('n', 'desc')
      .orderBy('patient_id')
      .executeTakeFirst();
    if (!anchor) throw new Error('no lab records for any patient on dr.wang\'s care team');

    // Baselines: the same rows through hand-written SQL on the same connection — plain predicates,
    // the same order, the same bounded count (the search API counts up to TOTAL_COUNT_LIMIT and says
    // when its total is a lower bound) — then the page decrypted. No decision, no CASE for the basis.
    const base = (catalog) => db.selectFrom('records').where('catalog_code', '=', catalog);
    const team = (q) => q.where('patient_id', 'in', careTeamPatients);
    const SCENARIOS = [
      {
        name: 'department',
        description: 'dr.li (外科), CLIN_PROCEDURE (no owning department: each department sees the rows it produced), purpose quality-control — rule 1 only',
        user: 'dr.li',
        purpose: 'quality-control',
        catalog: 'CLIN_PROCEDURE',
        query: {},
        bases: ['department'],
        baseline: () => base('CLIN_PROCEDURE').where('department_code', '=', 'WK'),
      },
      {
        name: 'care-team',
        description: 'dr.wang (内科), CLIN_LAB_REPORT (owned by 检验科), purpose treatment — rule 2 only: lab reports of the patients on his care teams',
        user: 'dr.wang',
        purpose: 'treatment',
        catalog: 'CLIN_LAB_REPORT',
        query: {},
        bases: ['care-team'],
        baseline: () => team(base('CLIN_LAB_REPORT')),
      },
      {
        name: 'department-owned',
        description: 'lab.sun (检验科, owner of CLIN_LAB_REPORT), purpose quality-control — rule 1 over the whole resource',
        user: 'lab.sun',
        purpose: 'quality-control',
        catalog: 'CLIN_LAB_REPORT',
        query: {},
        bases: ['department'],
        baseline: () => base('CLIN_LAB_REPORT').where('level', '<=', 4),
      },
      {
        name: 'department-or-care-team',
        description: 'dr.li (外科), CLIN_PROCEDURE, purpose treatment — rule 1 OR rule 2, the usual clinician search',
        user: 'dr.li',
        purpose: 'treatment',
        catalog: 'CLIN_PROCEDURE',
        query: {},
        bases: ['department', 'care-team'],
        baseline: () =>
          base('CLIN_PROCEDURE').where((eb) =>
            eb.or([
              eb('department_code', '=', 'WK'),
              eb(
                'patient_id',
                'in',
                eb
                  .selectFrom('care_team_members as ctm')
                  .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
                  .select('ctm.patient_id')
                  .where('sp.staff_key', '=', 'dr.li')
                  .where((e) => e.or([e('ctm.period_end', 'is', null), e('ctm.period_end', '>=', endedAfter)]))
                  .where((e) => e.or([e('ctm.period_start', 'is', null), e('ctm.period_start', '<=', now.toISOString())])),
              ),
            ]),
          ),
      },
      {
        name: 'care-team-one-patient',
        description: 'dr.wang, CLIN_LAB_REPORT of one patient on his open admission (the patient-view query), purpose treatment',
        user: 'dr.wang',
        purpose: 'treatment',
        catalog: 'CLIN_LAB_REPORT',
        query: { patientId: anchor.patient_id },
        bases: ['care-team'],
        baseline: () => team(base('CLIN_LAB_REPORT')).where('patient_id', '=', anchor.patient_id),
      },
    ];

    const contextOf = (s) => ({ principal: principals[s.user], purpose: s.purpose, channel: 'api' });
    const runAccess = (s) => access.search(contextOf(s), { catalogCodes: [s.catalog], query: s.query }, 50);
    const runBaseline = async (s) => {
      const rows = await s.baseline().selectAll().orderBy(sql`coalesce(effective_at, '')`, 'desc').orderBy('resource_type').orderBy('id').limit(51).execute();
      const { n } = await db.selectFrom(s.baseline().select(sql`1`.as('one')).limit(TOTAL_COUNT_LIMIT + 1).as('visible')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const items = await Promise.all(rows.slice(0, 50).map((row) => revealPayload(keyring, row)));
      return { items, ids: rows.slice(0, 50).map((row) => `${row.resource_type}/${row.id}`), total: Math.min(Number(n), TOTAL_COUNT_LIMIT), totalExact: Number(n) <= TOTAL_COUNT_LIMIT };
    };

    // Correctness first: the scope is what the scenario says; the access search and the baseline
    // agree on the (bounded) total and on the first page, row for row; the exact number of visible
    // rows is counted once, untimed, for the report.
    result.scenarios = [];
    for (const s of SCENARIOS) {
      const [scope] = await access.scopesFor(contextOf(s), [s.catalog]);
      const bases = scope.clauses.map((c) => c.basis);
      if (JSON.stringify(bases) !== JSON.stringify(s.bases)) throw new Error(`${s.name}: clauses ${bases.join(', ')}, expected ${s.bases.join(', ')}`);
      const page = await runAccess(s);
      const plain = await runBaseline(s);
      const visibleRows = Number((await s.baseline().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      if (page.total !== plain.total || page.totalExact !== plain.totalExact) throw new Error(`${s.name}: access search counts ${page.total} (exact: ${page.totalExact}), baseline ${plain.total} (exact: ${plain.totalExact})`);
      if (page.total !== Math.min(visibleRows, TOTAL_COUNT_LIMIT) || page.totalExact !== visibleRows <= TOTAL_COUNT_LIMIT) throw new Error(`${s.name}: total ${page.total} for ${visibleRows} visible rows`);
      const pageIds = page.items.map((item) => `${item.resource.resourceType}/${item.resource.id}`);
      if (JSON.stringify(pageIds) !== JSON.stringify(plain.ids)) throw new Error(`${s.name}: the first page differs from the baseline's`);
      if (page.items.length !== Math.min(50, visibleRows)) throw new Error(`${s.name}: page of ${page.items.length} for ${visibleRows} rows`);
      log(`${s.name}: ${visibleRows.toLocaleString('en-US')} rows visible (total reported: ${page.total}${page.totalExact ? '' : ', a lower bound'}); page of ${page.items.length}`);
      result.scenarios.push({ name: s.name, description: s.description, clauses: bases, visibleRows, reportedTotal: page.total, totalExact: page.totalExact, pageRows: page.items.length });
    }

    // The SQL searchScoped sends, captured through a logging Kysely on the same database.
    const captured = [];
    const Database = require('better-sqlite3');
    const pg = require('pg');
    const sqliteFile = kind === 'sqlite' ? path.join(config.dataDir, 'yixiang.sqlite') : null;
    const raw = kind === 'sqlite' ? new Database(sqliteFile, { readonly: true }) : new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    const logging = new Kysely({
      dialect: kind === 'sqlite' ? new SqliteDialect({ database: new Database(sqliteFile, { readonly: true }) }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl, max: 1 }) }),
      log: (event) => captured.push({ sql: event.query.sql, parameters: event.query.parameters }),
    });
    const rawQuery = async (text, parameters) => (kind === 'sqlite' ? raw.prepare(text).all(...parameters) : (await raw.query(text, parameters)).rows);
    const explain = async (text, parameters) => {
      if (kind === 'sqlite') return raw.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...parameters).map((r) => `${'  '.repeat(Math.max(0, r.parent ? 1 : 0))}${r.detail}`);
      return (await raw.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, parameters)).rows.map((r) => r['QUERY PLAN']);
    };
    for (const [i, s] of SCENARIOS.entries()) {
      const scopes = await access.scopesFor(contextOf(s), [s.catalog]);
      captured.length = 0;
      await store.searchScoped(logging, scopes, s.query, { limit: 51 }, now.toISOString());
      // Up to three statements: the care team's patients (care-team clauses), the page, the count
      // (skipped when a first page holds every visible row).
      const statements = captured.map((q) => ({ sql: q.sql, parameters: q.parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)) }));
      const careTeamSql = statements.find((q) => q.sql.includes('care_team_members') && !q.sql.includes('access_basis')) ?? null;
      const pageSql = statements.find((q) => q.sql.includes('access_basis'));
      const countSql = statements.find((q) => /count\(\*\)/.test(q.sql)) ?? null;
      const time = async (q) => {
        await rawQuery(q.sql, q.parameters);
        const samples = [];
        for (let r = 0; r < 5; r++) {
          const t = process.hrtime.bigint();
          await rawQuery(q.sql, q.parameters);
          samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        return summarise(samples).median;
      };
      result.scenarios[i].sql = {
        careTeamQueryMs: careTeamSql ? await time(careTeamSql) : null,
        pageQueryMs: await time(pageSql),
        countQueryMs: countSql ? await time(countSql) : null,
        pagePlan: await explain(pageSql.sql, pageSql.parameters),
        countPlan: countSql ? await explain(countSql.sql, countSql.parameters) : null,
        pageSql: pageSql.sql,
      };
    }
    await logging.destroy();
    if (kind === 'sqlite') raw.close();
    else await raw.end();

    // Timed: round-robin over scenarios, access search then its baseline. A scenario whose queries
    // take seconds (a scope that sorts a quarter of the table) stops after its time budget once it
    // has `minQueries` samples, so one slow scope cannot stretch the run to an hour.
    await collectGarbage();
    memory.mark();
    const warm = Math.min(3, queries);
    for (let r = 0; r < warm; r++) for (const s of SCENARIOS) await runAccess(s), await runBaseline(s);
    const samples = SCENARIOS.map(() => ({ access: [], baseline: [], spentMs: 0 }));
    log(`up to ${queries} queries per scenario (budget ${budgetSeconds} s each, at least ${minQueries})…`);
    for (let r = 0; r < queries; r++) {
      for (const [i, s] of SCENARIOS.entries()) {
        const mine = samples[i];
        if (mine.access.length >= minQueries && mine.spentMs > budgetSeconds * 1000) continue;
        let t = process.hrtime.bigint();
        await runAccess(s);
        const a = Number(process.hrtime.bigint() - t) / 1e6;
        t = process.hrtime.bigint();
        await runBaseline(s);
        const b = Number(process.hrtime.bigint() - t) / 1e6;
        mine.access.push(a);
        mine.baseline.push(b);
        mine.spentMs += a + b;
      }
    }
    const searchMark = memory.mark();
    for (const [i, s] of SCENARIOS.entries()) {
      const a = summarise(samples[i].access);
      const b = summarise(samples[i].baseline);
      Object.assign(result.scenarios[i], {
        queries: a.count,
        access: { median: a.median, p95: percentileOf(samples[i].access, 95), p99: a.p99, max: a.max, mean: a.mean },
        baseline: { median: b.median, p95: percentileOf(samples[i].baseline, 95), p99: b.p99, max: b.max, mean: b.mean },
      });
      const x = result.scenarios[i];
      log(`${s.name.padEnd(24)} access p50 ${x.access.median.toFixed(2)} / p95 ${x.access.p95.toFixed(2)} / p99 ${x.access.p99.toFixed(2)} ms; baseline p50 ${x.baseline.median.toFixed(2)} / p95 ${x.baseline.p95.toFixed(2)} ms; SQL page ${x.sql.pageQueryMs.toFixed(2)} ms + count ${x.sql.countQueryMs?.toFixed(2) ?? '–'} ms`);
    }

    // The HTTP search endpoint (app.inject: full Fastify pipeline, authentication, purpose check,
    // access, serialisation and the durable audit entry, without a socket), for the two headline scopes.
    result.http = [];
    for (const name of ['department', 'care-team']) {
      const s = SCENARIOS.find((x) => x.name === name);
      const url = `/api/v1/records?catalog=${s.catalog}&limit=50`;
      const headers = { authorization: `Bearer ${sessions[s.user].token}`, 'x-purpose-of-use': s.purpose };
      for (let w = 0; w < Math.min(3, httpQueries); w++) await app.inject({ method: 'GET', url, headers });
      const times = [];
      let spent = 0;
      for (let r = 0; r < httpQueries; r++) {
        if (times.length >= minQueries && spent > budgetSeconds * 1000) break;
        const t = process.hrtime.bigint();
        const response = await app.inject({ method: 'GET', url, headers });
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        spent += times.at(-1);
        if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
      }
      const h = summarise(times);
      result.http.push({ name, url, queries: times.length, median: h.median, p95: percentileOf(times, 95), p99: h.p99 });
      log(`HTTP ${name.padEnd(12)} p50 ${h.median.toFixed(2)} / p95 ${percentileOf(times, 95).toFixed(2)} ms`);
    }
    const httpMark = memory.mark();

    // Diagnostic, SQLite only, with --full-analyze: the application refreshes statistics by sampling
    // (PRAGMA optimize, or ANALYZE under an analysis limit); the same searches once more after a full
    // ANALYZE show whether exact statistics would change any plan.
    if (kind === 'sqlite' && flags['full-analyze']) {
      const writer = new Database(sqliteFile);
      const t = process.hrtime.bigint();
      writer.exec('ANALYZE');
      writer.close();
      const analyzeMs = Number(process.hrtime.bigint() - t) / 1e6;
      const probe = new Database(sqliteFile, { readonly: true });
      result.afterAnalyze = { analyzeMs, scenarios: [] };
      for (const [i, s] of SCENARIOS.entries()) {
        const scopes = await access.scopesFor(contextOf(s), [s.catalog]);
        const logging2 = new Kysely({ dialect: new SqliteDialect({ database: new Database(sqliteFile, { readonly: true }) }), log: (event) => captured.push({ sql: event.query.sql, parameters: event.query.parameters }) });
        captured.length = 0;
        await store.searchScoped(logging2, scopes, s.query, { limit: 51 }, now.toISOString());
        await logging2.destroy();
        const pageQuery = captured.find((q) => q.sql.includes('access_basis'));
        const pagePlan = probe.prepare(`EXPLAIN QUERY PLAN ${pageQuery.sql}`).all(...pageQuery.parameters).map((r) => r.detail);
        await runAccess(s);
        const times = [];
        let spent = 0;
        for (let r = 0; r < minQueries && spent < budgetSeconds * 500; r++) {
          const t0 = process.hrtime.bigint();
          await runAccess(s);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
          spent += times.at(-1);
        }
        result.afterAnalyze.scenarios.push({ name: s.name, queries: times.length, median: summarise(times).median, p95: percentileOf(times, 95), pagePlan });
        log(`after ANALYZE ${s.name.padEnd(24)} p50 ${summarise(times).median.toFixed(2)} / p95 ${percentileOf(times, 95).toFixed(2)} ms (was ${result.scenarios[i].access.median.toFixed(2)} / ${result.scenarios[i].access.p95.toFixed(2)})`);
      }
      probe.close();
    }
    result.rss = { peak: memory.overallPeak(), search: searchMark.peakRss, http: httpMark.peakRss };
    log(`peak RSS ${(result.rss.peak / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    memory.stop();
    await platform.close();
  }
  process.send(result, () => process.exit(0));
  void sql;
}

function percentileOf(values, p) {
  return percentile([...values].sort((a, b) => a - b), p);
}
