import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecipientKeyPair, openPackage, PACKAGE_SIGNING_PURPOSE } from '../../src/sharing/package/index.js';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { labPatientsOutsideCareTeam, labRequestForm } from '../support/sharing.js';

const DAY_MINUTES = 24 * 60;

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`export packages delivered over HTTP, dated grants and who sees grants (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    let platform: TestApp;
    let nkId: string;
    let patients: string[];
    let dir: string;
    const sessions = new Map<string, Session>();
    const as = async (username: string) => {
      if (!sessions.has(username)) sessions.set(username, await signIn(platform.app, username));
      return sessions.get(username)!;
    };
    const call = async (username: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(await as(username)), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const form = (overrides: Record<string, unknown> = {}) =>
      labRequestForm(nkId, patients, [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }, { name: 'collectedAt' }], overrides);
    const reviewerFor: Record<string, string> = { dept_head: 'head.lab', privacy_officer: 'privacy', info_admin: 'infoadmin' };

    /** dr.wang files the request; every review step approves; the last approval creates the grant. */
    async function granted(title: string, overrides: Record<string, unknown> = {}): Promise<{ requestId: string; grantId: string }> {
      const draft = await call('dr.wang', 'POST', '/share-requests', { title, form: form(overrides) });
      expect(draft.statusCode, draft.body).toBe(201);
      const requestId = draft.json().id as string;
      const submitted = await call('dr.wang', 'POST', `/share-requests/${requestId}/submit`);
      expect(submitted.statusCode, submitted.body).toBe(200);
      let view = submitted.json();
      for (const step of view.steps as { role: string }[]) {
        const decided = await call(reviewerFor[step.role]!, 'POST', `/share-requests/${requestId}/reviews`, { decision: 'approve', reason: '合法且必要' });
        expect(decided.statusCode, decided.body).toBe(200);
        view = decided.json();
      }
      expect(view.state).toBe('granted');
      return { requestId, grantId: view.grantIds[0] as string };
    }

    const recipient = () => generateRecipientKeyPair(platform.keyring.profile.name);

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock, config: { demoPatients: 12 } });
      nkId = (await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow()).id;
      // Patients with lab reports outside dr.wang's care team, so only the grant opens them.
      patients = await labPatientsOutsideCareTeam(platform.database.db, 'dr.wang', 3);
      expect(patients).toHaveLength(3);
      dir = mkdtempSync(path.join(tmpdir(), 'yixiang-delivery-'));
    }, 120_000);
    afterAll(async () => {
      await platform?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('builds a package for the grantee, streams it a limited number of times, and audits every step', async () => {
      const { grantId } = await granted('检验质控导出');
      const keys = recipient();

      // Only the grantee (dr.wang is in the grantee department 内科) may build; the key must suit the profile.
      expectProblem(await call('lab.sun', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'ndjson' }), 404, 'GRANT_NOT_FOUND');
      const wrongKey = expectProblem(await call('dr.wang', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(), format: 'ndjson' }), 422, 'PACKAGE_RECIPIENT_KEY');
      expect((wrongKey.errors as { code: string }[])[0]!.code).toBe('recipient-key');
      expectProblem(await call('dr.wang', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'xml' }), 400, 'VALIDATION_FAILED');

      const built = await call('dr.wang', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'ndjson' });
      expect(built.statusCode, built.body).toBe(201);
      const pkg = built.json();
      const expected = await platform.database.db.selectFrom('records').select('id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'in', patients).execute();
      expect(pkg).toMatchObject({ grantId, format: 'ndjson', identification: 'identified', recordCount: expected.length, downloadsAllowed: 3, downloadsUsed: 0, downloadsLeft: 3, status: 'ready' });
      expect(built.headers.location).toBe(`/api/v1/packages/${pkg.id}/download`);
      expect(Date.parse(pkg.expiresAt) - clock().getTime()).toBe(7 * 86_400_000);
      expect(existsSync(path.join(platform.config.dataDir, 'packages', `${pkg.id}.yxpk`))).toBe(true);

      // The grantee, the owning department's head and the information administrator see the list; others do not.
      expect((await call('dr.wang', 'GET', `/grants/${grantId}/packages`)).json().items.map((p: { id: string }) => p.id)).toEqual([pkg.id]);
      expect((await call('head.lab', 'GET', `/grants/${grantId}/packages`)).statusCode).toBe(200);
      expect((await call('infoadmin', 'GET', `/grants/${grantId}/packages`)).statusCode).toBe(200);
      expectProblem(await call('pharm.wu', 'GET', `/grants/${grantId}/packages`), 404, 'GRANT_NOT_FOUND');

      // Downloads go to the grantee only; the owning head may see the package but not take the data.
      expectProblem(await call('head.lab', 'GET', `/packages/${pkg.id}/download`), 404, 'PACKAGE_NOT_FOUND');
      expectProblem(await call('dr.wang', 'GET', '/packages/no-such-package/download'), 404, 'PACKAGE_NOT_FOUND');
      const first = await call('dr.wang', 'GET', `/packages/${pkg.id}/download`);
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/octet-stream');
      expect(first.headers['content-disposition']).toBe(`attachment; filename="${pkg.id}.yxpk"`);
      expect(Number(first.headers['content-length'])).toBe(pkg.bytes);
      expect(first.headers.etag).toBe(`"${pkg.manifestHash}"`);
      expect(first.headers['x-downloads-left']).toBe('2');
      expect(first.rawPayload.length).toBe(pkg.bytes);
      // A HEAD request would count a download without delivering it: there is none.
      expect((await platform.app.inject({ method: 'HEAD', url: `/api/v1/packages/${pkg.id}/download`, headers: bearer(await as('dr.wang')) })).statusCode).toBe(404);

      // The recipient opens what came over the wire; the signed manifest names this grant and package.
      const file = path.join(dir, 'downloaded.yxpk');
      writeFileSync(file, first.rawPayload);
      const signer = (await platform.keyring.getPublicSigningKeys()).find((k) => k.purpose === PACKAGE_SIGNING_PURPOSE && k.status === 'active')!;
      const opened = await openPackage(file, { privateKeyPem: keys.privateKeyPem, trustedSignerKey: signer.publicKey, outDir: path.join(dir, 'opened') });
      expect(opened.signerTrusted).toBe(true);
      expect(opened.manifest).toMatchObject({ packageId: pkg.id, grantId, recordCount: expected.length, dataFormat: 'ndjson' });

      // The first download starts the usage-feedback clock (due 14 days later, not 14 days after the grant ends).
      const feedback = (await call('dr.wang', 'GET', '/feedback')).json().items.find((i: { grantId: string }) => i.grantId === grantId);
      expect(feedback).toMatchObject({ state: 'due', dueAt: new Date(clock().getTime() + 14 * 86_400_000).toISOString() });

      expect((await call('dr.wang', 'GET', `/packages/${pkg.id}/download`)).statusCode).toBe(200);
      const third = await call('dr.wang', 'GET', `/packages/${pkg.id}/download`);
      expect(third.headers['x-downloads-left']).toBe('0');
      expectProblem(await call('dr.wang', 'GET', `/packages/${pkg.id}/download`), 410, 'PACKAGE_DOWNLOADS_USED');
      expect((await call('dr.wang', 'GET', `/grants/${grantId}/packages`)).json().items[0]).toMatchObject({ downloadsUsed: 3, downloadsLeft: 0, status: 'exhausted' });

      // Housekeeping deletes the used-up file, once.
      expect(await platform.packages.retireDue()).toEqual([{ id: pkg.id, grantId, status: 'exhausted' }]);
      expect(existsSync(path.join(platform.config.dataDir, 'packages', `${pkg.id}.yxpk`))).toBe(false);
      expect(await platform.packages.retireDue()).toEqual([]);

      const audited = (await platform.audit.search({ objectType: 'export_package', grantId }, 100)).items.reverse();
      const summary = audited.map((e) => `${e.action}:${e.outcome}:${e.objectId ?? '-'}:${e.actor.name}`);
      // (The malformed body and the unknown package id name no grant, so they are not in this list.)
      expect(summary).toEqual([
        `export:denied:${grantId}:lab.sun`,
        `export:error:${grantId}:dr.wang`,
        'export:success:' + pkg.id + ':dr.wang',
        'search:success:' + grantId + ':dr.wang',
        'search:success:' + grantId + ':head.lab',
        'search:success:' + grantId + ':infoadmin',
        'search:denied:' + grantId + ':pharm.wu',
        'export:denied:' + pkg.id + ':head.lab',
        'export:success:' + pkg.id + ':dr.wang',
        'export:success:' + pkg.id + ':dr.wang',
        'export:success:' + pkg.id + ':dr.wang',
        'export:denied:' + pkg.id + ':dr.wang',
        'search:success:' + grantId + ':dr.wang',
      ]);
      expect(audited.find((e) => e.outcome === 'success' && e.details.change === 'build')?.details).toMatchObject({ records: expected.length, manifestHash: pkg.manifestHash });
      expect(audited.filter((e) => e.details.change === 'download' && e.outcome === 'success').map((e) => e.details.download)).toEqual([1, 2, 3]);
      expect(audited.at(-2)).toMatchObject({ reason: 'PACKAGE_DOWNLOADS_USED' });
      // Out of the way of the next grants for the same patients, purpose and channel.
      expect((await call('infoadmin', 'POST', `/grants/${grantId}/revoke`, { reason: '导出已完成，撤销' })).statusCode).toBe(200);
    });

    it('refuses an expired package with 410 and its file is deleted; a revoked grant withdraws its packages', async () => {
      const { grantId } = await granted('过期导出包');
      const keys = recipient();
      const build = async () => {
        const built = await call('dr.wang', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'csv' });
        expect(built.statusCode, built.body).toBe(201);
        return built.json() as { id: string; expiresAt: string };
      };
      const old = await build();
      clock.advanceMinutes(7 * DAY_MINUTES);
      sessions.clear(); // sessions end after 30 idle minutes
      const gone = expectProblem(await call('dr.wang', 'GET', `/packages/${old.id}/download`), 410, 'PACKAGE_EXPIRED');
      expect(String(gone.detail)).toContain(old.expiresAt);
      const fresh = await build();
      // The housekeeping timer's job: the expired file goes, the fresh one stays, and the deletion is audited.
      await platform.housekeeping();
      expect(existsSync(path.join(platform.config.dataDir, 'packages', `${old.id}.yxpk`))).toBe(false);
      expect(existsSync(path.join(platform.config.dataDir, 'packages', `${fresh.id}.yxpk`))).toBe(true);
      const deletion = (await platform.audit.search({ objectType: 'export_package', objectId: old.id, action: 'delete' }, 5)).items;
      expect(deletion).toEqual([expect.objectContaining({ grantId, outcome: 'success', reason: 'package expired', actor: expect.objectContaining({ type: 'system' }) })]);

      expect((await call('head.lab', 'POST', `/grants/${grantId}/revoke`, { reason: '质控提前结束' })).statusCode).toBe(200);
      expectProblem(await call('dr.wang', 'GET', `/packages/${fresh.id}/download`), 410, 'PACKAGE_GRANT_ENDED');
      expect(await platform.packages.retireDue()).toEqual([{ id: fresh.id, grantId, status: 'withdrawn' }]);
      expectProblem(await call('dr.wang', 'POST', `/grants/${grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'csv' }), 409, 'PACKAGE_GRANT_UNSUITABLE');
    });

    it('refuses API-channel grants and de-identified packages below k = 5, with the k-anonymity facts', async () => {
      const keys = recipient();
      const api = await granted('接口共享', { channel: 'api' });
      expectProblem(await call('dr.wang', 'POST', `/grants/${api.grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'ndjson' }), 409, 'PACKAGE_GRANT_UNSUITABLE');
      // Out of the way of the dated grant below (same purpose and channel).
      expect((await call('infoadmin', 'POST', `/grants/${api.grantId}/revoke`, { reason: '测试结束，撤销' })).statusCode).toBe(200);

      const research = await granted('科研去标识化', { purpose: 'research', identification: 'de-identified', resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'patient' }, { name: 'testCode' }, { name: 'resultQuantity' }] }] });
      const refused = await call('dr.wang', 'POST', `/grants/${research.grantId}/packages`, { recipientPublicKey: keys.publicKeyPem, format: 'csv' }, { 'accept-language': 'en' });
      const problem = expectProblem(refused, 422, 'PACKAGE_K_ANONYMITY');
      expect(problem.kAnonymity).toMatchObject({ threshold: 5 });
      expect((problem.kAnonymity as { k: number }).k).toBeLessThan(5);
      expect(problem.detail).toMatch(/^De-identification reached k = \d, below the required 5/);
      expect(existsSync(path.join(platform.config.dataDir, 'packages'))).toBe(true);
      const leftovers = readdirSync(path.join(platform.config.dataDir, 'packages')).filter((name) => name.startsWith('.build-'));
      expect(leftovers).toEqual([]);
      const entry = (await platform.audit.search({ objectType: 'export_package', grantId: research.grantId }, 10)).items[0]!;
      expect(entry).toMatchObject({ action: 'export', outcome: 'error', reason: 'PACKAGE_K_ANONYMITY' });
    });

    it('carries the request’s data period into the grant and opens only records dated inside it', async () => {
      const dated = await platform.database.db
        .selectFrom('records')
        .select(['id', 'resource_type', 'patient_id', 'effective_at'])
        .where('catalog_code', '=', 'CLIN_LAB_REPORT')
        .where('patient_id', 'in', patients)
        .where('effective_at', 'is not', null)
        .orderBy('effective_at')
        .execute();
      expect(dated.length).toBeGreaterThan(1);
      const cut = dated[Math.floor(dated.length / 2)]!.effective_at!;
      const dataFrom = new Date(Date.parse(cut)).toISOString();
      const inside = dated.filter((r) => r.effective_at! >= dataFrom);
      const outside = dated.filter((r) => r.effective_at! < dataFrom);
      expect(outside.length).toBeGreaterThan(0);

      const { grantId } = await granted('按时间范围的质控', { channel: 'api', dataFrom, dataTo: '2099-01-01T00:00:00.000Z' });
      const grant = (await call('infoadmin', 'GET', `/grants/${grantId}`)).json();
      expect(grant).toMatchObject({ dataFrom, dataTo: '2099-01-01T00:00:00.000Z' });

      const purpose = { 'x-purpose-of-use': 'quality-control' };
      let total = 0;
      for (const patient of patients) {
        const page = await call('dr.wang', 'GET', `/patients/${patient}/records?resource=CLIN_LAB_REPORT&limit=200`, undefined, purpose);
        expect(page.statusCode, page.body).toBe(200);
        for (const item of page.json().items as { resource: { id: string } }[]) expect(inside.map((r) => r.id)).toContain(item.resource.id);
        total += page.json().total as number;
      }
      expect(total).toBe(inside.length);
      const before = outside[0]!;
      expect((await call('dr.wang', 'GET', `/records/${before.resource_type}/${before.id}`, undefined, purpose)).statusCode).toBe(404);
      const within = inside[0]!;
      const read = await call('dr.wang', 'GET', `/records/${within.resource_type}/${within.id}`, undefined, purpose);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.headers['x-access-basis']).toBe(`grant:${grantId}`);

      // A period that ends before it starts is a blocking pre-check, not a failure at the last approval.
      const backwards = (await call('dr.wang', 'POST', '/share-requests', { title: '时间颠倒', form: form({ dataFrom: '2026-02-01T00:00:00.000Z', dataTo: '2026-01-01T00:00:00.000Z' }) })).json();
      expect(backwards.findings).toContainEqual(expect.objectContaining({ check: 'data-period', severity: 'block' }));
    });

    it('lets requesters and department heads see their grants, and nobody else’s', async () => {
      const { grantId, requestId } = await granted('可见性检查', { channel: 'api' });
      const ids = async (username: string) => ((await call(username, 'GET', '/grants?status=active&limit=200')).json().items as { id: string }[]).map((g) => g.id);
      expect(await ids('dr.wang')).toContain(grantId);
      expect(await ids('head.lab')).toContain(grantId);
      expect(await ids('infoadmin')).toContain(grantId);
      expect(await ids('auditor')).toContain(grantId);
      expect(await ids('head.pharmacy')).not.toContain(grantId);
      expect(await ids('pharm.wu')).toEqual([]);
      expect((await call('dr.wang', 'GET', `/grants/${grantId}`)).json()).toMatchObject({ id: grantId, shareRequestId: requestId });
      expect((await call('head.lab', 'GET', `/grants/${grantId}`)).statusCode).toBe(200);
      expectProblem(await call('head.pharmacy', 'GET', `/grants/${grantId}`), 404, 'GRANT_NOT_FOUND');
      expectProblem(await call('pharm.wu', 'GET', `/grants/${grantId}`), 404, 'GRANT_NOT_FOUND');
      // Seeing is not administering: the requester still cannot revoke or suspend.
      expectProblem(await call('dr.wang', 'POST', `/grants/${grantId}/suspend`, { reason: '申请人自行暂停' }), 403, 'FORBIDDEN');
      const denied = (await platform.audit.search({ objectType: 'grant', objectId: grantId, outcome: 'denied' }, 10)).items;
      expect(denied.map((e) => e.actor.name)).toEqual(expect.arrayContaining(['head.pharmacy', 'pharm.wu', 'dr.wang']));
    });

    it('documents package delivery in the OpenAPI document', async () => {
      const document = (await platform.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/grants/{id}/packages', '/api/v1/packages/{packageId}/download']));
      expect(document.paths['/api/v1/grants/{id}/packages'].post.requestBody.content['application/json'].schema.required).toEqual(['recipientPublicKey', 'format']);
      expect(Object.keys(document.paths['/api/v1/grants'].post.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['dataFrom', 'dataTo']));
    });

    it('closes a share with a share-closed notice, and keeps live pre-checks and inbox polling out of the audit log', async () => {
      const { requestId, grantId } = await granted('反馈后关闭', { channel: 'api' });
      const reported = await call('dr.wang', 'POST', `/grants/${grantId}/feedback`, { usedFor: '检验质控抽查', recordsUsed: 4, outcome: '已完成', copiesDestroyed: true });
      expect(reported.statusCode, reported.body).toBe(201);
      expect((await call('dr.wang', 'GET', `/share-requests/${requestId}`)).json().state).toBe('closed');
      const notices = (await call('dr.wang', 'GET', '/inbox?limit=200')).json().items as { kind: string; subjectId: string; title: { zh: string; en: string } }[];
      expect(notices.find((n) => n.subjectId === requestId && n.kind === 'share-closed')?.title.en).toMatch(/^Share closed/);
      expect(notices.some((n) => n.subjectId === grantId && n.kind === 'revoked')).toBe(false);

      const before = (await platform.audit.search({}, 1)).items[0]!.seq;
      expect((await call('dr.wang', 'POST', '/share-requests/precheck', form())).statusCode).toBe(200);
      expect((await call('dr.wang', 'GET', '/inbox?unread=true&limit=1')).statusCode).toBe(200);
      expect((await platform.audit.search({}, 1)).items[0]!.seq).toBe(before);
      // Refusals are still recorded, and so is the decision on submission.
      expect((await call('auditor', 'POST', '/share-requests/precheck', form())).statusCode).toBe(403);
      const after = (await platform.audit.search({}, 5)).items;
      expect(after[0]).toMatchObject({ outcome: 'denied', details: { route: '/api/v1/share-requests/precheck' } });
      const submitted = (await platform.audit.search({ objectType: 'share_request', objectId: requestId, action: 'update' }, 10)).items.find((e) => e.details.change === 'submit');
      expect(Array.isArray(submitted?.details.findings)).toBe(true);
    });
  });
}
