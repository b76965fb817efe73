/**
 * Violation handling end to end over HTTP (issue 7 item 4): a case against a user suspends them at
 * once (their session ends, their next read is refused, their grants stop), a warning ends the
 * suspension, a termination needs a second approver and disables the account, an institution's
 * suspension stops its API clients and is restored exactly; the subject sees their case without the
 * investigation notes and may appeal; everyone else is refused. On both databases.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

type CaseView = { id: string; status: string; suspended: boolean; readAs: string; decision: { kind: string; approvedBy: { id: string } | null } | null; history: { kind: string; text: string | null }[]; evidence: { kind: string; ref: string }[] };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`violation handling (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let privacy: Session;
    let auditor: Session;
    const ids: Record<string, string> = {};

    const post = (session: Session, url: string, payload: object) => platform.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(session), payload });
    const get = (session: Session, url: string) => platform.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(session) });
    const userId = async (username: string) => (await platform.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const userStatus = async (username: string) => (await platform.database.db.selectFrom('users').select('status').where('username', '=', username).executeTakeFirstOrThrow()).status;
    const grantStatus = async (id: string) => (await platform.database.db.selectFrom('grants').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    async function grantTo(username: string): Promise<string> {
      const response = await post(admin, '/grants', {
        grantee: { kind: 'user', id: await userId(username) },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: ['patient', 'testCode'],
        patientScope: { kind: 'all' },
        purpose: 'research',
        channel: 'api',
        validTo: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        maskingProfile: 'de-identified',
        reason: 'violation test',
      });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { id: string }).id;
    }

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      [admin, privacy, auditor] = await Promise.all([signIn(platform.app, 'infoadmin'), signIn(platform.app, 'privacy'), signIn(platform.app, 'auditor')]);
      for (const name of ['dr.li', 'nurse.zhao', 'dr.wang']) ids[name] = await userId(name);
    }, 120_000);
    afterAll(async () => platform?.close());

    it('suspends a user at once, keeps notes from them, ends the suspension with a warning and lets them appeal', async () => {
      const li = await signIn(platform.app, 'dr.li');
      const grant = await grantTo('dr.li');
      expect((await get(li, '/me')).statusCode).toBe(200);
      const opened = await post(admin, '/violations', { subject: { kind: 'user', id: ids['dr.li'] }, title: '非工作需要查询患者信息', description: '夜间连续查询多名非本科室患者', evidence: { auditSeqs: [0, 1] }, suspend: true });
      expect(opened.statusCode, opened.body).toBe(201);
      const created = opened.json() as CaseView;
      expect(created).toMatchObject({ status: 'open', suspended: true, readAs: 'supervisor' });
      expect(created.evidence.map((e) => e.ref)).toEqual(['0', '1']);
      // The suspension is in force on the very next request.
      expect((await get(li, '/me')).statusCode).toBe(401);
      expect(await userStatus('dr.li')).toBe('suspended');
      expect(await grantStatus(grant)).toBe('suspended');
      await expect(signIn(platform.app, 'dr.li')).rejects.toThrow(/sign-in of dr.li failed/);

      expect((await post(admin, `/violations/${created.id}/notes`, { text: '已调取监控与排班记录' })).statusCode).toBe(200);
      const decided = await post(admin, `/violations/${created.id}/decision`, { kind: 'warning', reason: '初次违规，予以警告' });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json()).toMatchObject({ status: 'decided', suspended: false, decision: { kind: 'warning' } });
      expect(await userStatus('dr.li')).toBe('active');
      expect(await grantStatus(grant)).toBe('active');

      // The subject sees the case, the decision and their appeal, but not the investigation notes.
      const back = await signIn(platform.app, 'dr.li');
      const own = (await get(back, `/violations/${created.id}`)).json() as CaseView;
      expect(own.readAs).toBe('subject');
      expect(own.history.map((h) => h.kind)).not.toContain('note');
      expect(JSON.stringify(own)).not.toContain('监控');
      expect(((await get(back, '/violations')).json() as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([created.id]);
      expect((await post(back, `/violations/${created.id}/appeal`, { text: '当晚为会诊需要，申请复核' })).statusCode).toBe(200);
      const wang = await signIn(platform.app, 'dr.wang');
      expectProblem(await post(wang, `/violations/${created.id}/appeal`, { text: '不是我的案件' }), 404, 'VIOLATION_NOT_FOUND');
      expectProblem(await get(wang, `/violations/${created.id}`), 404, 'VIOLATION_NOT_FOUND');
      expect(((await get(wang, '/violations')).json() as { items: unknown[] }).items).toEqual([]);

      const full = (await get(admin, `/violations/${created.id}`)).json() as CaseView;
      expect(full.history.map((h) => h.kind)).toEqual(['opened', 'suspended', 'note', 'decision_in_force', 'suspension_lifted', 'appeal']);
      expect((await post(admin, `/violations/${created.id}/close`, { reason: '复核维持原处理' })).json()).toMatchObject({ status: 'closed' });
      expectProblem(await post(back, `/violations/${created.id}/appeal`, { text: '再次申诉' }), 409, 'VIOLATION_STATE');
      expectProblem(await post(admin, `/violations/${created.id}/notes`, { text: '结案后补充' }), 409, 'VIOLATION_STATE');
    });

    it('terminates only with a second approver, and then disables the account and revokes its grants', async () => {
      const grant = await grantTo('nurse.zhao');
      const opened = (await post(admin, '/violations', { subject: { kind: 'user', id: ids['nurse.zhao'] }, title: '泄露患者信息', description: '将检验结果截图发至外部群聊' })).json() as CaseView;
      const proposed = await post(admin, `/violations/${opened.id}/decision`, { kind: 'termination', reason: '情节严重' });
      expect(proposed.json()).toMatchObject({ status: 'awaiting_approval', decision: { kind: 'termination', approvedBy: null } });
      // Nothing happens before the second approval.
      expect(await userStatus('nurse.zhao')).toBe('active');
      expectProblem(await post(admin, `/violations/${opened.id}/approval`, { approve: true, reason: '同意' }), 409, 'VIOLATION_APPROVAL');
      const staff = await signIn(platform.app, 'dr.wang');
      expectProblem(await post(staff, `/violations/${opened.id}/approval`, { approve: true, reason: '同意' }), 403, 'FORBIDDEN');
      expectProblem(await post(admin, `/violations/${opened.id}/decision`, { kind: 'warning', reason: '改判' }), 409, 'VIOLATION_STATE');
      const approved = await post(privacy, `/violations/${opened.id}/approval`, { approve: true, reason: '隐私保护负责人同意' });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'decided', decision: { kind: 'termination', approvedBy: { id: privacy.userId } } });
      expect(await userStatus('nurse.zhao')).toBe('disabled');
      expect(await grantStatus(grant)).toBe('revoked');

      // A rejected proposal goes back to investigation.
      const other = (await post(admin, '/violations', { subject: { kind: 'user', id: ids['dr.wang'] }, title: '越权导出', description: '导出数据超出授权范围' })).json() as CaseView;
      await post(admin, `/violations/${other.id}/decision`, { kind: 'termination', reason: '拟解除' });
      expect((await post(privacy, `/violations/${other.id}/approval`, { approve: false, reason: '证据不足' })).json()).toMatchObject({ status: 'open', decision: null });
      expect(await userStatus('dr.wang')).toBe('active');
    });

    it('suspends an institution and its API clients, and restores exactly what it changed', async () => {
      const institution = await platform.database.db.selectFrom('institutions').select('id').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const active = await platform.org.apiClients.register(institution.id, { name: '转诊系统', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      const spare = await platform.org.apiClients.register(institution.id, { name: '备用', publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
      await platform.org.apiClients.setStatus(institution.id, spare.clientId, 'suspended');
      const opened = (await post(admin, '/violations', { subject: { kind: 'institution', id: institution.id }, title: '超范围调阅', description: '合作医院调阅了未授权的影像报告', suspend: true })).json() as CaseView;
      const clients = async () => Object.fromEntries((await platform.org.apiClients.list(institution.id)).map((c) => [c.clientId, c.status]));
      expect((await platform.org.institutions.get(institution.id)).status).toBe('suspended');
      expect(await clients()).toMatchObject({ [active.clientId]: 'suspended', [spare.clientId]: 'suspended' });
      expectProblem(await post(admin, `/violations/${opened.id}/decision`, { kind: 'penalty', reason: '处罚' }), 422, 'VIOLATION_DECISION_INVALID');
      await post(admin, `/violations/${opened.id}/suspension`, { action: 'lift', reason: '已整改' });
      expect((await platform.org.institutions.get(institution.id)).status).toBe('active');
      // The client that was suspended before the case stays suspended.
      expect(await clients()).toMatchObject({ [active.clientId]: 'active', [spare.clientId]: 'suspended' });
      expectProblem(await post(admin, `/violations/${opened.id}/suspension`, { action: 'lift', reason: '再次解除' }), 409, 'VIOLATION_STATE');
    });

    it('refuses what it must: wrong roles, bad input, missing evidence, a department terminated', async () => {
      const staff = await signIn(platform.app, 'dr.wang');
      const body = { subject: { kind: 'user', id: ids['dr.wang'] }, title: '测试', description: '测试案件' };
      expectProblem(await post(staff, '/violations', body), 403, 'FORBIDDEN');
      expectProblem(await post(auditor, '/violations', body), 403, 'FORBIDDEN');
      const before = ((await get(auditor, '/violations')).json() as { items: unknown[] }).items.length;
      expectProblem(await post(admin, '/violations', { ...body, title: undefined }), 400, 'VALIDATION_FAILED');
      expectProblem(await post(admin, '/violations', { ...body, subject: { kind: 'robot', id: 'x' } }), 400, 'VALIDATION_FAILED');
      expectProblem(await post(admin, '/violations', { ...body, subject: { kind: 'user', id: 'no-such-user' } }), 404, 'USER_NOT_FOUND');
      expectProblem(await post(admin, '/violations', { ...body, evidence: { auditSeqs: [99_999_999] } }), 422, 'VIOLATION_EVIDENCE_INVALID');
      expectProblem(await post(admin, '/violations', { ...body, evidence: { alertIds: ['no-such-alert'] } }), 422, 'VIOLATION_EVIDENCE_INVALID');
      expect(((await get(auditor, '/violations')).json() as { items: unknown[] }).items.length).toBe(before);
      expect((await platform.app.inject({ method: 'GET', url: '/api/v1/violations' })).statusCode).toBe(401);
      expectProblem(await get(admin, '/violations/no-such-case'), 404, 'VIOLATION_NOT_FOUND');

      const department = await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow();
      const opened = (await post(admin, '/violations', { subject: { kind: 'department', id: department.id }, title: '科室违规共享', description: '科室批量转发数据' })).json() as CaseView;
      expectProblem(await post(admin, `/violations/${opened.id}/decision`, { kind: 'termination', reason: '终止' }), 422, 'VIOLATION_DECISION_INVALID');
      expectProblem(await post(admin, `/violations/${opened.id}/decision`, { kind: 'penalty', reason: '处罚', details: '  ' }), 422, 'VIOLATION_DECISION_INVALID');
      // The department head reads their department's case as its subject.
      const head = await signIn(platform.app, 'head.internal');
      expect(((await get(head, `/violations/${opened.id}`)).json() as CaseView).readAs).toBe('subject');
      // Auditors read every case but change none.
      expect((await get(auditor, `/violations/${opened.id}`)).statusCode).toBe(200);
      expectProblem(await post(auditor, `/violations/${opened.id}/notes`, { text: '审计意见' }), 403, 'FORBIDDEN');
    });

    it('counts the quarter for the report and audits every step', async () => {
      const stats = await platform.violations.statistics('2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z');
      expect(stats).toMatchObject({ opened: 5, decided: 2, suspensions: 2, appeals: 1 });
      expect(Object.fromEntries(stats.byDecision.map((row) => [row.key, row.count]))).toEqual({ no_violation: 0, warning: 1, penalty: 0, termination: 1 });
      const entries = await platform.database.db.selectFrom('audit_entries').select(['action', 'object_type', 'outcome']).where('object_type', '=', 'violation_case').execute();
      expect(entries.filter((e) => e.outcome === 'success').length).toBeGreaterThan(15);
      expect(entries.some((e) => e.outcome === 'denied')).toBe(true);
      const sanctions = await platform.database.db.selectFrom('audit_entries').select(['object_type', 'reason']).where('reason', 'like', 'violation case %').execute();
      expect(new Set(sanctions.map((s) => s.object_type))).toEqual(new Set(['user', 'grant', 'institution', 'api_client']));
    });
  });
}
