/**
 * The suggestion channel's notices reach the in-app inbox: handlers hear of a new suggestion, the
 * submitter of its answer. A notice to the submitter of an anonymous suggestion does not link to it,
 * so the stored notice cannot join the person to what they wrote. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

type Notice = { kind: string; subjectType: string; subjectId: string; title: { zh: string } };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`suggestion notices in the inbox (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let staff: Session;
    const post = (session: Session, url: string, payload: object) => platform.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(session), payload });
    const inbox = async (session: Session) => ((await platform.app.inject({ method: 'GET', url: '/api/v1/inbox', headers: bearer(session) })).json() as { items: Notice[] }).items;

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      admin = await signIn(platform.app, 'infoadmin');
      staff = await signIn(platform.app, 'nurse.zhao');
    }, 120_000);
    afterAll(async () => platform?.close());

    it('tells the handlers of a new suggestion and the submitter of its answer', async () => {
      const created = await post(staff, '/suggestions', { kind: 'suggestion', category: 'request-process', text: '建议简化科研申请的附件要求' });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect(await inbox(admin)).toContainEqual(expect.objectContaining({ kind: 'suggestion-new', subjectType: 'suggestion', subjectId: id }));
      expect((await post(admin, `/suggestions/${id}/responses`, { text: '已采纳，下月起执行' })).statusCode).toBe(201);
      expect(await inbox(staff)).toContainEqual(expect.objectContaining({ kind: 'suggestion-answered', subjectType: 'suggestion', subjectId: id }));
    });

    it('does not link a notice to the anonymous suggestion it is about', async () => {
      const created = await post(staff, '/suggestions', { kind: 'complaint', category: 'security-privacy', text: '同事共用账号登录', anonymous: true });
      const id = created.json().id as string;
      expect((await post(admin, `/suggestions/${id}/responses`, { text: '已核查并处理' })).statusCode).toBe(201);
      const answered = (await inbox(staff)).filter((notice) => notice.kind === 'suggestion-answered' && notice.title.zh.includes('匿名'));
      expect(answered).toHaveLength(1);
      expect(answered[0]!.subjectId).toBe('');
      expect(JSON.stringify(await inbox(staff))).not.toContain(id);
    });
  });
}
