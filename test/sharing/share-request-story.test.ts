import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { labPatientsOutsideCareTeam, labRequestForm } from '../support/sharing.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`a share request from form to grant (${dialect})`, () => {
    let platform: TestApp;
    let wang: Session;
    let headLab: Session;
    let privacy: Session;
    let admin: Session;
    let nkId: string;
    let patients: string[];
    const call = (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(session), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const form = () =>
      labRequestForm(nkId, patients, [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }, { name: 'collectedAt' }, { name: 'performer', justification: 'who ran the analyser' }], { channel: 'api' });

    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { demoPatients: 12 } });
      [wang, headLab, privacy, admin] = (await Promise.all(['dr.wang', 'head.lab', 'privacy', 'infoadmin'].map((u) => signIn(platform.app, u)))) as [Session, Session, Session, Session];
      nkId = (await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow()).id;
      // Patients with lab reports that dr.wang's care team does not cover, so only the grant can open them.
      patients = await labPatientsOutsideCareTeam(platform.database.db, 'dr.wang', 3);
      expect(patients).toHaveLength(3);
    }, 120_000);
    afterAll(async () => platform?.close());

    it('goes from draft through narrowing and approvals to a grant that opens exactly the narrowed fields', async () => {
      const before = await call(wang, 'GET', `/patients/${patients[0]}/records?resource=CLIN_LAB_REPORT`, undefined, { 'x-purpose-of-use': 'quality-control' });
      expect(before.json().total).toBe(0);

      const draft = await call(wang, 'POST', '/share-requests', { title: '检验质控抽查', form: form() });
      expect(draft.statusCode).toBe(201);
      const id = draft.json().id as string;
      expect(draft.json().findings.map((f: { check: string }) => f.check)).toContain('fields-necessary');

      const submitted = await call(wang, 'POST', `/share-requests/${id}/submit`);
      expect(submitted.json()).toMatchObject({ state: 'in_review', currentStep: 0, steps: [{ role: 'dept_head', departmentCode: 'JYK' }, { role: 'privacy_officer' }, { role: 'info_admin' }] });
      expectProblem(await call(wang, 'POST', `/share-requests/${id}/submit`), 409, 'SHARE_REQUEST_STATE');
      expectProblem(await call(admin, 'POST', `/share-requests/${id}/reviews`, { decision: 'approve', reason: '同意' }), 403, 'SHARE_REQUEST_NOT_REVIEWER');

      const narrowed = await call(headLab, 'POST', `/share-requests/${id}/reviews`, { decision: 'narrow', reason: '检验人员信息非必要', narrowing: { dropFields: { CLIN_LAB_REPORT: ['performer'] }, accessDays: 14 } });
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json()).toMatchObject({ state: 'in_review', currentStep: 1, form: { accessDays: 14 } });
      expect((await call(privacy, 'POST', `/share-requests/${id}/reviews`, { decision: 'approve', reason: '已去除非必要字段' })).json().currentStep).toBe(2);
      const approved = await call(admin, 'POST', `/share-requests/${id}/reviews`, { decision: 'approve', reason: '合法且必要' });
      expect(approved.json()).toMatchObject({ state: 'granted' });
      const [grantId] = approved.json().grantIds as string[];
      const grant = (await call(admin, 'GET', `/grants/${grantId}`)).json();
      expect(grant).toMatchObject({ fields: ['patient', 'testCode', 'resultQuantity', 'collectedAt'], purpose: 'quality-control', channel: 'api', grantee: { kind: 'department', id: nkId } });
      expect(Date.parse(grant.validTo) - Date.parse(grant.validFrom)).toBe(14 * 86_400_000);

      const read = await call(wang, 'GET', `/patients/${patients[0]}/records?resource=CLIN_LAB_REPORT`, undefined, { 'x-purpose-of-use': 'quality-control' });
      expect(read.headers['x-access-basis']).toBe(`grant:${grantId}`);
      expect(read.json().total).toBeGreaterThan(0);
      for (const item of read.json().items) {
        // Fields outside the grant are gone; identifiers outside it are shown masked, with the reason.
        expect(item.resource.referenceRange).toBeUndefined();
        expect(item.omitted).toContain('referenceRange');
        if (item.resource.performer) {
          expect(item.masked).toContainEqual({ field: 'performer', strategy: 'pseudonym', reason: 'outside-grant' });
          for (const performer of item.resource.performer) expect(performer.reference).toMatch(/^Practitioner\/p-[0-9a-f]{24}$/);
        }
      }
      const otherPurpose = await call(wang, 'GET', `/patients/${patients[0]}/records?resource=CLIN_LAB_REPORT`, undefined, { 'x-purpose-of-use': 'research' });
      expect(otherPurpose.json().total).toBe(0);

      // Only the owning department's head (or the information administrator) revokes; it bites at once.
      expectProblem(await call(await signIn(platform.app, 'head.internal'), 'POST', `/grants/${grantId}/revoke`, { reason: '不是我的数据' }), 403, 'FORBIDDEN');
      expect((await call(headLab, 'POST', `/grants/${grantId}/revoke`, { reason: '质控抽查已完成' })).json().status).toBe('revoked');
      const afterRevoke = await call(wang, 'GET', `/patients/${patients[0]}/records?resource=CLIN_LAB_REPORT`, undefined, { 'x-purpose-of-use': 'quality-control' });
      expect(afterRevoke.json().total).toBe(0);
      const notices = (await call(wang, 'GET', '/inbox')).json().items as { kind: string; subjectId: string }[];
      expect(notices.some((n) => n.kind === 'revoked' && n.subjectId === grantId)).toBe(true);

      const history = (await call(admin, 'GET', `/share-requests/${id}`)).json();
      expect(history.reviews.map((r: { decision: string }) => r.decision)).toEqual(['narrow', 'approve', 'approve']);
      const audited = await platform.audit.search({ objectType: 'share_request' }, 50);
      expect(audited.items.filter((e) => e.objectId === id).map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'update', 'decision']));
    });

    it('refuses self-review, widening narrowings and blocked submissions', async () => {
      const headWang = await signIn(platform.app, 'head.internal');
      const own = await call(headWang, 'POST', '/share-requests', { title: '本科室自审', form: { ...form(), resources: [{ catalogCode: 'CLIN_PROCEDURE', fields: [{ name: 'patient' }] }], patients: { kind: 'criteria', criteria: { departmentCode: 'NK' } } } });
      const ownId = own.json().id as string;
      expect((await call(headWang, 'POST', `/share-requests/${ownId}/submit`)).json().steps[0]).toEqual({ role: 'dept_head', departmentCode: 'NK' });
      expectProblem(await call(headWang, 'POST', `/share-requests/${ownId}/reviews`, { decision: 'approve', reason: '自己批准' }), 403, 'SHARE_REQUEST_OWN_REVIEW');

      const second = (await call(wang, 'POST', '/share-requests', { title: '再次申请', form: form() })).json().id as string;
      await call(wang, 'POST', `/share-requests/${second}/submit`);
      expectProblem(await call(headLab, 'POST', `/share-requests/${second}/reviews`, { decision: 'narrow', reason: '放宽', narrowing: { accessDays: 60 } }), 422, 'SHARE_REQUEST_NARROWING_INVALID');
      expect((await call(headLab, 'POST', `/share-requests/${second}/reviews`, { decision: 'return', reason: '请补充理由' })).json().state).toBe('returned');
      expect((await call(wang, 'POST', `/share-requests/${second}/withdraw`)).json().state).toBe('withdrawn');
      expectProblem(await call(wang, 'POST', `/share-requests/${second}/withdraw`), 409, 'SHARE_REQUEST_STATE');

      const blocked = (await call(wang, 'POST', '/share-requests', { title: '不予共享', form: { ...form(), resources: [{ catalogCode: 'CLIN_PSYCH_NOTE', fields: [{ name: 'patient' }] }] } })).json().id as string;
      const refused = expectProblem(await call(wang, 'POST', `/share-requests/${blocked}/submit`), 422, 'SHARE_REQUEST_BLOCKED');
      expect(JSON.stringify(refused)).toContain('CLIN_PSYCH_NOTE');
      // Each blocking finding has a stable code (its check) beside the English text, and the findings come in both languages.
      expect(refused.errors).toContainEqual(expect.objectContaining({ path: 'resources/CLIN_PSYCH_NOTE', code: 'share-type' }));
      expect(refused.findings).toContainEqual(expect.objectContaining({ check: 'share-type', severity: 'block', catalogCode: 'CLIN_PSYCH_NOTE', message: expect.objectContaining({ zh: expect.stringContaining('不予共享') }) }));
      expectProblem(await call(headLab, 'GET', `/share-requests/${blocked}`), 404, 'SHARE_REQUEST_NOT_FOUND');
      expectProblem(await call(wang, 'POST', '/share-requests', { title: 'x', form: { ...form(), extra: true } }), 400, 'VALIDATION_FAILED');
    });
  });
}
