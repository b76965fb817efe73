/**
 * The subject of a violation case hears of it in the inbox: a user of their own case, a department
 * through its active heads, an institution not at all (it has no accounts here). Notices name the
 * step and the sanction, never the case's words, notes or evidence, and a failing notifier never
 * fails a step. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ViolationService } from '../../src/violations/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { principalFor } from '../suggestions/fixture.js';

type Notice = { kind: string; subjectType: string; subjectId: string; title: { zh: string; en: string } };
type CaseView = { id: string; status: string; suspended: boolean; history: { kind: string }[] };

// Words that only the investigators may read; none of them may reach a notice.
const SECRET = { title: '夜间调阅非本科室病历', description: '连续查询十二名非本科室患者', note: '已调取门禁与排班记录', evidence: '证据:审计第0条', details: '扣减季度绩效 800 元' };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`violation notices in the inbox (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let privacy: Session;
    const ids: Record<string, string> = {};

    const post = (session: Session, url: string, payload: object) => platform.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(session), payload });
    const step = async (session: Session, url: string, payload: object): Promise<CaseView> => {
      const response = await post(session, url, payload);
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json() as CaseView;
    };
    const userId = async (username: string) => (await platform.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    /** The stored notices about one case, by recipient: read from the table, as some recipients can no longer sign in. */
    const noticesOf = async (caseId: string): Promise<Map<string, Notice[]>> => {
      const rows = await platform.database.db.selectFrom('notifications').selectAll().where('subject_id', '=', caseId).orderBy('created_at').orderBy('kind').execute();
      const byUser = new Map<string, Notice[]>();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), { kind: row.kind, subjectType: row.subject_type, subjectId: row.subject_id, title: { zh: row.title_zh, en: row.title_en } }]);
      return byUser;
    };
    const kinds = (notices: readonly Notice[] | undefined) => (notices ?? []).map((n) => n.kind).sort();
    const open = (subject: { kind: string; id: string }, suspend: boolean) => step(admin, '/violations', { subject, title: SECRET.title, description: SECRET.description, evidence: { auditSeqs: [0], note: SECRET.evidence }, suspend });

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      [admin, privacy] = await Promise.all([signIn(platform.app, 'infoadmin'), signIn(platform.app, 'privacy')]);
      for (const name of ['dr.wang', 'dr.li', 'nurse.zhao', 'head.internal', 'infoadmin']) ids[name] = await userId(name);
    }, 120_000);
    afterAll(async () => platform?.close());

    it('tells a user of the opening, the suspension, the sanction in force and the close, in their inbox', async () => {
      const opened = await open({ kind: 'user', id: ids['nurse.zhao']! }, true);
      await step(admin, `/violations/${opened.id}/notes`, { text: SECRET.note });
      await step(admin, `/violations/${opened.id}/decision`, { kind: 'penalty', details: SECRET.details, reason: '情节较轻,予以处罚' });
      await step(admin, `/violations/${opened.id}/close`, { reason: '申诉期满' });

      const byUser = await noticesOf(opened.id);
      expect([...byUser.keys()]).toEqual([ids['nurse.zhao']]);
      expect(kinds(byUser.get(ids['nurse.zhao']!))).toEqual(['violation-closed', 'violation-decided', 'violation-opened', 'violation-suspended']);

      // Back in after the decision ended the suspension, she finds them in her inbox, linked to the case.
      const zhao = await signIn(platform.app, 'nurse.zhao');
      const inbox = ((await platform.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: bearer(zhao) })).json() as { items: Notice[] }).items.filter((n) => n.subjectType === 'violation_case');
      expect(inbox).toHaveLength(4);
      expect(inbox.every((n) => n.subjectId === opened.id)).toBe(true);
      expect(inbox.find((n) => n.kind === 'violation-decided')!.title).toEqual({ zh: '违规处理决定已生效:处罚,如有异议可提出申诉', en: 'Violation case decision in force: Penalty. You may file an appeal' });
      const text = JSON.stringify(inbox);
      for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
      // The subject reads the case the notice links to.
      expect((await platform.app.inject({ method: 'GET', url: `/api/v1/violations/${opened.id}`, headers: bearer(zhao) })).statusCode).toBe(200);
    });

    it('says nothing of a proposed termination until the second approver puts it in force', async () => {
      const opened = await open({ kind: 'user', id: ids['dr.li']! }, false);
      await step(admin, `/violations/${opened.id}/decision`, { kind: 'termination', reason: '情节严重' });
      expect(kinds((await noticesOf(opened.id)).get(ids['dr.li']!))).toEqual(['violation-opened']);
      await step(privacy, `/violations/${opened.id}/approval`, { approve: true, reason: '同意' });
      const notices = (await noticesOf(opened.id)).get(ids['dr.li']!) ?? [];
      expect(kinds(notices)).toEqual(['violation-decided', 'violation-opened']);
      expect(notices.find((n) => n.kind === 'violation-decided')!.title.zh).toContain('解除劳动合同');
    });

    it('closes with no sanction to appeal when there was no violation', async () => {
      const opened = await open({ kind: 'user', id: ids['dr.wang']! }, false);
      await step(admin, `/violations/${opened.id}/decision`, { kind: 'no_violation', reason: '系会诊需要' });
      const notices = (await noticesOf(opened.id)).get(ids['dr.wang']!) ?? [];
      expect(kinds(notices)).toEqual(['violation-closed', 'violation-opened']);
      expect(notices.find((n) => n.kind === 'violation-closed')!.title.en).toBe('Violation case closed: no violation');
    });

    it('tells a department through its active heads only', async () => {
      const department = await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow();
      const opened = await open({ kind: 'department', id: department.id }, true);
      await step(admin, `/violations/${opened.id}/decision`, { kind: 'warning', reason: '予以警告' });
      // A head whose account is not active is not told: dr.wang becomes a head of 内科 and is suspended.
      await platform.database.db.insertInto('user_roles').values({ user_id: ids['dr.wang']!, role: 'dept_head' }).execute();
      await platform.database.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', ids['dr.wang']!).execute();
      await step(admin, `/violations/${opened.id}/close`, { reason: '整改完成' });

      const byUser = await noticesOf(opened.id);
      expect([...byUser.keys()]).toEqual([ids['head.internal']]);
      const notices = byUser.get(ids['head.internal']!)!;
      expect(kinds(notices)).toEqual(['violation-closed', 'violation-decided', 'violation-opened', 'violation-suspended']);
      expect(notices.find((n) => n.kind === 'violation-suspended')!.title.zh).toBe('违规处理期间,本科室的数据授权已暂停');
      for (const secret of Object.values(SECRET)) expect(JSON.stringify(notices)).not.toContain(secret);
      await platform.database.db.updateTable('users').set({ status: 'active' }).where('id', '=', ids['dr.wang']!).execute();
      await platform.database.db.deleteFrom('user_roles').where('user_id', '=', ids['dr.wang']!).where('role', '=', 'dept_head').execute();
    });

    it('tells no one about an institution, which has no accounts here', async () => {
      const institution = await platform.database.db.selectFrom('institutions').select('id').where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
      const opened = await open({ kind: 'institution', id: institution.id }, true);
      await step(admin, `/violations/${opened.id}/decision`, { kind: 'warning', reason: '予以警告' });
      await step(admin, `/violations/${opened.id}/close`, { reason: '结案' });
      expect((await noticesOf(opened.id)).size).toBe(0);
    });

    it('completes every step when the notifier fails', async () => {
      const deps = {
        db: platform.database.db,
        clock: () => new Date(),
        org: platform.org,
        departments: platform.org.departments,
        grants: platform.grants,
        audit: (record: Parameters<TestApp['auditLog']['append']>[0]) => platform.auditLog.append(record),
        auditTreeSize: () => platform.audit.treeSize(),
      };
      const throwing = new ViolationService({
        ...deps,
        notify: () => {
          throw new Error('inbox unavailable');
        },
      });
      const rejecting = new ViolationService({ ...deps, notify: () => Promise.reject(new Error('gateway down')) });
      const by = await principalFor(platform.database.db, 'infoadmin');
      for (const service of [throwing, rejecting]) {
        const opened = await service.open({ subject: { kind: 'user', id: ids['nurse.zhao']! }, title: '通知失败测试', description: '通知失败时案件照常推进', suspend: true }, by);
        expect(opened).toMatchObject({ status: 'open', suspended: true });
        expect((await service.decide(opened.id, by, { kind: 'warning', reason: '警告' })).status).toBe('decided');
        const closed = await service.close(opened.id, by, '结案');
        expect(closed.status).toBe('closed');
        expect(closed.history.map((h) => h.kind)).toEqual(['opened', 'suspended', 'decision_in_force', 'suspension_lifted', 'closed']);
      }
    });
  });
}
