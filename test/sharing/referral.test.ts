/**
 * Referrals (转诊) over HTTP on both databases. Outbound: dr.wang refers a patient on his care team
 * with a consent in force → the head of 内科 approves on the fast track → grants scoped to that
 * patient → the partner hospital's system reads the patient's labs over FHIR and nothing of
 * another patient; the referral shows the minutes to approval and the partner's reads. Inbound: the
 * partner posts a ServiceRequest with a document → it lands in 内科's inbox, matched to our patient
 * → a clinician accepts it → the partner reads the decision back. Refusals store nothing.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../../src/demo/index.js';
import { ATTACHMENT_LIMITS, DEPARTMENT_SYSTEM } from '../../src/sharing/index.js';
import { openAccessFixture, MRN_SYSTEM, T0, type AccessFixture } from '../access/fixture.js';
import { expectProblem } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { fhirViolations } from '../support/fhir-validation.js';

type Json = Record<string, any>;

const JCRM1 = demoId('institution', 'JCRM1');
const DHCHC = demoId('institution', 'DHCHC');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Title (出院小结) >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const REASON = '反复胸痛三天,拟行冠脉造影,转上级医院';
const minutesAfter = (start: string, minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString();

/** A referral as a partner's system would send it: the patient and a discharge summary contained. */
function serviceRequest(patientIdentifiers: { system: string; value: string }[], overrides: Json = {}, attachment: Json = { contentType: 'application/pdf', title: '出院小结.pdf', data: PDF.toString('base64') }): Json {
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    priority: 'urgent',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '3457005', display: 'Patient referral' }] }],
    subject: { reference: '#patient' },
    performer: [{ type: 'Organization', identifier: { system: DEPARTMENT_SYSTEM, value: 'NK' }, display: '内科' }],
    reasonCode: [{ text: REASON }],
    note: [{ text: '患者既往高血压十年' }],
    authoredOn: '2026-11-26T07:30:00+08:00',
    supportingInfo: [{ reference: '#summary' }],
    contained: [
      { resourceType: 'Patient', id: 'patient', identifier: patientIdentifiers, name: [{ text: '转诊患者' }], gender: 'male', birthDate: '1958-03-04' },
      { resourceType: 'DocumentReference', id: 'summary', status: 'current', description: '出院小结', content: [{ attachment }] },
    ],
    ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`referrals (${dialect})`, () => {
    let fx: AccessFixture;
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let tokenUrl: string;
    const clients = new Map<string, string>();
    let referralId: string;
    let shareRequestId: string;
    let inboundId: string;

    const call = async (username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      fx.platform.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${(await fx.session(username)).token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const count = async (table: 'referrals' | 'share_requests' | 'inbound_referrals' | 'inbound_referral_attachments') =>
      Number((await fx.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const auditOf = (response: LightMyRequestResponse) => fx.platform.database.db.selectFrom('audit_entries').selectAll().where('request_id', '=', String(response.headers['x-request-id'])).executeTakeFirstOrThrow();

    /** What a backend-services client does: sign an assertion with its key, exchange it for a token. */
    async function partnerToken(institutionId: string, scope = 'system/*.read system/ServiceRequest.write'): Promise<string> {
      const clientId = clients.get(institutionId)!;
      const now = Math.floor(fx.clock().getTime() / 1000);
      const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud: tokenUrl, exp: now + 240, jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'his-1', typ: 'JWT' }).sign(keys.privateKey);
      const response = await fx.platform.app.inject({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope }).toString(),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    }
    const fhir = (token: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
      fx.platform.app.inject({ method, url: `/fhir/R4${url}`, headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'referral', ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    const expectOutcome = (response: LightMyRequestResponse, status: number, code: string) => {
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      const outcome = response.json();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0].details.coding).toContainEqual({ system: 'urn:yixiang:problem', code });
      expect(fhirViolations(outcome)).toEqual([]);
      return outcome as { issue: { diagnostics: string; expression?: string[] }[] };
    };
    const consent = (username: string, patientId: string) =>
      call(username, 'POST', `/patients/${patientId}/consents`, { recipientId: JCRM1, purpose: 'referral', evidence: { kind: 'verbal', recordedAt: minutesAfter(fx.clock().toISOString(), -5), note: '患者同意向转诊医院提供病历资料' } });

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      tokenUrl = (await fx.platform.app.inject({ url: '/.well-known/smart-configuration' })).json().token_endpoint;
      const jwk = { ...(keys.publicKey.export({ format: 'jwk' }) as JWK), kid: 'his-1' };
      for (const institutionId of [JCRM1, DHCHC]) {
        const client = await call('infoadmin', 'POST', `/institutions/${institutionId}/clients`, { name: 'Referral HIS', jwks: { keys: [jwk] } });
        expect(client.statusCode, client.body).toBe(201);
        clients.set(institutionId, client.json().clientId);
      }
      const recorded = await consent('dr.wang', fx.anchor);
      expect(recorded.statusCode, recorded.body).toBe(201);
    }, 180_000);
    afterAll(async () => fx?.close());

    describe('outbound', () => {
      it('files a referral as a share request on the partner’s behalf, on the fast track', async () => {
        const response = await call('dr.wang', 'POST', '/referrals', { patientId: fx.anchor, institutionId: JCRM1, reason: REASON, clinicalSummary: '心电图 ST 段压低', urgency: 'urgent' });
        expect(response.statusCode, response.body).toBe(201);
        const view = response.json();
        referralId = view.id;
        shareRequestId = view.shareRequestId;
        expect(response.headers.location).toBe(`/api/v1/referrals/${referralId}`);
        expect(view).toMatchObject({
          status: 'submitted',
          urgency: 'urgent',
          reason: REASON,
          clinicalSummary: '心电图 ST 段压低',
          patientId: fx.anchor,
          institution: { id: JCRM1, code: 'JCRM1', name: { zh: '江城市第一人民医院' } },
          referrer: { displayName: '王明' },
          department: { code: 'NK' },
          steps: [{ role: 'dept_head', departmentCode: 'NK', dueWithinMinutes: 30 }],
          reviewDueAt: minutesAfter(T0.toISOString(), 30),
          overdue: false,
          accessDays: 14,
          approvedAt: null,
          minutesToApproval: null,
          targetMinutes: 30,
          grantIds: [],
        });
        expect(view.documents.map((d: Json) => d.catalogCode)).toEqual(['CLIN_PATIENT', 'CLIN_DIAGNOSIS', 'CLIN_NOTE', 'CLIN_LAB_REPORT', 'CLIN_IMAGING_REPORT', 'CLIN_PRESCRIPTION', 'CLIN_ALLERGY']);
        expect(view.documents.find((d: Json) => d.catalogCode === 'CLIN_LAB_REPORT').dataFrom).toBe('2025-11-26T00:00:00.000Z');
        expect(view.documents.find((d: Json) => d.catalogCode === 'CLIN_ALLERGY').dataFrom).toBeNull();

        // The share request behind it: purpose referral, consent as basis, one patient, external channel.
        const request = (await call('dr.wang', 'GET', `/share-requests/${shareRequestId}`)).json();
        expect(request).toMatchObject({ state: 'in_review', form: { purpose: 'referral', legalBasis: { kind: 'consent' }, patients: { kind: 'patients', patientIds: [fx.anchor] }, recipient: { kind: 'institution', id: JCRM1 }, channel: 'external', identification: 'identified' } });
        expect(request.findings.filter((f: Json) => f.severity === 'block')).toEqual([]);

        // The clinical reason rests sealed.
        const row = await fx.platform.database.db.selectFrom('referrals').selectAll().where('id', '=', referralId).executeTakeFirstOrThrow();
        expect(row.summary).not.toContain('胸痛');
        expect(Buffer.from(row.summary, 'base64').includes(Buffer.from('胸痛'))).toBe(false);

        const entry = await auditOf(response);
        expect(entry).toMatchObject({ action: 'create', object_type: 'referral', object_id: referralId, patient_id: fx.anchor, purpose_of_use: 'referral', access_basis: 'care-team', outcome: 'success' });
      });

      it('puts it in the head of 内科’s review queue and inbox', async () => {
        const queue = await call('head.internal', 'GET', '/referrals?view=to-review');
        expect(queue.statusCode, queue.body).toBe(200);
        expect(queue.json().items.map((r: Json) => r.id)).toEqual([referralId]);
        expect((await call('head.surgery', 'GET', '/referrals?view=to-review')).json().items).toEqual([]);
        const inbox = (await call('head.internal', 'GET', '/inbox')).json();
        expect(inbox.items).toContainEqual(expect.objectContaining({ kind: 'review-item', subjectType: 'share_request', subjectId: shareRequestId }));
        expect((await call('dr.wang', 'GET', '/referrals?view=mine')).json().items.map((r: Json) => r.id)).toEqual([referralId]);
        expect((await call('nurse.zhao', 'GET', '/referrals?view=department')).json().items).toEqual([]);
        // The patient page asks for one patient's referrals; the filter is audited under that patient.
        const ofPatient = await call('head.internal', 'GET', `/referrals?view=to-review&patient=${fx.anchor}`);
        expect(ofPatient.json().items.map((r: Json) => r.id)).toEqual([referralId]);
        expect(await auditOf(ofPatient)).toMatchObject({ action: 'search', object_type: 'referral', patient_id: fx.anchor, outcome: 'success' });
        expect((await call('dr.wang', 'GET', `/referrals?view=mine&patient=${fx.stranger}`)).json().items).toEqual([]);
        expectProblem(await call('dr.wang', 'GET', '/referrals?view=mine&patient='), 400, 'VALIDATION_FAILED');
        // Outsiders do not see it at all.
        expectProblem(await call('dr.li', 'GET', `/referrals/${referralId}`), 404, 'REFERRAL_NOT_FOUND');
      });

      it('grants the document set for that one patient when the head approves, and records the minutes it took', async () => {
        fx.clock.advanceMinutes(12);
        fx.resetSessions();
        const response = await call('head.internal', 'POST', `/referrals/${referralId}/review`, { decision: 'approve', reason: '病情需要,同意转诊' });
        expect(response.statusCode, response.body).toBe(200);
        const view = response.json();
        expect(view).toMatchObject({ status: 'approved', approvedAt: minutesAfter(T0.toISOString(), 12), minutesToApproval: 12, targetMinutes: 30, withinTarget: true, reviewDueAt: null, overdue: false });
        expect(view.reviews).toMatchObject([{ step: 0, role: 'dept_head', reviewer: { displayName: '高志远' }, decision: 'approve' }]);
        expect(view.grants).toHaveLength(7);
        for (const id of view.grantIds as string[]) {
          const grant = await fx.platform.grants.get(id);
          expect(grant).toMatchObject({ grantee: { kind: 'institution', id: JCRM1 }, patientScope: { kind: 'patients', patientIds: [fx.anchor] }, purpose: 'referral', channel: 'external', maskingProfile: 'identified', shareRequestId, effectiveStatus: 'active' });
          expect(grant.validTo).toBe(new Date(Date.parse(view.approvedAt) + 14 * 86_400_000).toISOString());
        }
        const entry = await auditOf(response);
        expect(entry).toMatchObject({ action: 'decision', object_type: 'referral', patient_id: fx.anchor, outcome: 'success' });
        expect((await call('dr.wang', 'GET', '/inbox')).json().items).toContainEqual(expect.objectContaining({ kind: 'approved', subjectId: shareRequestId }));
      });

      it('lets the partner read the patient’s labs over FHIR, and nothing of another patient', async () => {
        const token = await partnerToken(JCRM1);
        const search = await fhir(token, 'GET', `/Observation?patient=Patient/${fx.anchor}&_count=50`);
        expect(search.statusCode, search.body).toBe(200);
        const bundle = search.json();
        expect(bundle.entry.length).toBeGreaterThan(0);
        for (const entry of bundle.entry) expect(entry.resource.subject.reference).toBe(`Patient/${fx.anchor}`);
        const lab = await fx.recordOf(fx.anchor, 'CLIN_LAB_REPORT');
        const read = await fhir(token, 'GET', `/${lab.type}/${lab.id}`);
        expect(read.statusCode, read.body).toBe(200);
        expect(fhirViolations(read.json())).toEqual([]);
        expect((await fhir(token, 'GET', `/Patient/${fx.anchor}`)).statusCode).toBe(200);

        const theirs = await fx.recordOf(fx.stranger, 'CLIN_LAB_REPORT');
        expectOutcome(await fhir(token, 'GET', `/${theirs.type}/${theirs.id}`), 404, 'RECORD_NOT_FOUND');
        expectOutcome(await fhir(token, 'GET', `/Patient/${fx.stranger}`), 404, 'RECORD_NOT_FOUND');
        // Another institution has no grant for the referred patient.
        expectOutcome(await fhir(await partnerToken(DHCHC), 'GET', `/${lab.type}/${lab.id}`), 404, 'RECORD_NOT_FOUND');
      });

      it('shows the partner’s reads of the shared data, from the audit log', async () => {
        const view = (await call('dr.wang', 'GET', `/referrals/${referralId}`)).json();
        expect(view.partnerReads.count).toBeGreaterThanOrEqual(2);
        expect(view.partnerReads.lastAt).toBe(fx.clock().toISOString());
        const lab = view.grants.find((g: Json) => g.catalogCode === 'CLIN_LAB_REPORT');
        const patient = view.grants.find((g: Json) => g.catalogCode === 'CLIN_PATIENT');
        const reads = new Map(view.partnerReads.byGrant.map((g: Json) => [g.grantId, g.count]));
        expect(reads.get(lab.id)).toBeGreaterThanOrEqual(1);
        expect(reads.get(patient.id)).toBe(1);
        // Every department colleague and the overseers see it; it is listed as approved.
        expect((await call('head.internal', 'GET', '/referrals?view=department')).json().items[0]).toMatchObject({ id: referralId, status: 'approved', minutesToApproval: 12, grants: null, partnerReads: null });
        expect((await call('auditor', 'GET', `/referrals/${referralId}`)).statusCode).toBe(200);
      });

      it('refuses a referral without the patient’s consent to that institution, and stores nothing', async () => {
        const before = [await count('referrals'), await count('share_requests')];
        // The patient consented to 江城市第一人民医院, not to 东湖社区卫生服务中心.
        const response = await call('dr.wang', 'POST', '/referrals', { patientId: fx.anchor, institutionId: DHCHC, reason: '转社区康复', urgency: 'routine' });
        const problem = expectProblem(response, 422, 'REFERRAL_CONSENT_MISSING');
        expect(problem.detail).toContain(fx.anchor);
        expect(problem.detail).toContain('CLIN_LAB_REPORT');
        expect(problem.institutionId).toBe(DHCHC);
        expect((problem.findings as Json[]).length).toBe(7);
        expect((problem.findings as Json[]).every((f) => f.check === 'consent' && f.patients[0] === fx.anchor)).toBe(true);
        expect([await count('referrals'), await count('share_requests')]).toEqual(before);
        expect(await auditOf(response)).toMatchObject({ object_type: 'referral', patient_id: fx.anchor, outcome: 'error', reason: 'REFERRAL_CONSENT_MISSING' });
      });

      it('refuses an unknown institution, a clinician without reach to the patient, and fields beyond the document set', async () => {
        const before = await count('referrals');
        const body = { patientId: fx.anchor, institutionId: JCRM1, reason: '需要上级医院会诊', urgency: 'routine' };
        expectProblem(await call('dr.wang', 'POST', '/referrals', { ...body, institutionId: 'no-such-institution' }), 422, 'REFERRAL_INSTITUTION_INVALID');
        const outsider = await call('dr.li', 'POST', '/referrals', body);
        expectProblem(outsider, 404, 'PATIENT_NOT_FOUND');
        expect(await auditOf(outsider)).toMatchObject({ patient_id: fx.anchor, outcome: 'denied' });
        expectProblem(await call('infoadmin', 'POST', '/referrals', body), 403, 'FORBIDDEN');
        expectProblem(await call('dr.wang', 'POST', '/referrals', { ...body, fields: { CLIN_LAB_REPORT: ['performer'] } }), 422, 'REFERRAL_DOCUMENTS_INVALID');
        expectProblem(await call('dr.wang', 'POST', '/referrals', { ...body, urgency: 'whenever' }), 400, 'VALIDATION_FAILED');
        expect(await count('referrals')).toBe(before);
      });

      it('sends a head’s own referral to the information administrator: no self-review', async () => {
        const response = await call('head.internal', 'POST', '/referrals', { patientId: fx.anchor, institutionId: JCRM1, reason: '复诊转诊', urgency: 'routine', fields: { CLIN_IMAGING_REPORT: [], CLIN_NOTE: [] } });
        expect(response.statusCode, response.body).toBe(201);
        const own = response.json();
        expect(own.steps).toEqual([{ role: 'info_admin', departmentCode: null, dueWithinMinutes: 30 }]);
        expect(own.documents.map((d: Json) => d.catalogCode)).not.toContain('CLIN_IMAGING_REPORT');
        expectProblem(await call('head.internal', 'POST', `/referrals/${own.id}/review`, { decision: 'approve', reason: '自己批准' }), 403, 'SHARE_REQUEST_OWN_REVIEW');
        expectProblem(await call('head.internal', 'POST', `/share-requests/${own.shareRequestId}/reviews`, { decision: 'approve', reason: '自己批准' }), 403, 'SHARE_REQUEST_OWN_REVIEW');
        const approved = await call('infoadmin', 'POST', `/referrals/${own.id}/review`, { decision: 'approve', reason: '同意' });
        expect(approved.statusCode, approved.body).toBe(200);
        expect(approved.json()).toMatchObject({ status: 'approved', grants: expect.any(Array) });
        expect(approved.json().grants).toHaveLength(5);
      });

      it('reminds and flags a fast-track review past its target, and lets the referrer withdraw', async () => {
        const filed = await call('dr.wang', 'POST', '/referrals', { patientId: fx.anchor, institutionId: JCRM1, reason: '再次转诊', urgency: 'routine' });
        expect(filed.statusCode, filed.body).toBe(201);
        const { id, shareRequestId: requestId } = filed.json();
        fx.clock.advanceMinutes(31);
        fx.resetSessions();
        await fx.platform.housekeeping();
        const view = (await call('dr.wang', 'GET', `/referrals/${id}`)).json();
        expect(view).toMatchObject({ status: 'submitted', overdue: true });
        const reminder = await fx.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', 'review-overdue').where('subject_id', '=', requestId).execute();
        expect(reminder.length).toBeGreaterThan(0);
        expect(reminder[0]!.title_en).toMatch(/^Fast-track referral review overdue \(step 1, target 30 min\)/);
        expect(new Set(reminder.map((n) => n.user_id))).toEqual(new Set([await fx.userId('head.internal')]));
        // Returned and resubmitted through the share request API, it stays on the fast track.
        const returned = await call('head.internal', 'POST', `/referrals/${id}/review`, { decision: 'return', reason: '请补充病情摘要' });
        expect(returned.json()).toMatchObject({ status: 'returned', reviewDueAt: null, overdue: false });
        const resubmitted = await call('dr.wang', 'POST', `/share-requests/${requestId}/submit`);
        expect(resubmitted.statusCode, resubmitted.body).toBe(200);
        expect(resubmitted.json()).toMatchObject({ state: 'in_review', steps: [{ role: 'dept_head', departmentCode: 'NK', dueWithinMinutes: 30 }], stepDueAt: minutesAfter(fx.clock().toISOString(), 30) });
        expect((await call('dr.wang', 'GET', `/referrals/${id}`)).json()).toMatchObject({ status: 'submitted', overdue: false, reviews: [{ decision: 'return' }] });
        expectProblem(await call('head.internal', 'POST', `/referrals/${id}/withdraw`), 403, 'FORBIDDEN');
        expectProblem(await call('dr.li', 'POST', `/referrals/${id}/withdraw`), 404, 'REFERRAL_NOT_FOUND');
        const withdrawn = await call('dr.wang', 'POST', `/referrals/${id}/withdraw`);
        expect(withdrawn.statusCode, withdrawn.body).toBe(200);
        expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', overdue: false });
        expectProblem(await call('head.internal', 'POST', `/referrals/${id}/review`, { decision: 'approve', reason: '太迟' }), 409, 'SHARE_REQUEST_STATE');
      });

      it('leaves the fast track when a returned referral is edited beyond the document set', async () => {
        const filed = (await call('dr.wang', 'POST', '/referrals', { patientId: fx.anchor, institutionId: JCRM1, reason: '第三次转诊', urgency: 'routine' })).json();
        expect((await call('head.internal', 'POST', `/referrals/${filed.id}/review`, { decision: 'return', reason: '请核对资料范围' })).statusCode).toBe(200);
        const { form, title } = (await call('dr.wang', 'GET', `/share-requests/${filed.shareRequestId}`)).json();
        // Without the look-back, the reports would be shared whatever their age.
        const widened = { ...form, resources: form.resources.map(({ dataFrom: _lookback, ...resource }: Json) => resource) };
        const edited = await call('dr.wang', 'PUT', `/share-requests/${filed.shareRequestId}`, { title, form: widened });
        expect(edited.statusCode, edited.body).toBe(200);
        const resubmitted = (await call('dr.wang', 'POST', `/share-requests/${filed.shareRequestId}/submit`)).json();
        expect(resubmitted.steps.map((s: Json) => s.role)).toEqual(expect.arrayContaining(['dept_head', 'privacy_officer', 'info_admin']));
        expect(resubmitted.steps.some((s: Json) => s.dueWithinMinutes !== undefined)).toBe(false);
        expect((await call('dr.wang', 'POST', `/referrals/${filed.id}/withdraw`)).json().status).toBe('withdrawn');
      });
    });

    describe('inbound', () => {
      it('receives a partner’s ServiceRequest into the department’s inbox, matched to our patient, sealed', async () => {
        const token = await partnerToken(JCRM1);
        const mrn = await fx.mrnOf(fx.anchor);
        const response = await fhir(token, 'POST', '/ServiceRequest', serviceRequest([{ system: MRN_SYSTEM, value: mrn }], { id: 'their-id', unknownElement: true }));
        expect(response.statusCode, response.body).toBe(201);
        const resource = response.json();
        inboundId = resource.id;
        expect(inboundId).not.toBe('their-id');
        expect(response.headers.location).toBe(`http://localhost:80/fhir/R4/ServiceRequest/${inboundId}/_history/1`);
        expect(response.headers['content-type']).toContain('application/fhir+json');
        expect(resource).toMatchObject({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', meta: { versionId: '1' }, reasonCode: [{ text: REASON }] });
        expect(resource).not.toHaveProperty('unknownElement');
        expect(resource.contained[1].content[0].attachment).toMatchObject({ contentType: 'application/pdf', title: '出院小结.pdf', size: PDF.length });
        expect(resource.contained[1].content[0].attachment).not.toHaveProperty('data');
        expect(fhirViolations(resource)).toEqual([]);

        const row = await fx.platform.database.db.selectFrom('inbound_referrals').selectAll().where('id', '=', inboundId).executeTakeFirstOrThrow();
        expect(row).toMatchObject({ institution_id: JCRM1, patient_id: fx.anchor, matched_by: 'mrn', status: 'received', priority: 'urgent' });
        expect(Buffer.from(row.resource, 'base64').includes(Buffer.from('胸痛'))).toBe(false);
        const stored = await fx.platform.database.db.selectFrom('inbound_referral_attachments').selectAll().where('referral_id', '=', inboundId).execute();
        expect(stored).toHaveLength(1);
        expect(Buffer.from(stored[0]!.content, 'base64').includes(Buffer.from('%PDF'))).toBe(false);

        expect(await auditOf(response)).toMatchObject({ actor_type: 'api_client', action: 'create', object_type: 'inbound_referral', object_id: inboundId, patient_id: fx.anchor, purpose_of_use: 'referral', outcome: 'success' });
        const notified = await fx.platform.database.db.selectFrom('notifications').select('user_id').where('kind', '=', 'referral-received').where('subject_id', '=', inboundId).execute();
        const ids = new Set(notified.map((n) => n.user_id));
        expect(ids.has(await fx.userId('head.internal'))).toBe(true);
        expect(ids.has(await fx.userId('dr.wang'))).toBe(true);
        expect(ids.has(await fx.userId('dr.li'))).toBe(false);
      });

      it('lists it for the receiving department only, with the document to download', async () => {
        const listed = await call('dr.wang', 'GET', '/referrals/inbound?status=received');
        expect(listed.statusCode, listed.body).toBe(200);
        expect(listed.json().items).toHaveLength(1);
        expect(listed.json().items[0]).toMatchObject({
          id: inboundId,
          status: 'received',
          fhirStatus: 'active',
          priority: 'urgent',
          sender: { code: 'JCRM1' },
          department: { code: 'NK' },
          patient: { patientId: fx.anchor, matchedBy: 'mrn', name: '转诊患者', gender: 'male', birthDate: '1958-03-04' },
          reason: `${REASON}\n患者既往高血压十年`,
          attachments: [{ position: 0, contentType: 'application/pdf', title: '出院小结.pdf', bytes: PDF.length }],
          serviceRequest: null,
        });
        expect((await call('dr.li', 'GET', '/referrals/inbound')).json().items).toEqual([]);
        expectProblem(await call('dr.li', 'GET', `/referrals/inbound/${inboundId}`), 404, 'INBOUND_REFERRAL_NOT_FOUND');
        expectProblem(await call('infoadmin', 'GET', `/referrals/inbound/${inboundId}`), 404, 'INBOUND_REFERRAL_NOT_FOUND');
        const detail = await call('head.internal', 'GET', `/referrals/inbound/${inboundId}`);
        expect(detail.json().serviceRequest).toMatchObject({ id: inboundId, status: 'active' });
        const download = await call('dr.wang', 'GET', `/referrals/inbound/${inboundId}/attachments/0`);
        expect(download.statusCode).toBe(200);
        expect(download.headers['content-type']).toBe('application/pdf');
        expect(download.rawPayload.equals(PDF)).toBe(true);
        expect(await auditOf(download)).toMatchObject({ object_type: 'inbound_referral_attachment', patient_id: fx.anchor });
      });

      it('is accepted with a reason the sender reads back; only the sender may read it', async () => {
        const accepted = await call('dr.wang', 'POST', `/referrals/inbound/${inboundId}/accept`, { reason: '同意接收,请于明日上午来院' });
        expect(accepted.statusCode, accepted.body).toBe(200);
        expect(accepted.json()).toMatchObject({ status: 'accepted', fhirStatus: 'completed', decidedBy: { displayName: '王明' }, decisionReason: '同意接收,请于明日上午来院' });
        expect(await auditOf(accepted)).toMatchObject({ action: 'decision', patient_id: fx.anchor });
        expectProblem(await call('head.internal', 'POST', `/referrals/inbound/${inboundId}/decline`, { reason: '改为拒绝' }), 409, 'INBOUND_REFERRAL_DECIDED');
        expectProblem(await call('dr.li', 'POST', `/referrals/inbound/${inboundId}/decline`, { reason: '不是我科' }), 404, 'INBOUND_REFERRAL_NOT_FOUND');

        const read = await fhir(await partnerToken(JCRM1), 'GET', `/ServiceRequest/${inboundId}`);
        expect(read.statusCode, read.body).toBe(200);
        expect(read.json()).toMatchObject({ id: inboundId, status: 'completed', meta: { versionId: '2' } });
        expect(read.json().note).toContainEqual(expect.objectContaining({ text: '已接收 / Accepted: 同意接收,请于明日上午来院' }));
        expect(fhirViolations(read.json())).toEqual([]);

        const other = await fhir(await partnerToken(DHCHC), 'GET', `/ServiceRequest/${inboundId}`);
        expectOutcome(other, 404, 'INBOUND_REFERRAL_NOT_FOUND');
        expect(await auditOf(other)).toMatchObject({ actor_type: 'api_client', outcome: 'denied', object_id: inboundId });
        expectOutcome(await fhir(await partnerToken(JCRM1, 'system/Observation.read'), 'GET', `/ServiceRequest/${inboundId}`), 403, 'SMART_SCOPE_INSUFFICIENT');
      });

      it('keeps a patient it cannot match as unmatched, and a decline revokes it', async () => {
        const token = await partnerToken(JCRM1);
        const response = await fhir(token, 'POST', '/ServiceRequest', serviceRequest([{ system: MRN_SYSTEM, value: 'NOT-OUR-MRN' }], { performer: undefined, locationCode: [{ coding: [{ system: DEPARTMENT_SYSTEM, code: 'NK' }] }] }, { contentType: 'text/plain; charset=utf-8', data: Buffer.from('转诊说明:病情稳定').toString('base64') }));
        expect(response.statusCode, response.body).toBe(201);
        const id = response.json().id;
        const view = (await call('head.internal', 'GET', `/referrals/inbound/${id}`)).json();
        expect(view.patient).toMatchObject({ patientId: null, matchedBy: null, identifiers: [{ system: MRN_SYSTEM, value: 'NOT-OUR-MRN' }] });
        expect((await call('head.internal', 'POST', `/referrals/inbound/${id}/decline`, { reason: '本科床位已满' })).json()).toMatchObject({ status: 'declined', fhirStatus: 'revoked' });
        expect((await fhir(token, 'GET', `/ServiceRequest/${id}`)).json()).toMatchObject({ status: 'revoked', note: expect.arrayContaining([expect.objectContaining({ text: '已拒绝 / Declined: 本科床位已满' })]) });
      });

      it('refuses a user token, a malformed request, an unknown department and bad documents, storing nothing', async () => {
        const before = [await count('inbound_referrals'), await count('inbound_referral_attachments')];
        const token = await partnerToken(JCRM1);
        const mrn = await fx.mrnOf(fx.anchor);
        const good = serviceRequest([{ system: MRN_SYSTEM, value: mrn }]);

        const asUser = await fx.platform.app.inject({ method: 'POST', url: '/fhir/R4/ServiceRequest', headers: { authorization: `Bearer ${(await fx.session('dr.wang')).token}`, 'content-type': 'application/fhir+json' }, payload: JSON.stringify(good) });
        expectOutcome(asUser, 401, 'PARTNER_TOKEN_INVALID');
        // Reading is not sending: a token without the ServiceRequest write scope cannot refer.
        const readOnly = await fhir(await partnerToken(JCRM1, 'system/*.read'), 'POST', '/ServiceRequest', good);
        expectOutcome(readOnly, 403, 'SMART_SCOPE_INSUFFICIENT');

        const malformed = expectOutcome(await fhir(token, 'POST', '/ServiceRequest', { ...good, intent: 'plan', subject: { reference: 'Patient/123' } }), 400, 'REFERRAL_SERVICE_REQUEST_INVALID');
        expect(malformed.issue.map((i) => i.expression?.[0])).toEqual(expect.arrayContaining(['ServiceRequest.intent', 'ServiceRequest.subject']));
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', { resourceType: 'Observation' }), 400, 'VALIDATION_FAILED');
        const broken = await fx.platform.app.inject({ method: 'POST', url: '/fhir/R4/ServiceRequest', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, payload: '{"resourceType": "ServiceRequest",' });
        expectOutcome(broken, 400, 'MALFORMED_JSON');

        const unknown = (code: string) => serviceRequest([{ system: MRN_SYSTEM, value: mrn }], { performer: [{ identifier: { system: DEPARTMENT_SYSTEM, value: code } }] });
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', unknown('XYZ')), 422, 'REFERRAL_DEPARTMENT_UNKNOWN');
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', unknown('XXK')), 422, 'REFERRAL_DEPARTMENT_UNKNOWN');

        const oversize = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_LIMITS.eachBytes)]);
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', serviceRequest([{ system: MRN_SYSTEM, value: mrn }], {}, { contentType: 'application/pdf', data: oversize.toString('base64') })), 413, 'REFERRAL_ATTACHMENT_TOO_LARGE');
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', serviceRequest([{ system: MRN_SYSTEM, value: mrn }], {}, { contentType: 'application/pdf', data: PNG.toString('base64') })), 415, 'REFERRAL_ATTACHMENT_TYPE');
        expectOutcome(await fhir(token, 'POST', '/ServiceRequest', serviceRequest([{ system: MRN_SYSTEM, value: mrn }], {}, { contentType: 'application/zip', data: PDF.toString('base64') })), 415, 'REFERRAL_ATTACHMENT_TYPE');

        expect([await count('inbound_referrals'), await count('inbound_referral_attachments')]).toEqual(before);
        const refusals = await fx.platform.database.db.selectFrom('audit_entries').select(['outcome', 'reason']).where('object_type', '=', 'inbound_referral').where('outcome', '!=', 'success').execute();
        expect(refusals.map((r) => r.reason)).toEqual(expect.arrayContaining(['REFERRAL_SERVICE_REQUEST_INVALID', 'REFERRAL_DEPARTMENT_UNKNOWN', 'REFERRAL_ATTACHMENT_TOO_LARGE', 'REFERRAL_ATTACHMENT_TYPE']));
      });

      it('refuses referrals to an institution that is no longer active', async () => {
        await fx.platform.database.db.updateTable('institutions').set({ status: 'suspended' }).where('id', '=', DHCHC).execute();
        const response = await call('dr.wang', 'POST', '/referrals', { patientId: fx.anchor, institutionId: DHCHC, reason: '转社区康复', urgency: 'routine' });
        const problem = expectProblem(response, 422, 'REFERRAL_INSTITUTION_INVALID');
        expect(problem.detail).toContain('suspended');
      });
    });

    it('documents every referral endpoint in the OpenAPI document under the referral tag', async () => {
      const document = (await fx.platform.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags: string[] }>> };
      for (const [path, method] of [
        ['/api/v1/referrals', 'post'],
        ['/api/v1/referrals', 'get'],
        ['/api/v1/referrals/{id}', 'get'],
        ['/api/v1/referrals/{id}/review', 'post'],
        ['/api/v1/referrals/{id}/withdraw', 'post'],
        ['/api/v1/referrals/inbound', 'get'],
        ['/api/v1/referrals/inbound/{id}', 'get'],
        ['/api/v1/referrals/inbound/{id}/accept', 'post'],
        ['/api/v1/referrals/inbound/{id}/decline', 'post'],
        ['/fhir/R4/ServiceRequest', 'post'],
        ['/fhir/R4/ServiceRequest/{id}', 'get'],
      ] as const) {
        expect(document.paths[path]?.[method]?.tags, `${method} ${path}`).toContain('referral');
      }
    });
  });
}
