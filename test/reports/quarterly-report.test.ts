/**
 * The quarterly audit report (季度审计报告) over a seeded quarter with known counts, on both
 * databases: every number of the report is the number of things done through the API in the
 * quarter (and nothing done before or after it); the issued report is frozen, signed, and its hash
 * is in the audit log; refusals for everyone else.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuarterlyReport } from '../../src/reports/index.js';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock, type TestClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const rows = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((row) => [row.key, row.count]));

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`quarterly audit report (${dialect})`, () => {
    let platform: TestApp;
    let clock: TestClock;
    let admin: Session;
    let headLab: Session;
    let auditor: Session;
    let labRecords: { type: string; id: string }[];
    let jyk: string;

    const call = (session: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: { ...(session ? bearer(session) : {}), ...headers }, ...(payload ? { payload } : {}) });
    const readLab = (session: Session, record: { type: string; id: string }) => call(session, 'GET', `/records/${record.type}/${record.id}`, undefined, { 'x-purpose-of-use': 'quality-control' });
    const searchLab = (session: Session, limit: number) => call(session, 'GET', `/records?catalog=CLIN_LAB_REPORT&limit=${limit}`, undefined, { 'x-purpose-of-use': 'quality-control' });
    const grant = async (validTo: string) => {
      const response = await call(admin, 'POST', '/grants', { grantee: { kind: 'department', id: jyk }, catalogCode: 'CLIN_LAB_REPORT', fields: ['patient', 'testCode'], patientScope: { kind: 'all' }, purpose: 'research', channel: 'api', validTo, maskingProfile: 'de-identified', reason: 'report test' });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };

    beforeAll(async () => {
      // Q3 first: what happens here must not count in Q4.
      clock = testClock(new Date('2026-09-20T02:00:00.000Z'));
      platform = await createTestApp(dialect, { clock, config: { demoPatients: 4 } });
      [admin, headLab, auditor] = (await Promise.all(['infoadmin', 'head.lab', 'auditor'].map((u) => signIn(platform.app, u)))) as [Session, Session, Session];
      jyk = (await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'JYK').executeTakeFirstOrThrow()).id;
      labRecords = (await platform.database.db.selectFrom('records').select(['resource_type', 'id']).where('catalog_code', '=', 'CLIN_LAB_REPORT').orderBy('id').limit(3).execute()).map((r) => ({ type: r.resource_type, id: r.id }));
      expect((await readLab(headLab, labRecords[0]!)).statusCode).toBe(200);
      await grant('2026-12-01T00:00:00.000Z');

      // Q4 (local time: 2026-10-01 00:00 is 2026-09-30T16:00Z).
      clock.set(new Date('2026-10-08T02:00:00.000Z'));
      // Sessions do not outlive a jump of weeks.
      [admin, headLab, auditor] = (await Promise.all(['infoadmin', 'head.lab', 'auditor'].map((u) => signIn(platform.app, u)))) as [Session, Session, Session];
      for (const record of labRecords) expect((await readLab(headLab, record)).statusCode).toBe(200);
      const page = await searchLab(headLab, 2);
      expect(page.json().items).toHaveLength(2);
      // A read outside every rule: 404 to the caller, denied in the log.
      const wang = await signIn(platform.app, 'dr.wang');
      expect((await readLab(wang, labRecords[0]!)).statusCode).toBe(404);
      expect((await call(null, 'POST', '/auth/login', { username: 'dr.wang', password: 'wrong-password-1' })).statusCode).toBe(401);
      const kept = await grant('2027-06-01T00:00:00.000Z');
      const revoked = await grant('2027-06-01T00:00:00.000Z');
      expect((await call(admin, 'POST', `/grants/${revoked}/revoke`, { reason: '研究项目已提前结束' })).statusCode).toBe(200);
      void kept;
      const patient = (await platform.database.db.selectFrom('records').select('patient_id').where('catalog_code', '=', 'CLIN_LAB_REPORT').executeTakeFirstOrThrow()).patient_id!;
      const li = await signIn(platform.app, 'dr.li');
      const opened = await call(li, 'POST', '/emergency-access', { patientId: patient, reason: '急诊抢救需查看既往检验结果' });
      expect(opened.statusCode, opened.body).toBe(201);
      expect((await call(admin, 'POST', `/emergency-access/${opened.json().id}/review`, { justified: true, note: '抢救记录属实' })).statusCode).toBe(200);
      const violation = await call(admin, 'POST', '/violations', { subject: { kind: 'user', id: wang.userId }, title: '越权查询', description: '查询非本科室患者检验结果' });
      expect((await call(admin, 'POST', `/violations/${violation.json().id}/decision`, { kind: 'warning', reason: '警告' })).statusCode).toBe(200);

      // Q1 2027: must not count either.
      clock.set(new Date('2027-01-05T02:00:00.000Z'));
      [admin, headLab, auditor] = (await Promise.all(['infoadmin', 'head.lab', 'auditor'].map((u) => signIn(platform.app, u)))) as [Session, Session, Session];
      expect((await readLab(headLab, labRecords[0]!)).statusCode).toBe(200);
    }, 180_000);
    afterAll(async () => platform?.close());

    it('counts exactly what happened in the quarter', async () => {
      const response = await call(auditor, 'GET', '/reports/quarterly/2026-Q4');
      expect(response.statusCode, response.body).toBe(200);
      const report = response.json() as QuarterlyReport;
      expect(report).toMatchObject({ quarter: '2026-Q4', status: 'draft', period: { from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' }, issue: null });
      // Three single reads and a page of two records, all by 检验科 for quality control through the API.
      expect(report.sharing.reads).toBe(5);
      expect(rows(report.sharing.byDepartment)).toEqual({ [jyk]: 5 });
      expect(report.sharing.byDepartment[0]!.label.zh).toBe('检验科');
      expect(rows(report.sharing.byResource)).toEqual({ CLIN_LAB_REPORT: 5 });
      expect(rows(report.sharing.byPurpose)).toEqual({ 'quality-control': 5 });
      expect(report.sharing.byPurpose[0]!.label.zh).toBe('质量控制');
      expect(rows(report.sharing.byChannel)).toEqual({ api: 5 });
      expect(rows(report.sharing.byWeek)).toEqual({ '2026-W41': 5 });
      expect(report.grants).toEqual({ created: 2, active: 1, expired: 1, revoked: 1, suspended: 0 });
      expect(report.deniedAccesses.total).toBeGreaterThanOrEqual(2);
      expect(report.deniedAccesses.topUsers[0]).toMatchObject({ label: { zh: 'dr.wang' } });
      expect(report.emergencies).toMatchObject({ opened: 1, reviewed: 1, unreviewed: 0 });
      expect(rows(report.emergencies.outcomes)).toEqual({ justified: 1, unjustified: 0 });
      expect(report.violations).toMatchObject({ opened: 1, decided: 1 });
      expect(report.requests).toMatchObject({ filed: 0, approved: 0 });
      // The integrity section quotes a recorded verification run that reaches the quarter's end.
      const check = report.auditIntegrity.verification;
      expect(check).toMatchObject({ ok: true, problem: null });
      expect(check.treeSize).toBeGreaterThanOrEqual(report.auditIntegrity.entriesTotal - 5);
      const runs = (await platform.app.inject({ url: '/api/v1/audit/verifications', headers: bearer(auditor) })).json().items;
      expect(runs[0]).toMatchObject({ treeSize: check.treeSize, fromSize: check.fromSize, mode: check.mode });
      if (check.mode === 'full') expect(check.lastFull).toMatchObject({ ok: true, treeSize: check.treeSize });
      expect(report.auditIntegrity.entriesInQuarter).toBeGreaterThan(10);
      expect(report.auditIntegrity.entriesTotal).toBeGreaterThan(report.auditIntegrity.entriesInQuarter);
    });

    it('issues a finished quarter once, frozen and signed, with its hash in the audit log', async () => {
      expectProblem(await call(admin, 'POST', '/reports/quarterly/2027-Q1/issue'), 409, 'REPORT_QUARTER_OPEN');
      const draft = await call(admin, 'PUT', '/reports/quarterly/2026-Q4/draft', { findings: '紧急访问均已复核。', recommendations: '加强越权查询培训。' });
      expect(draft.json()).toMatchObject({ findings: '紧急访问均已复核。', status: 'draft' });
      const issued = await call(admin, 'POST', '/reports/quarterly/2026-Q4/issue');
      expect(issued.statusCode, issued.body).toBe(201);
      const report = issued.json() as QuarterlyReport;
      expect(report).toMatchObject({ status: 'issued', findings: '紧急访问均已复核。', issue: { issuedBy: { userId: admin.userId } } });
      const entry = await platform.database.db.selectFrom('audit_entries').selectAll().where('seq', '=', report.issue!.auditSeq).executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ object_type: 'quarterly_report', object_id: '2026-Q4', action: 'create' });
      expect(JSON.parse(entry.details).hash).toBe(report.issue!.hash);

      // Later activity does not change the issued report; nor can anyone edit or reissue it.
      expect((await readLab(headLab, labRecords[1]!)).statusCode).toBe(200);
      expect((await call(auditor, 'GET', '/reports/quarterly/2026-Q4')).json()).toEqual(report);
      expectProblem(await call(admin, 'PUT', '/reports/quarterly/2026-Q4/draft', { findings: '改写' }), 409, 'REPORT_ISSUED');
      expectProblem(await call(admin, 'POST', '/reports/quarterly/2026-Q4/issue'), 409, 'REPORT_ISSUED');
      const verification = await call(auditor, 'GET', '/reports/quarterly/2026-Q4/verification');
      expect(verification.json()).toMatchObject({ hashMatches: true, auditEntryMatches: true, signatureValid: true, auditSeq: report.issue!.auditSeq });
      expect((await call(auditor, 'GET', '/reports/quarterly')).json().items).toEqual([expect.objectContaining({ quarter: '2026-Q4', status: 'issued', hash: report.issue!.hash })]);
    });

    it('downloads the issued report as HTML with charts and as a PDF whose Chinese text extracts', async () => {
      const html = await call(auditor, 'GET', '/reports/quarterly/2026-Q4?format=html');
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.headers['content-disposition']).toContain('2026-Q4.html');
      expect(html.body).toContain('季度审计报告');
      expect(html.body).toContain('<svg');
      expect(html.body).not.toContain('<script');
      const pdf = await call(auditor, 'GET', '/reports/quarterly/2026-Q4?format=pdf&locale=en-US');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const dir = mkdtempSync(path.join(tmpdir(), 'yixiang-report-'));
      try {
        writeFileSync(path.join(dir, 'report.pdf'), pdf.rawPayload);
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
        for (const heading of ['季度审计报告', '共享概况', '违规处理', '审计日志完整性']) expect(text).toContain(heading);
        expect(text).toContain('紧急访问均已复核');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // A draft is marked as one in its file name.
      expect((await call(auditor, 'GET', '/reports/quarterly/2027-Q1?format=html')).headers['content-disposition']).toContain('2027-Q1-draft.html');
    });

    it('refuses other roles, unknown quarters and unissued verification', async () => {
      const staff = await signIn(platform.app, 'nurse.zhao');
      expectProblem(await call(staff, 'GET', '/reports/quarterly/2026-Q4'), 403, 'FORBIDDEN');
      expectProblem(await call(auditor, 'PUT', '/reports/quarterly/2026-Q3/draft', { findings: 'x' }), 403, 'FORBIDDEN');
      expectProblem(await call(auditor, 'POST', '/reports/quarterly/2026-Q3/issue'), 403, 'FORBIDDEN');
      expect((await call(null, 'GET', '/reports/quarterly/2026-Q4')).statusCode).toBe(401);
      expectProblem(await call(auditor, 'GET', '/reports/quarterly/2026-Q5'), 400, 'VALIDATION_FAILED');
      expectProblem(await call(auditor, 'GET', '/reports/quarterly/2026-Q4?format=docx'), 400, 'VALIDATION_FAILED');
      expectProblem(await call(admin, 'PUT', '/reports/quarterly/2026-Q3/draft', {}), 400, 'VALIDATION_FAILED');
      expectProblem(await call(auditor, 'GET', '/reports/quarterly/2026-Q3/verification'), 404, 'REPORT_NOT_ISSUED');
    });
  });
}
