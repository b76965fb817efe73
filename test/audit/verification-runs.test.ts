import { afterEach, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { appWithLog, dropAppendOnlyGuards, rawSql, sampleRecord } from './log-fixture.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`recorded verification runs (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    async function append(from: number, count: number) {
      for (let n = from; n < from + count; n++) await platform!.auditLog.append(sampleRecord(n));
    }

    it('starts with a full run, then re-hashes only what came after the last sound checkpoint', async () => {
      platform = await appWithLog(dialect, 30, 10);
      const first = await platform.auditVerification.run('incremental', 'test');
      // Nothing to stand on yet: the first run is a full one, ending on a checkpoint it signed.
      expect(first).toMatchObject({ mode: 'full', fromSize: 0, treeSize: 30, ok: true, entriesChecked: 30, problem: null, trigger: 'test' });
      // The run is itself audited, so the log grew by one entry.
      await append(100, 14);
      const second = await platform.auditVerification.run('incremental', 'test');
      expect(second).toMatchObject({ mode: 'incremental', fromSize: 30, treeSize: 45, ok: true, entriesChecked: 15 });
      expect((await platform.auditVerification.latest())!.id).toBe(second.id);
      expect((await platform.auditVerification.latest('full'))!.id).toBe(first.id);
      expect((await platform.auditVerification.list(10)).map((run) => run.id)).toEqual([second.id, first.id]);
    });

    it('an incremental run does not re-read what it stands on; a failed full run leaves nothing to stand on', async () => {
      platform = await appWithLog(dialect, 30, 10);
      expect((await platform.auditVerification.run('full', 'test')).ok).toBe(true);
      await append(100, 20);
      await dropAppendOnlyGuards(platform);
      await rawSql(platform, "UPDATE audit_entries SET outcome = 'success' WHERE seq = 9");
      // Entry 9 lies under the signed checkpoint the incremental run stands on.
      expect((await platform.auditVerification.run('incremental', 'test'))).toMatchObject({ mode: 'incremental', ok: true });
      const full = await platform.auditVerification.run('full', 'test');
      expect(full).toMatchObject({ mode: 'full', ok: false });
      expect(full.problem).toContain('entry 9 was modified');
      // From now on no earlier sound run is a starting point: the problem is reported on every run.
      await append(200, 3);
      const next = await platform.auditVerification.run('incremental', 'test');
      expect(next).toMatchObject({ mode: 'full', fromSize: 0, ok: false });
      expect(next.problem).toContain('entry 9 was modified');
    });

    it('an incremental run catches a change after its starting point, and keeps reporting it', async () => {
      platform = await appWithLog(dialect, 30, 10);
      const standing = await platform.auditVerification.run('full', 'test');
      expect(standing.ok).toBe(true);
      await append(200, 10);
      await dropAppendOnlyGuards(platform);
      const changed = standing.treeSize + 4;
      await rawSql(platform, `UPDATE audit_entries SET outcome = 'denied' WHERE seq = ${changed}`);
      const incremental = await platform.auditVerification.run('incremental', 'test');
      expect(incremental).toMatchObject({ mode: 'incremental', fromSize: standing.treeSize, ok: false });
      expect(incremental.problem).toContain(`entry ${changed} was modified`);
      // A failed run is never a starting point: the next incremental run checks the same range again.
      const again = await platform.auditVerification.run('incremental', 'test');
      expect(again).toMatchObject({ fromSize: standing.treeSize, ok: false });
    });

    it('records each run in the audit log, a failed one as an error', async () => {
      platform = await appWithLog(dialect, 12, 4);
      const run = await platform.auditVerification.run('full', 'test');
      const entries = await platform.database.db.selectFrom('audit_entries').select(['object_id', 'outcome', 'details']).where('object_type', '=', 'audit_verification').execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ object_id: run.id, outcome: 'success' });
      expect(JSON.parse(entries[0]!.details)).toMatchObject({ mode: 'full', treeSize: 12, entriesChecked: 12 });
      await dropAppendOnlyGuards(platform);
      await rawSql(platform, "UPDATE audit_entries SET object_id = 'changed' WHERE seq = 3");
      const failed = await platform.auditVerification.run('full', 'test');
      const failure = await platform.database.db.selectFrom('audit_entries').select(['outcome', 'reason', 'details']).where('object_type', '=', 'audit_verification').where('object_id', '=', failed.id).executeTakeFirstOrThrow();
      expect(failure.outcome).toBe('error');
      expect(failure.reason).toContain('entry 3 was modified');
      expect(JSON.parse(failure.details)).toMatchObject({ firstBadSeq: 3 });
    });

    it('covering() answers with the latest run while it reaches the asked size, and runs one otherwise', async () => {
      platform = await appWithLog(dialect, 20, 5);
      const run = await platform.auditVerification.run('full', 'test');
      expect((await platform.auditVerification.covering(20, 'report')).id).toBe(run.id);
      await append(100, 5);
      const fresh = await platform.auditVerification.covering(25, 'report');
      expect(fresh).toMatchObject({ mode: 'incremental', fromSize: 20, trigger: 'report', ok: true });
      expect(fresh.treeSize).toBeGreaterThanOrEqual(25);
      // A recent enough run stands in for one reaching a size that keeps moving (a quarter in progress).
      await append(200, 5);
      expect((await platform.auditVerification.covering(40, 'report', 60_000)).id).toBe(fresh.id);
      expect((await platform.auditVerification.covering(40, 'report')).id).not.toBe(fresh.id);
    });
  });

  describe.skipIf(skipDialect(dialect))(`verification runs API (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    it('lets the auditor run and list checks; refuses other roles and bad input', async () => {
      platform = await createTestApp(dialect);
      const auditor = await signIn(platform.app, 'auditor');
      const staff = await signIn(platform.app, 'dr.wang');
      const call = async (session: Session, method: 'GET' | 'POST', url: string, payload?: object) => platform!.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), payload });

      const created = await call(auditor, 'POST', '/audit/verifications', { mode: 'full' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ mode: 'full', ok: true, fromSize: 0, trigger: auditor.userId });
      const second = await call(auditor, 'POST', '/audit/verifications', { mode: 'incremental' });
      expect(second.json()).toMatchObject({ mode: 'incremental', ok: true, fromSize: created.json().treeSize });
      const listed = await call(auditor, 'GET', '/audit/verifications?limit=1');
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((run: { id: string }) => run.id)).toEqual([second.json().id]);
      const fullOnly = await call(auditor, 'GET', '/audit/verifications?mode=full');
      expect(fullOnly.json().items.map((run: { id: string }) => run.id)).toEqual([created.json().id]);
      expectProblem(await call(auditor, 'GET', '/audit/verifications?mode=partial'), 400, 'VALIDATION_FAILED');

      expectProblem(await call(staff, 'GET', '/audit/verifications'), 403, 'FORBIDDEN');
      expectProblem(await call(staff, 'POST', '/audit/verifications', { mode: 'full' }), 403, 'FORBIDDEN');
      expectProblem(await call(auditor, 'POST', '/audit/verifications', { mode: 'partial' }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(auditor, 'POST', '/audit/verifications', {}), 400, 'VALIDATION_FAILED');
      expectProblem(await call(auditor, 'GET', '/audit/verifications?limit=0'), 400, 'VALIDATION_FAILED');
    });
  });
}
