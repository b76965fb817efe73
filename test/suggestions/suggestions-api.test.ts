import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { PNG_BYTES } from './fixture.js';

type Json = Record<string, any>;

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`the suggestion channel over HTTP (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-02T01:00:00.000Z'));
    let platform: TestApp;
    const sessions = new Map<string, Session>();
    const as = async (username: string) => {
      if (!sessions.has(username)) sessions.set(username, await signIn(platform.app, username));
      return sessions.get(username)!;
    };
    /** Moves time; sessions idle out, so everyone signs in again afterwards. */
    const advance = (minutes: number) => {
      clock.advanceMinutes(minutes);
      sessions.clear();
    };
    const call = (session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), ...(payload !== undefined ? { payload: payload as object } : {}) });
    const count = async (table: 'suggestions' | 'suggestion_attachments' | 'suggestion_events') => Number((await platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const named = { kind: 'complaint', category: 'review', text: '数据申请审查超过十个工作日仍无结果，影响科研进度。' };
    const anonymous = { kind: 'suggestion', category: 'security-privacy', text: '导出包的下载链接建议增加二次确认，避免误发。', anonymous: true, attachment: { name: '截图.png', mediaType: 'image/png', contentBase64: PNG_BYTES.toString('base64') } };
    let wang: { id: string; username: string; displayName: string; departmentId: string };
    let namedId: string;
    let anonymousId: string;

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
      const row = await platform.database.db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id']).where('username', '=', 'dr.wang').executeTakeFirstOrThrow();
      wang = { id: row.id, username: row.username, displayName: row.display_name, departmentId: row.department_id! };
    }, 120_000);
    afterAll(async () => platform?.close());

    /** Every trace of who dr.wang is; none may reach a handler about an anonymous suggestion. */
    const expectNoTraceOfWang = (value: unknown) => {
      const text = JSON.stringify(value);
      for (const trace of [wang.id, wang.username, wang.displayName, wang.departmentId]) expect(text).not.toContain(trace);
    };

    it('takes named and anonymous submissions from staff, and shows the submitter both as theirs', async () => {
      const session = await as('dr.wang');
      const first = await call(session, 'POST', '/suggestions', named);
      expect(first.statusCode, first.body).toBe(201);
      const view = first.json();
      namedId = view.id;
      expect(first.headers.location).toBe(`/api/v1/suggestions/${namedId}`);
      expect(view).toMatchObject({ kind: 'complaint', category: 'review', categoryLabel: { zh: '审查' }, status: 'open', anonymous: false, mine: true, submitter: { id: wang.id, displayName: '王明', departmentName: { zh: '内科' } }, attachment: null, events: [] });

      advance(5);
      const second = await call(session, 'POST', '/suggestions', anonymous);
      expect(second.statusCode, second.body).toBe(201);
      anonymousId = second.json().id;
      expect(second.json()).toMatchObject({ anonymous: true, submitter: null, mine: true, attachment: { name: '截图.png', mediaType: 'image/png', bytes: PNG_BYTES.length } });

      const mine = (await call(session, 'GET', '/suggestions')).json();
      expect(mine.total).toBe(2);
      expect(mine.items.map((item: Json) => item.id)).toEqual([anonymousId, namedId]);
      expect(mine.items.every((item: Json) => item.mine)).toBe(true);
      // The submitter reads their anonymous one and its file, still without being recorded by name.
      expect((await call(session, 'GET', `/suggestions/${anonymousId}`)).statusCode).toBe(200);
      expect((await call(session, 'GET', `/suggestions/${anonymousId}/attachment`)).rawPayload.equals(PNG_BYTES)).toBe(true);
    });

    it('stores the text, the file and the anonymous submitter sealed', async () => {
      const row = await platform.database.db.selectFrom('suggestions').selectAll().where('id', '=', anonymousId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ submitter_id: null, submitter_department_id: null, anonymous: 1 });
      expect(row.content).not.toContain('导出包');
      expect(Buffer.from(row.content, 'base64').toString('utf8')).not.toContain('导出包');
      expect(row.submitter_sealed).not.toContain(wang.id);
      expect(Buffer.from(row.submitter_sealed!, 'base64').toString('latin1')).not.toContain(wang.id);
      const file = await platform.database.db.selectFrom('suggestion_attachments').selectAll().where('suggestion_id', '=', anonymousId).executeTakeFirstOrThrow();
      expect(file.content).not.toBe(PNG_BYTES.toString('base64'));
    });

    it('lists everything for the information administrator, filtered and paged, never naming an anonymous submitter', async () => {
      const admin = await as('infoadmin');
      const all = await call(admin, 'GET', '/suggestions?scope=all');
      expect(all.statusCode).toBe(200);
      const items = all.json().items as Json[];
      const hidden = items.find((item) => item.id === anonymousId)!;
      expect(hidden).toMatchObject({ anonymous: true, submitter: null, mine: false, text: anonymous.text });
      expectNoTraceOfWang(hidden);
      expect(items.find((item) => item.id === namedId)!.submitter.displayName).toBe('王明');

      expect((await call(admin, 'GET', '/suggestions?scope=all&category=security-privacy')).json().items.map((i: Json) => i.id)).toEqual([anonymousId]);
      expect((await call(admin, 'GET', '/suggestions?scope=all&kind=complaint&status=open')).json().items.map((i: Json) => i.id)).toEqual([namedId]);
      expect((await call(admin, 'GET', '/suggestions?scope=all&from=2026-11-02T01:04:00.000Z&to=2026-11-03T00:00:00.000Z')).json().items.map((i: Json) => i.id)).toEqual([anonymousId]);
      const first = (await call(admin, 'GET', '/suggestions?scope=all&limit=1')).json();
      expect(first).toMatchObject({ total: 2, items: [{ id: anonymousId }] });
      const second = (await call(admin, 'GET', `/suggestions?scope=all&limit=1&cursor=${first.nextCursor}`)).json();
      expect(second).toMatchObject({ total: 2, items: [{ id: namedId }], nextCursor: null });
      expectProblem(await call(admin, 'GET', '/suggestions?scope=all&cursor=nonsense'), 400, 'VALIDATION_FAILED');

      const detail = await call(admin, 'GET', `/suggestions/${anonymousId}`);
      expect(detail.statusCode).toBe(200);
      expectNoTraceOfWang(detail.json());
      const file = await call(admin, 'GET', `/suggestions/${anonymousId}/attachment`);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toContain("filename*=UTF-8''%E6%88%AA%E5%9B%BE.png");
      expect(file.rawPayload.equals(PNG_BYTES)).toBe(true);
      expectProblem(await call(admin, 'GET', `/suggestions/${namedId}/attachment`), 404, 'SUGGESTION_ATTACHMENT_NOT_FOUND');
    });

    it('keeps the anonymous submitter out of the audit entries the handlers read, even of a refused submission', async () => {
      const session = await as('dr.wang');
      const refused = await call(session, 'POST', '/suggestions', { ...anonymous, category: 'no-such-category' });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      const admin = await as('infoadmin');
      const entries = (await call(admin, 'GET', `/audit/events?objectId=${anonymousId}`)).json().items as Json[];
      expect(entries.map((entry) => `${entry.action}:${entry.objectType}`)).toEqual(expect.arrayContaining(['create:suggestion', 'read:suggestion', 'read:suggestion_attachment']));
      const bySubmitter = entries.filter((entry) => entry.actor.type === 'anonymous');
      expect(bySubmitter.length).toBeGreaterThanOrEqual(3);
      expect(bySubmitter.find((entry) => entry.action === 'create')!.details).toMatchObject({ anonymous: true, category: 'security-privacy', attachment: 'image/png' });
      // Nor their address or browser, which their named entries carry and would give them away.
      for (const entry of bySubmitter) expect(entry).toMatchObject({ sourceIp: null, userAgent: null });
      expectNoTraceOfWang(entries);
      const recent = (await call(admin, 'GET', '/audit/events?objectType=suggestion&action=create&limit=20')).json().items as Json[];
      const refusal = recent.find((entry) => entry.requestId === refused.headers['x-request-id'])!;
      expect(refusal).toMatchObject({ outcome: 'error', actor: { type: 'anonymous', id: null }, sourceIp: null, userAgent: null });
      // A named submission is recorded under its submitter, as every other action is.
      const namedEntries = (await call(admin, 'GET', `/audit/events?objectId=${namedId}&action=create`)).json().items as Json[];
      expect(namedEntries[0]!.actor).toMatchObject({ id: wang.id, name: 'dr.wang' });
      expect(namedEntries[0]!.sourceIp).toEqual(expect.any(String));
    });

    it('hides someone else\'s suggestion from other staff as if it did not exist', async () => {
      const li = await as('dr.li');
      expectProblem(await call(li, 'GET', `/suggestions/${namedId}`), 404, 'SUGGESTION_NOT_FOUND');
      expectProblem(await call(li, 'GET', `/suggestions/${anonymousId}/attachment`), 404, 'SUGGESTION_NOT_FOUND');
      expectProblem(await call(li, 'POST', `/suggestions/${namedId}/responses`, { text: '代为答复' }), 404, 'SUGGESTION_NOT_FOUND');
      expectProblem(await call(li, 'POST', `/suggestions/${namedId}/status`, { status: 'closed' }), 404, 'SUGGESTION_NOT_FOUND');
      expectProblem(await call(li, 'POST', `/suggestions/${anonymousId}/reopen`, { reason: '不是我的' }), 404, 'SUGGESTION_NOT_FOUND');
      expectProblem(await call(li, 'GET', '/suggestions?scope=all'), 403, 'FORBIDDEN');
      expect((await call(li, 'GET', '/suggestions')).json()).toEqual({ items: [], total: 0, nextCursor: null });
    });

    it('lets the auditor read everything but answer or change nothing', async () => {
      const auditor = await as('auditor');
      expect((await call(auditor, 'GET', '/suggestions?scope=all')).json().total).toBe(2);
      const detail = await call(auditor, 'GET', `/suggestions/${anonymousId}`);
      expect(detail.statusCode).toBe(200);
      expectNoTraceOfWang(detail.json());
      expectProblem(await call(auditor, 'POST', `/suggestions/${namedId}/responses`, { text: '审计意见' }), 403, 'FORBIDDEN');
      // Refused for who they are before what they wrote is looked at.
      expectProblem(await call(auditor, 'POST', `/suggestions/${namedId}/responses`, { text: '   ' }), 403, 'FORBIDDEN');
      expectProblem(await call(auditor, 'POST', `/suggestions/${namedId}/status`, { status: 'in_progress' }), 403, 'FORBIDDEN');
      expect((await call(auditor, 'GET', `/suggestions/${namedId}`)).json().status).toBe('open');
    });

    it('lets the information department take on, reply to and answer a suggestion, and the submitter read the answer', async () => {
      let admin = await as('infoadmin');
      expectProblem(await call(admin, 'POST', `/suggestions/${namedId}/status`, { status: 'closed' }), 409, 'SUGGESTION_STATE');
      const started = await call(admin, 'POST', `/suggestions/${namedId}/status`, { status: 'in_progress', note: '已转审查组核实' });
      expect(started.statusCode, started.body).toBe(200);
      expect(started.json()).toMatchObject({ status: 'in_progress', events: [{ action: 'start', by: 'handler', handler: { displayName: '张信安' }, text: '已转审查组核实' }] });
      advance(60);
      admin = await as('infoadmin');
      const interim = await call(admin, 'POST', `/suggestions/${namedId}/responses`, { text: '正在核查审查时限。', interim: true });
      expect(interim.statusCode).toBe(201);
      expect(interim.json().status).toBe('in_progress');
      advance(60);
      admin = await as('infoadmin');
      const answered = await call(admin, 'POST', `/suggestions/${namedId}/responses`, { text: '已督促审查组按时限办理，并增加超时提醒。' });
      expect(answered.statusCode).toBe(201);
      expect(answered.json()).toMatchObject({ status: 'answered', firstAnsweredAt: '2026-11-02T03:05:00.000Z', version: 3 });
      const audit = (await call(admin, 'GET', `/audit/events?objectId=${namedId}&objectType=suggestion_response&outcome=success`)).json().items as Json[];
      expect(audit.map((entry) => entry.details.interim)).toEqual([false, true]);

      const mine = (await call(await as('dr.wang'), 'GET', `/suggestions/${namedId}`)).json();
      expect(mine.events.map((event: Json) => event.action)).toEqual(['start', 'interim', 'answer']);
      expect(mine.events[2]).toMatchObject({ by: 'handler', text: '已督促审查组按时限办理，并增加超时提醒。', handler: { displayName: '张信安' } });
      expect(mine.reopenableUntil).toBe('2026-12-02T03:05:00.000Z');
      expectProblem(await call(await as('dr.wang'), 'POST', `/suggestions/${namedId}/responses`, { text: '自己答复' }), 403, 'FORBIDDEN');
      expectProblem(await call(admin, 'POST', `/suggestions/${namedId}/responses`, { text: ' ' }), 400, 'VALIDATION_FAILED');
    });

    it('lets the anonymous submitter reopen within the window, close when satisfied, and not reopen after', async () => {
      const admin = await as('infoadmin');
      expect((await call(admin, 'POST', `/suggestions/${anonymousId}/responses`, { text: '已增加下载前二次确认。' })).statusCode).toBe(201);
      expectProblem(await call(admin, 'POST', `/suggestions/${anonymousId}/reopen`, { reason: '管理员不能代为重新打开' }), 403, 'FORBIDDEN');
      const session = await as('dr.wang');
      const reopened = await call(session, 'POST', `/suggestions/${anonymousId}/reopen`, { reason: '确认框仍可一键跳过。' });
      expect(reopened.statusCode, reopened.body).toBe(200);
      expect(reopened.json()).toMatchObject({ status: 'in_progress', reopenCount: 1 });
      expect(reopened.json().events.at(-1)).toMatchObject({ action: 'reopen', by: 'submitter', handler: null, text: '确认框仍可一键跳过。' });
      const seenByAdmin = (await call(admin, 'GET', `/suggestions/${anonymousId}`)).json();
      expectNoTraceOfWang(seenByAdmin);
      expect(seenByAdmin.reopenableUntil).toBeNull();

      expect((await call(admin, 'POST', `/suggestions/${anonymousId}/responses`, { text: '已改为必须输入验证码。' })).statusCode).toBe(201);
      const closed = await call(session, 'POST', `/suggestions/${anonymousId}/status`, { status: 'closed' });
      expect(closed.json()).toMatchObject({ status: 'closed', events: expect.arrayContaining([expect.objectContaining({ action: 'close', by: 'submitter' })]) });
      expectProblem(await call(session, 'POST', `/suggestions/${anonymousId}/status`, { status: 'in_progress' }), 403, 'FORBIDDEN');
      expectProblem(await call(admin, 'POST', `/suggestions/${anonymousId}/responses`, { text: '再答复' }), 409, 'SUGGESTION_STATE');

      advance(31 * 24 * 60);
      const late = expectProblem(await call(await as('dr.wang'), 'POST', `/suggestions/${anonymousId}/reopen`, { reason: '仍不满意。' }), 409, 'SUGGESTION_REOPEN_EXPIRED');
      expect(late.detail).toContain('30');
      const entries = (await call(await as('infoadmin'), 'GET', `/audit/events?objectId=${anonymousId}`)).json().items as Json[];
      // The submitter's reopening and their late attempt; the administrator's refused one (denied) is theirs to answer for.
      const reopens = entries.filter((entry) => entry.details.change === 'reopen' && entry.outcome !== 'denied');
      expect(reopens.map((entry) => [entry.outcome, entry.actor.type])).toEqual([['error', 'anonymous'], ['success', 'anonymous']]);
      expectNoTraceOfWang(entries);
    });

    it('does not let an information administrator handle their own suggestion', async () => {
      const admin = await as('infoadmin');
      const own = (await call(admin, 'POST', '/suggestions', { kind: 'suggestion', category: 'usability', text: '控制台列表希望支持按科室筛选。' })).json();
      expectProblem(await call(admin, 'POST', `/suggestions/${own.id}/responses`, { text: '自己答复自己' }), 403, 'SUGGESTION_OWN');
      expectProblem(await call(admin, 'POST', `/suggestions/${own.id}/status`, { status: 'in_progress' }), 403, 'SUGGESTION_OWN');
    });

    it('refuses bad input with a 400 problem and stores nothing', async () => {
      const session = await as('nurse.zhao');
      const before = await Promise.all([count('suggestions'), count('suggestion_attachments'), count('suggestion_events')]);
      const bad: unknown[] = [
        { kind: 'complaint', category: 'review' },
        { kind: 'praise', category: 'review', text: '一切都很好，谢谢。' },
        { kind: 'complaint', category: 'review', text: '一切都很好，谢谢。', extra: 1 },
        { kind: 'complaint', category: 'review', text: '               ' },
        { kind: 'complaint', category: 'review', text: '附件编码错误的投诉', attachment: { name: 'a.png', mediaType: 'image/png', contentBase64: '@@@@' } },
        { kind: 'complaint', category: 'review', text: '附件类型不符的投诉', attachment: { name: 'a.png', mediaType: 'image/png', contentBase64: Buffer.from('<html>').toString('base64') } },
        { kind: 'complaint', category: 'review', text: '附件类型不允许的投诉', attachment: { name: 'a.html', mediaType: 'text/html', contentBase64: Buffer.from('<html>').toString('base64') } },
        { kind: 'complaint', category: 'review', text: '文件名不合法的投诉', attachment: { name: '../../etc/passwd', mediaType: 'text/plain', contentBase64: Buffer.from('x').toString('base64') } },
      ];
      for (const payload of bad) {
        const problem = expectProblem(await call(session, 'POST', '/suggestions', payload), 400, 'VALIDATION_FAILED');
        expect((problem.errors as unknown[]).length).toBeGreaterThan(0);
      }
      expectProblem(await call(await as('infoadmin'), 'POST', `/suggestions/${namedId}/status`, { status: 'answered' }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(session, 'GET', '/suggestions?from=2026-12-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z'), 400, 'VALIDATION_FAILED');
      expect(await Promise.all([count('suggestions'), count('suggestion_attachments'), count('suggestion_events')])).toEqual(before);
    });

    it('refuses an oversized attachment and stores nothing', async () => {
      const session = await as('nurse.zhao');
      const before = await count('suggestions');
      const oneByteOver = Buffer.alloc(1024 * 1024 + 1, 0x41).toString('base64');
      const problem = expectProblem(await call(session, 'POST', '/suggestions', { kind: 'suggestion', category: 'other', text: '附件略大于上限。', attachment: { name: 'big.txt', mediaType: 'text/plain', contentBase64: oneByteOver } }), 413, 'SUGGESTION_ATTACHMENT_TOO_LARGE');
      expect(problem.detail).toContain('1 MiB');
      const wayOver = Buffer.alloc(3 * 1024 * 1024, 0x41).toString('base64');
      expectProblem(await call(session, 'POST', '/suggestions', { kind: 'suggestion', category: 'other', text: '附件远大于上限。', attachment: { name: 'big.txt', mediaType: 'text/plain', contentBase64: wayOver } }), 413, 'PAYLOAD_TOO_LARGE');
      expect(await count('suggestions')).toBe(before);
    });

    it('answers the fixed lists in both languages', async () => {
      const vocabulary = (await call(await as('dr.li'), 'GET', '/suggestions/categories')).json();
      expect(vocabulary.kinds).toEqual([{ key: 'suggestion', label: { zh: '建议', en: 'Suggestion' } }, { key: 'complaint', label: { zh: '投诉', en: 'Complaint' } }]);
      expect(vocabulary.categories.map((c: Json) => c.label.zh)).toEqual(['申请流程', '审查', '数据质量', '安全与隐私', '系统易用性', '其他']);
      expect(vocabulary).toMatchObject({ attachment: { maxBytes: 1024 * 1024 }, reopenDays: 30 });
    });

    it('documents the channel in the OpenAPI document', async () => {
      const document = (await platform.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/suggestions', '/api/v1/suggestions/{id}', '/api/v1/suggestions/{id}/responses', '/api/v1/suggestions/{id}/status', '/api/v1/suggestions/{id}/reopen', '/api/v1/suggestions/{id}/attachment']));
      expect(document.paths['/api/v1/suggestions'].post.requestBody.content['application/json'].schema.required).toEqual(['kind', 'category', 'text']);
      expect(Object.keys(document.paths['/api/v1/suggestions/{id}'].get.responses['200'].content['application/json'].schema.properties)).toContain('events');
    });

    it('refuses callers who are not signed in', async () => {
      expectProblem(await platform.app.inject({ method: 'POST', url: '/api/v1/suggestions', payload: named }), 401, 'UNAUTHENTICATED');
      expectProblem(await platform.app.inject({ method: 'GET', url: '/api/v1/suggestions' }), 401, 'UNAUTHENTICATED');
    });
  });
}
