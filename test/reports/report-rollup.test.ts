import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/index.js';
import { ReportRollup } from '../../src/reports/index.js';
import { foldChunk, rolledTo } from '../../src/reports/rollup-store.js';
import { bearer, createTestApp, signIn, type TestApp } from '../support/app.js';
import { testClock, type TestClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const CATALOGS = ['CLIN_LAB_REPORT', 'CLIN_PATIENT', 'FIN_BILLING'];
const DEPARTMENTS = ['d-lab', 'd-nk', null];

/** Deterministic traffic of every kind the report counts, and some it must not. */
function traffic(n: number): AuditRecord {
  const actor = { type: 'user' as const, id: `u-${n % 5}`, name: `用户${n % 5}`, roles: ['staff'], departmentId: DEPARTMENTS[n % 3]! };
  const common = { actor, sourceIp: '10.0.0.9', requestId: `rq-${n}` };
  switch (n % 7) {
    case 0:
      return { ...common, action: 'read', objectType: 'record', objectId: `r-${n}`, patientId: `p-${n % 11}`, purposeOfUse: 'treatment', outcome: 'success', details: { catalog: CATALOGS[n % 3], route: '/api/v1/records/:catalog/:id' } };
    case 1:
      return { ...common, action: 'search', objectType: 'record', objectId: null, patientId: n % 2 ? `p-${n % 13}` : null, purposeOfUse: 'referral', outcome: 'success', details: { catalog: CATALOGS[n % 3], returned: n % 9, route: '/api/v1/records/:catalog' } };
    case 2:
      return { ...common, actor: { ...actor, type: 'api_client' }, action: 'search', objectType: 'record', objectId: null, patientId: `p-${n % 17}`, purposeOfUse: 'referral', outcome: 'success', details: { returned: 3, route: '/fhir/R4/Observation' } };
    case 3:
      return { ...common, action: 'export', objectType: 'export_package', objectId: `pkg-${n}`, purposeOfUse: 'research', outcome: 'success', details: { records: 40 + n } };
    case 4:
      return { ...common, action: 'read', objectType: 'record', objectId: `r-${n}`, purposeOfUse: 'treatment', outcome: 'denied', reason: 'not_found', details: { refused: n % 2 ? 'no access basis' : 'grant expired', catalog: CATALOGS[n % 3] } };
    case 5:
      return { ...common, actor: { type: 'anonymous', id: null, name: null, roles: [], departmentId: null }, action: 'login_failed', objectType: 'session', objectId: null, outcome: 'denied', reason: 'INVALID_CREDENTIALS', details: {} };
    default:
      return { ...common, action: 'read', objectType: 'catalog_resource', objectId: 'CLIN_PATIENT', outcome: 'success', details: {} };
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`quarterly report rollup (${dialect})`, () => {
    let platform: TestApp;
    let clock: TestClock;

    /** The parts of the report that come from the audit log. */
    async function auditFigures(quarter: string) {
      // Signed in afresh each time: the test clock jumps by days, past a session's lifetime.
      const response = await platform.app.inject({ url: `/api/v1/reports/quarterly/${quarter}`, headers: bearer(await signIn(platform.app, 'infoadmin')) });
      expect(response.statusCode).toBe(200);
      const report = response.json();
      return { sharing: report.sharing, deniedAccesses: report.deniedAccesses };
    }

    async function clearRollup() {
      const db = platform.database.db;
      for (const table of ['report_sharing_rollup', 'report_hourly_rollup', 'report_denied_rollup', 'report_patient_rollup'] as const) await db.deleteFrom(table).execute();
      await db.updateTable('report_rollup_state').set({ next_seq: 0 }).where('id', '=', 1).execute();
    }

    async function appendAcross(from: number, count: number, start: Date, stepMinutes: number) {
      clock.set(start);
      for (let n = from; n < from + count; n++) {
        await platform.auditLog.append(traffic(n));
        clock.advanceMinutes(stepMinutes);
      }
    }

    beforeAll(async () => {
      clock = testClock(new Date('2026-09-29T00:00:00.000Z'));
      platform = await createTestApp(dialect, { clock, demo: true });
      // Both sides of the turn of Q3 into Q4 (local midnight, 2026-09-30T16:00Z).
      await appendAcross(0, 140, new Date('2026-09-30T10:00:00.000Z'), 7);
      clock.set(new Date('2026-10-08T02:00:00.000Z'));
    }, 120_000);
    afterAll(async () => platform?.close());

    it('gives the same figures counted live, partly rolled up in small chunks, and fully rolled up', async () => {
      const live = { q3: await auditFigures('2026-Q3'), q4: await auditFigures('2026-Q4') };
      expect(live.q3.sharing.reads).toBeGreaterThan(0);
      expect(live.q4.sharing.reads).toBeGreaterThan(0);
      expect(live.q4.deniedAccesses.total).toBeGreaterThan(0);
      expect(await rolledTo(platform.database.db)).toBe(0);

      // Part of the way, in chunks of 7 that straddle the quarter's turn.
      const size = await platform.audit.treeSize();
      const half = Math.floor(size / 2);
      for (let from = 0; from < half; from += 7) expect(await foldChunk(platform.database.db, { from, to: Math.min(half, from + 7) }, clock().toISOString())).toBe(true);
      expect(await rolledTo(platform.database.db)).toBe(half);
      expect({ q3: await auditFigures('2026-Q3'), q4: await auditFigures('2026-Q4') }).toEqual(live);

      // A chunk that no longer starts where the rollup stands is left alone (another instance did it).
      expect(await foldChunk(platform.database.db, { from: 0, to: 7 }, clock().toISOString())).toBe(false);

      const job = new ReportRollup(platform.database.db, () => platform.audit.treeSize(), clock, { chunk: 11, budgetMs: 60_000 });
      const run = await job.run();
      expect(run.from).toBe(half);
      expect(run.to).toBeGreaterThanOrEqual(size);
      expect({ q3: await auditFigures('2026-Q3'), q4: await auditFigures('2026-Q4') }).toEqual(live);
    });

    it('adds what was appended after the last run from the live tail, and matches a live count again', async () => {
      await new ReportRollup(platform.database.db, () => platform.audit.treeSize(), clock).run();
      await appendAcross(1000, 30, new Date('2026-10-09T01:00:00.000Z'), 3);
      clock.set(new Date('2026-10-10T00:00:00.000Z'));
      const withTail = await auditFigures('2026-Q4');
      await clearRollup();
      expect(await auditFigures('2026-Q4')).toEqual(withTail);
      // The job picks up from nothing and reaches the same totals.
      await new ReportRollup(platform.database.db, () => platform.audit.treeSize(), clock, { chunk: 50, budgetMs: 60_000 }).run();
      expect(await auditFigures('2026-Q4')).toEqual(withTail);
      const patients = await sql<{ n: number }>`select count(*) as n from report_patient_rollup where quarter = '2026-Q4'`.execute(platform.database.db);
      expect(Number(patients.rows[0]!.n)).toBe(withTail.sharing.patients);
    });

    it('is one of the scheduled jobs', async () => {
      const response = await platform.app.inject({ url: '/api/v1/jobs', headers: bearer(await signIn(platform.app, 'infoadmin')) });
      expect((response.json().items as { name: string }[]).map((job) => job.name)).toContain('report-rollup');
    });
  });
}
