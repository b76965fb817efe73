import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`usage feedback and the inbox (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    let platform: TestApp;
    let nkId: string;
    let patients: string[];
    const as = (username: string) => signIn(platform.app, username);
    const call = (session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), ...(payload !== undefined ? { payload: payload as object } : {}) });
    const form = () => ({
      recipient: { kind: 'department', id: nkId },
      resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }, { name: 'resultQuantity' }] }],
      purpose: 'quality-control',
      legalBasis: { kind: 'legal-duty' },
      patients: { kind: 'patients', patientIds: patients },
      accessDays: 10,
      channel: 'api',
      identification: 'pseudonymised',
      consentOnRecord: false,
    });
    /** Files a request as dr.wang and walks it through every review step to a grant. */
    async function grantedRequest(title: string): Promise<{ id: string; grantId: string }> {
      const wang = await as('dr.wang');
      const id = (await call(wang, 'POST', '/share-requests', { title, form: form() })).json().id as string;
      expect((await call(wang, 'POST', `/share-requests/${id}/submit`)).statusCode).toBe(200);
      for (const reviewer of ['head.lab', 'privacy', 'infoadmin']) {
        const decided = await call(await as(reviewer), 'POST', `/share-requests/${id}/reviews`, { decision: 'approve', reason: '符合质控要求' });
        expect(decided.statusCode, decided.body).toBe(200);
      }
      const view = (await call(wang, 'GET', `/share-requests/${id}`)).json();
      expect(view.state).toBe('granted');
      return { id, grantId: view.grantIds[0] };
    }

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock, config: { demoPatients: 8 } });
      nkId = (await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow()).id;
      patients = (await platform.database.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').limit(3).execute()).map((r) => r.id);
    }, 120_000);
    afterAll(async () => platform?.close());

    it('tells each party what needs them: reviewers on submission, the requester on the decision', async () => {
      const { id } = await grantedRequest('质控收件箱');
      const headLab = await as('head.lab');
      const inbox = (await call(headLab, 'GET', '/inbox?unread=true')).json();
      const item = inbox.items.find((n: { subjectId: string }) => n.subjectId === id);
      expect(item).toMatchObject({ kind: 'review-item', subjectType: 'share_request' });
      expect(inbox.unread).toBeGreaterThan(0);
      expect((await call(headLab, 'POST', '/inbox/read', { ids: [item.id] })).json()).toEqual({ marked: 1 });
      // Someone else's notice cannot be marked by you.
      expect((await call(await as('dr.wang'), 'POST', '/inbox/read', { ids: [item.id] })).json()).toEqual({ marked: 0 });
      const wangInbox = (await call(await as('dr.wang'), 'GET', '/inbox')).json();
      expect(wangInbox.items.some((n: { kind: string; subjectId: string }) => n.kind === 'approved' && n.subjectId === id)).toBe(true);
      expect(inbox.items.some((n: { kind: string }) => n.kind === 'approved')).toBe(false);
    });

    it('blocks new requests while feedback is overdue, and closes the share once it is in', async () => {
      const { id, grantId } = await grantedRequest('质控反馈');
      clock.advanceMinutes((10 + 15) * 24 * 60);
      const wang = await as('dr.wang');
      const overdue = (await call(wang, 'GET', '/feedback?state=overdue')).json().items;
      expect(overdue.map((i: { grantId: string }) => i.grantId)).toContain(grantId);
      const blocked = (await call(wang, 'POST', '/share-requests', { title: '新申请', form: form() })).json().id as string;
      const refused = expectProblem(await call(wang, 'POST', `/share-requests/${blocked}/submit`), 422, 'SHARE_REQUEST_BLOCKED');
      expect(JSON.stringify(refused)).toContain('overdue');
      expectProblem(await call(await as('head.lab'), 'POST', `/grants/${grantId}/feedback`, { usedFor: '代为反馈', recordsUsed: 1, outcome: '不应允许', copiesDestroyed: true }), 404, 'GRANT_NOT_FOUND');
      expectProblem(await call(wang, 'POST', `/grants/${grantId}/feedback`, { usedFor: '质控', recordsUsed: -1, outcome: '完成', copiesDestroyed: true }), 400, 'VALIDATION_FAILED');

      const reported = await call(wang, 'POST', `/grants/${grantId}/feedback`, { usedFor: '检验结果质控抽查', recordsUsed: 12, outcome: '发现 1 例复核差异并已整改', copiesDestroyed: true });
      expect(reported.statusCode).toBe(201);
      expect(reported.json().state).toBe('submitted');
      expectProblem(await call(wang, 'POST', `/grants/${grantId}/feedback`, { usedFor: '再次', recordsUsed: 1, outcome: '重复', copiesDestroyed: true }), 409, 'SHARE_REQUEST_STATE');
      expect((await call(wang, 'GET', `/share-requests/${id}`)).json().state).toBe('closed');
      // Other overdue feedback from the first test still blocks; once none is left, submission works.
      const remaining = (await call(wang, 'GET', '/feedback?state=overdue')).json().items as { grantId: string }[];
      for (const item of remaining) await call(wang, 'POST', `/grants/${item.grantId}/feedback`, { usedFor: '质控', recordsUsed: 3, outcome: '完成', copiesDestroyed: true });
      expect((await call(wang, 'POST', `/share-requests/${blocked}/submit`)).json().state).toBe('in_review');
      const all = (await call(await as('infoadmin'), 'GET', '/feedback?scope=all')).json().items as { state: string }[];
      expect(all.filter((i) => i.state === 'submitted').length).toBeGreaterThanOrEqual(2);
    });

    it('reminds reviewers of overdue steps and requesters of feedback, once each', async () => {
      const wang = await as('dr.wang');
      const id = (await call(wang, 'POST', '/share-requests', { title: '超时提醒', form: form() })).json().id as string;
      expect((await call(wang, 'POST', `/share-requests/${id}/submit`)).json().state).toBe('in_review');
      const granted = await grantedRequest('反馈提醒');
      clock.advanceMinutes(49 * 60);
      expect((await call(await as('head.lab'), 'GET', `/share-requests/${id}`)).json().stepOverdue).toBe(true);
      const first = await platform.reminders.run();
      expect(first).toBeGreaterThanOrEqual(1);
      expect(await platform.reminders.run()).toBe(0);
      const headInbox = (await call(await as('head.lab'), 'GET', '/inbox')).json().items as { kind: string; subjectId: string }[];
      expect(headInbox.filter((n) => n.kind === 'review-overdue' && n.subjectId === id)).toHaveLength(1);
      clock.advanceMinutes(9 * 24 * 60);
      await platform.reminders.run();
      const wangInbox = (await call(await as('dr.wang'), 'GET', '/inbox')).json().items as { kind: string; subjectId: string }[];
      expect(wangInbox.filter((n) => n.kind === 'feedback-due' && n.subjectId === granted.grantId)).toHaveLength(1);
    });
  });
}
