import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService, type AlertServiceDeps, type ViolationCaseInput } from '../../src/alerts/index.js';
import type { UserPrincipal } from '../../src/org/index.js';
import { expectProblem, signIn } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { openAlertFixture, ruleAndSubject, T0, type AlertFixture, type AlertSummary } from './alert-fixture.js';

/** Stands in for violation handling, which another module owns: records each case it is asked to open. */
function recordingCases() {
  const opened: { input: ViolationCaseInput; by: string }[] = [];
  return {
    opened,
    async openViolationCase(input: ViolationCaseInput, openedBy: UserPrincipal) {
      opened.push({ input, by: openedBy.username });
      return { id: `case-${opened.length}` };
    },
  };
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`alert triage, listing, statistics and staff links (${dialect})`, () => {
    let f: AlertFixture;
    let alerts: AlertSummary[];
    const byName = (name: string) => alerts.find((a) => a.subject.username === name)!;

    beforeAll(async () => {
      f = await openAlertFixture(dialect, 4);
      await f.scan();
      // Three bursts of failed sign-ins, two under real accounts and one under a name nobody has.
      for (const name of ['dr.li', 'img.zhou', 'ghost']) for (let i = 0; i < 5; i += 1) await f.failSignIn(name);
      await f.scan();
      alerts = await f.newAlerts();
      expect(ruleAndSubject(alerts)).toEqual(['repeated-denials dr.li', 'repeated-denials ghost', 'repeated-denials img.zhou']);
    }, 120_000);
    afterAll(async () => f?.close());

    it('lets only the information administrator triage, and needs a reason to dismiss', async () => {
      const id = byName('dr.li').id;
      expectProblem(await f.call('dr.wang', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '误报' }), 403, 'FORBIDDEN');
      expectProblem(await f.call('auditor', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '误报' }), 403, 'FORBIDDEN');
      expectProblem(await f.call('privacy', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '误报' }), 403, 'FORBIDDEN');
      expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss' }), 400, 'VALIDATION_FAILED');
      expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '   ' }), 400, 'VALIDATION_FAILED');
      expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'ignore', reason: '误报' }), 400, 'VALIDATION_FAILED');
      expectProblem(await f.call('infoadmin', 'POST', '/alerts/00000000-0000-0000-0000-000000000000/triage', { decision: 'dismiss', reason: '误报' }), 404, 'ALERT_NOT_FOUND');
      expect((await f.call('auditor', 'GET', `/alerts/${id}`)).json().alert.status).toBe('open');
    });

    it('dismisses once with the reason recorded and audited; a second triage answers 409', async () => {
      const id = byName('dr.li').id;
      const dismissed = await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '本人忘记密码，已核实' });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      expect(dismissed.json()).toMatchObject({ status: 'dismissed', triage: { by: await f.userId('infoadmin'), at: T0.toISOString(), reason: '本人忘记密码，已核实' }, violationCaseId: null });
      const again = expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'escalate', reason: '重新考虑' }), 409, 'ALERT_ALREADY_TRIAGED');
      expect(again.detail).toContain('驳回');
      const audited = (await f.call('auditor', 'GET', `/audit/events?objectId=${id}&action=decision`)).json().items as { outcome: string; reason: string | null; details: Record<string, unknown> }[];
      expect(audited.filter((e) => e.outcome === 'success')).toMatchObject([{ details: { decision: 'dismiss', reason: '本人忘记密码，已核实', rule: 'repeated-denials' } }]);
      expect(audited[0]).toMatchObject({ reason: 'ALERT_ALREADY_TRIAGED', details: { decision: 'escalate' } });
    });

    it('escalates into a violation case against the account, keeping the alert open when no case could be opened', async () => {
      const id = byName('img.zhou').id;
      const { platform } = f;
      const serviceWith = (violations: AlertServiceDeps['violations']) => new AlertService({ db: platform.database.db, clock: f.clock, policy: platform.policy, catalog: platform.catalog, audit: platform.audit, auditLog: platform.auditLog, violations });
      const admin = (await platform.org.auth.authenticate((await signIn(platform.app, 'infoadmin')).token, 'bearer'))!;
      // Violation handling failing: the escalation is given back and the alert stays open for another try.
      const failing = serviceWith({ openViolationCase: () => Promise.reject(new Error('violation store down')) });
      await expect(failing.triage(admin, id, { decision: 'escalate', reason: '多次尝试登录他人账号' })).rejects.toThrow('violation store down');
      expect((await f.call('auditor', 'GET', `/alerts/${id}`)).json().alert).toMatchObject({ status: 'open', triage: null, violationCaseId: null });

      const cases = recordingCases();
      const service = serviceWith(cases);
      const escalated = await service.triage(admin, id, { decision: 'escalate', reason: '多次尝试登录他人账号', title: '疑似撞库' });
      expect(escalated).toMatchObject({ status: 'escalated', violationCaseId: 'case-1', triage: { reason: '多次尝试登录他人账号' } });
      expect(cases.opened).toEqual([{ by: 'infoadmin', input: { subject: { kind: 'user', id: await f.userId('img.zhou') }, title: '疑似撞库', description: expect.stringContaining('多次尝试登录他人账号'), alertIds: [id], auditSeqs: byName('img.zhou').evidence } }]);
      expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '重复' }), 409, 'ALERT_ALREADY_TRIAGED');
      await expect(service.triage(admin, id, { decision: 'dismiss', reason: '重复' })).rejects.toMatchObject({ code: 'ALERT_ALREADY_TRIAGED' });
      expect(cases.opened).toHaveLength(1);
    });

    it('cannot escalate an alert that names nobody, but can dismiss it', async () => {
      const id = byName('ghost').id;
      expect(byName('ghost').subject).toEqual({ userId: null, username: 'ghost', departmentId: null });
      expectProblem(await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'escalate', reason: '未知账号' }), 422, 'ALERT_NO_SUBJECT');
      expect((await f.call('infoadmin', 'POST', `/alerts/${id}/triage`, { decision: 'dismiss', reason: '不存在的账号名，外部扫描' })).statusCode).toBe(200);
    });

    it('lists alerts by status, rule and time, page by page, for the overseers only', async () => {
      const list = async (query: string, as = 'auditor') => (await f.call(as, 'GET', `/alerts?${query}`)).json();
      expect((await list('status=dismissed')).items.map((a: AlertSummary) => a.subject.username).sort()).toEqual(['dr.li', 'ghost']);
      expect((await list('status=escalated', 'privacy')).items).toHaveLength(1);
      expect((await list('status=open')).items).toEqual([]);
      expect((await list('rule=bulk-access')).items).toEqual([]);
      expect((await list(`from=${encodeURIComponent(new Date(T0.getTime() + 60_000).toISOString())}`)).items).toEqual([]);
      const first = await list('limit=2');
      expect(first.items).toHaveLength(2);
      const second = await list(`limit=2&cursor=${first.nextCursor}`);
      expect(second.items).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.items, ...second.items].map((a: AlertSummary) => a.id)).size).toBe(3);
      expectProblem(await f.call('auditor', 'GET', '/alerts?cursor=nonsense'), 400, 'VALIDATION_FAILED');
      expectProblem(await f.call('auditor', 'GET', '/alerts?rule=unknown'), 400, 'VALIDATION_FAILED');
      expectProblem(await f.call('head.medical', 'GET', '/alerts'), 403, 'FORBIDDEN');
      expectProblem(await f.call('sysadmin', 'GET', '/alerts'), 403, 'FORBIDDEN');
    });

    it('counts alerts for the quarterly report', async () => {
      const { platform } = f;
      const service = new AlertService({ db: platform.database.db, clock: f.clock, policy: platform.policy, catalog: platform.catalog, audit: platform.audit, auditLog: platform.auditLog, violations: recordingCases() });
      const stats = await service.statistics('2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z');
      expect(stats).toMatchObject({ raised: 3, dismissed: 2, escalated: 1, open: 0 });
      expect(stats.byRule.find((r) => r.key === 'repeated-denials')).toEqual({ key: 'repeated-denials', label: { zh: '反复被拒绝', en: 'Repeated denials' }, count: 3 });
      expect(await service.statistics('2027-01-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z')).toMatchObject({ raised: 0, open: 0 });
    });

    it('keeps staff–patient links for the information administrator, each change audited', async () => {
      const patient = (await f.platform.database.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').orderBy('id').executeTakeFirstOrThrow()).id;
      const zhao = await f.userId('nurse.zhao');
      expectProblem(await f.call('dr.wang', 'PUT', `/staff-patient-links/${patient}`, { userId: zhao }), 403, 'FORBIDDEN');
      expectProblem(await f.call('infoadmin', 'PUT', `/staff-patient-links/${patient}`, { userId: 'nobody' }), 422, 'STAFF_LINK_INVALID');
      expectProblem(await f.call('infoadmin', 'PUT', '/staff-patient-links/no-such-patient', { userId: zhao }), 422, 'STAFF_LINK_INVALID');
      const linked = await f.call('infoadmin', 'PUT', `/staff-patient-links/${patient}`, { userId: zhao });
      expect(linked.json()).toMatchObject({ patientId: patient, userId: zhao, username: 'nurse.zhao' });
      expect((await f.call('infoadmin', 'GET', `/staff-patient-links?user=${zhao}`)).json().items).toMatchObject([{ patientId: patient, username: 'nurse.zhao' }]);
      expect((await f.call('infoadmin', 'DELETE', `/staff-patient-links/${patient}`)).statusCode).toBe(200);
      expectProblem(await f.call('infoadmin', 'DELETE', `/staff-patient-links/${patient}`), 404, 'STAFF_LINK_NOT_FOUND');
      const audited = (await f.call('auditor', 'GET', `/audit/events?patient=${patient}&outcome=success`)).json().items.filter((e: { objectType: string }) => e.objectType === 'staff_patient_link');
      expect(audited.map((e: { action: string; details: { userId: string } }) => [e.action, e.details.userId])).toEqual([
        ['delete', zhao],
        ['update', zhao],
      ]);
    });
  });
}
