/**
 * Patient consent (单独同意) over HTTP on both databases: a clinician records a verbal consent for a
 * patient on their care team, the information administrator records one with an uploaded signed
 * form, both are listed, read, exported as FHIR and withdrawn; the SQL check the access layer uses
 * follows them; the sharing pre-check weighs them; refusals change nothing; every step is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentInForceExists } from '../../src/sharing/index.js';
import { openAccessFixture, T0, type AccessFixture } from '../access/fixture.js';
import { expectProblem } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

type Json = Record<string, any>;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Title (知情同意书) >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const iso = (hoursFromT0: number) => new Date(T0.getTime() + hoursFromT0 * 3_600_000).toISOString();

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`patient consent records (${dialect})`, () => {
    let fx: AccessFixture;
    let referralHospital: string;
    let suspendedCentre: string;
    let wangId: string;
    let verbalId: string;
    let signedId: string;
    let fileId: string;

    const call = async (username: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      fx.platform.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${(await fx.session(username)).token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const consentCount = async () => Number((await fx.platform.database.db.selectFrom('consents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const verbal = (overrides: Json = {}): Json => ({
      recipientId: referralHospital,
      purpose: 'referral',
      catalogCodes: ['CLIN_LAB_REPORT'],
      validTo: iso(24 * 90),
      evidence: { kind: 'verbal', recordedAt: iso(-0.5), note: '患者在门诊当面同意向转诊医院提供检验报告' },
      ...overrides,
    });
    /** Records of a patient the SQL check finds covered at `at` for the referral hospital and purpose. */
    const coveredRecords = async (patientId: string, at: string, purpose = 'referral') => {
      const rows = await fx.platform.database.db
        .selectFrom('records')
        .select('catalog_code')
        .where('records.patient_id', '=', patientId)
        .where((eb) => consentInForceExists(eb, { patientId: eb.ref('records.patient_id'), recipientId: referralHospital, purpose, catalogCode: eb.ref('records.catalog_code'), at }))
        .execute();
      return new Set(rows.map((row) => row.catalog_code));
    };
    const inForce = async (check: { patientId: string; catalogCode: string; at: string; purpose?: string }) => {
      const row = await fx.platform.database.db
        .selectNoFrom((eb) => consentInForceExists(eb, { recipientId: referralHospital, purpose: 'referral', ...check }).as('covered'))
        .executeTakeFirstOrThrow();
      return Boolean(Number(row.covered));
    };

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      const db = fx.platform.database.db;
      referralHospital = (await db.selectFrom('institutions').select('id').where('code', '=', 'JCRM1').executeTakeFirstOrThrow()).id;
      suspendedCentre = (await db.selectFrom('institutions').select('id').where('code', '=', 'DHCHC').executeTakeFirstOrThrow()).id;
      await db.updateTable('institutions').set({ status: 'suspended' }).where('id', '=', suspendedCentre).execute();
      wangId = await fx.userId('dr.wang');
      // The premise of the clinician cases: dr.wang sees the anchor for treatment, not the stranger.
      expect((await fx.get('dr.wang', `/api/v1/records/Patient/${fx.anchor}`)).statusCode).toBe(200);
      expect((await fx.get('dr.wang', `/api/v1/records/Patient/${fx.stranger}`)).statusCode).toBe(404);
    }, 180_000);
    afterAll(async () => fx?.close());

    it('records a verbal consent taken by a clinician for a patient on their care team', async () => {
      const response = await call('dr.wang', 'POST', `/patients/${fx.anchor}/consents`, verbal());
      expect(response.statusCode, response.body).toBe(201);
      const view = response.json();
      verbalId = view.id;
      expect(response.headers.location).toBe(`/api/v1/consents/${verbalId}`);
      expect(view).toMatchObject({
        patientId: fx.anchor,
        recipient: { kind: 'institution', id: referralHospital, name: { zh: '江城市第一人民医院' } },
        purpose: 'referral',
        purposeLabel: { zh: '转诊' },
        catalogCodes: ['CLIN_LAB_REPORT'],
        validFrom: T0.toISOString(),
        validTo: iso(24 * 90),
        status: 'active',
        state: 'in-force',
        evidence: { kind: 'verbal', recordedAt: iso(-0.5), clinician: { id: wangId, displayName: '王明' }, form: null },
        createdBy: { id: wangId, displayName: '王明' },
        createdAt: T0.toISOString(),
        withdrawnAt: null,
      });
    });

    it('uploads a signed form sealed, and records a consent with it for any patient (information administrator)', async () => {
      const upload = await call('infoadmin', 'POST', '/consents/forms', { patientId: fx.stranger, name: '知情同意书.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') });
      expect(upload.statusCode, upload.body).toBe(201);
      fileId = upload.json().fileId;
      expect(upload.json()).toMatchObject({ patientId: fx.stranger, fileName: '知情同意书.pdf', mediaType: 'application/pdf', bytes: PDF.length });
      const stored = await fx.platform.database.db.selectFrom('consent_forms').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.content, 'base64').includes(Buffer.from('%PDF'))).toBe(false);
      expect(stored.consent_id).toBeNull();

      const response = await call('infoadmin', 'POST', `/patients/${fx.stranger}/consents`, { recipientId: referralHospital, purpose: 'referral', validFrom: iso(-24), evidence: { kind: 'signed-form', fileId, recordedAt: iso(-25) } });
      expect(response.statusCode, response.body).toBe(201);
      signedId = response.json().id;
      expect(response.json()).toMatchObject({ catalogCodes: null, validTo: null, state: 'in-force', evidence: { kind: 'signed-form', note: null, clinician: { displayName: '张信安' }, form: { fileId, fileName: '知情同意书.pdf', mediaType: 'application/pdf', bytes: PDF.length, sha256: upload.json().sha256 } } });

      // One form evidences one consent.
      const again = await call('infoadmin', 'POST', `/patients/${fx.stranger}/consents`, { recipientId: referralHospital, purpose: 'treatment', evidence: { kind: 'signed-form', fileId, recordedAt: iso(-25) } });
      expectProblem(again, 422, 'CONSENT_FORM_INVALID');

      const download = await call('infoadmin', 'GET', `/consents/${signedId}/form`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('知情同意书.pdf')}`);
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expectProblem(await call('infoadmin', 'GET', `/consents/${verbalId}/form`), 404, 'CONSENT_FORM_NOT_FOUND');
    });

    it("lists a patient's consents newest first, for the clinician, the privacy officer and the auditor", async () => {
      fx.clock.advanceMinutes(1);
      const second = await call('dr.wang', 'POST', `/patients/${fx.anchor}/consents`, verbal({ purpose: 'treatment', catalogCodes: undefined, validTo: undefined }));
      expect(second.statusCode, second.body).toBe(201);
      const listed = await call('dr.wang', 'GET', `/patients/${fx.anchor}/consents`);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((c: Json) => c.id)).toEqual([second.json().id, verbalId]);
      expect(listed.json().items[1]).toMatchObject({ recipient: { name: { en: 'Jiangcheng First People’s Hospital' } }, evidence: { clinician: { displayName: '王明' } } });
      for (const username of ['privacy', 'auditor', 'infoadmin']) {
        const seen = await call(username, 'GET', `/patients/${fx.stranger}/consents`);
        expect(seen.statusCode, username).toBe(200);
        expect(seen.json().items.map((c: Json) => c.id)).toEqual([signedId]);
      }
      expect((await call('auditor', 'GET', `/consents/${verbalId}`)).json()).toMatchObject({ id: verbalId, patientId: fx.anchor });
    });

    it('exports a consent as a FHIR R4 Consent', async () => {
      const response = await call('dr.wang', 'GET', `/consents/${verbalId}/fhir`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      const resource = response.json();
      expect(resource).toMatchObject({
        resourceType: 'Consent',
        id: verbalId,
        status: 'active',
        scope: { coding: [{ code: 'patient-privacy' }] },
        patient: { reference: `Patient/${fx.anchor}` },
        performer: [{ reference: `Patient/${fx.anchor}` }],
        dateTime: iso(-0.5),
        policyRule: { coding: [{ code: 'OPTIN' }] },
        provision: { type: 'permit', period: { start: T0.toISOString(), end: iso(24 * 90) }, actor: [{ role: { coding: [{ code: 'IRCP' }] }, reference: { reference: `Organization/${referralHospital}` } }], code: [{ coding: [{ code: 'CLIN_LAB_REPORT' }] }] },
        sourceAttachment: { contentType: 'text/plain; charset=utf-8' },
      });
      expect(resource.category[0].coding).toContainEqual({ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' });
      expect(Buffer.from(resource.sourceAttachment.data, 'base64').toString('utf8')).toContain('王明');

      const signed = (await call('privacy', 'GET', `/consents/${signedId}/fhir`)).json();
      expect(signed.sourceAttachment).toMatchObject({ contentType: 'application/pdf', size: PDF.length, title: '知情同意书.pdf' });
      expect(signed.sourceAttachment.url).toMatch(new RegExp(`/api/v1/consents/${signedId}/form$`));
      expect(signed.provision).not.toHaveProperty('code');
    });

    it('answers the SQL check access uses: in force for exactly the covered patient, institution, purpose and resource', async () => {
      const now = fx.clock().toISOString();
      expect(await coveredRecords(fx.anchor, now)).toEqual(new Set(['CLIN_LAB_REPORT']));
      expect((await coveredRecords(fx.stranger, now)).size).toBeGreaterThan(3);
      expect(await coveredRecords(fx.anchor, now, 'research')).toEqual(new Set());
      expect(await inForce({ patientId: fx.anchor, catalogCode: 'CLIN_LAB_REPORT', at: now })).toBe(true);
      // `_` in a code is a LIKE wildcard: it must not let a look-alike code through.
      expect(await inForce({ patientId: fx.anchor, catalogCode: 'CLINXLABXREPORT', at: now })).toBe(false);
      expect(await inForce({ patientId: fx.anchor, catalogCode: 'CLIN_IMAGING_REPORT', at: now })).toBe(false);
      // Expiry is by time: at valid_to the consent no longer covers anything, before valid_from not yet.
      expect(await inForce({ patientId: fx.anchor, catalogCode: 'CLIN_LAB_REPORT', at: iso(24 * 90) })).toBe(false);
      expect(await inForce({ patientId: fx.anchor, catalogCode: 'CLIN_LAB_REPORT', at: iso(-1) })).toBe(false);
    });

    it('weighs recorded consents in the sharing pre-check, naming the patients who lack one', async () => {
      const form = { recipient: { kind: 'institution', id: referralHospital }, resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }] }], purpose: 'referral', legalBasis: { kind: 'consent' }, patients: { kind: 'patients', patientIds: [fx.anchor, fx.stranger, fx.level5Patient] }, accessDays: 30, channel: 'external', identification: 'identified', consentOnRecord: true };
      const response = await call('dr.wang', 'POST', '/share-requests/precheck', form);
      expect(response.statusCode, response.body).toBe(200);
      const consent = response.json().findings.filter((f: Json) => f.check === 'consent');
      expect(consent).toMatchObject([{ severity: 'block', catalogCode: 'CLIN_LAB_REPORT', patients: [fx.level5Patient] }]);
    });

    it('withdraws a consent at once, and refuses to withdraw it twice', async () => {
      fx.clock.advanceMinutes(1);
      const withdrawnAt = fx.clock().toISOString();
      const response = await call('dr.wang', 'POST', `/consents/${verbalId}/withdraw`, { reason: '患者电话告知撤回同意' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ status: 'withdrawn', state: 'withdrawn', withdrawnAt, withdrawnBy: { id: wangId, displayName: '王明' }, withdrawalReason: '患者电话告知撤回同意' });
      expect(await coveredRecords(fx.anchor, withdrawnAt)).toEqual(new Set());
      expect((await call('dr.wang', 'GET', `/consents/${verbalId}/fhir`)).json().status).toBe('inactive');

      const twice = expectProblem(await call('infoadmin', 'POST', `/consents/${verbalId}/withdraw`, { reason: '重复撤回' }), 409, 'CONSENT_WITHDRAWN');
      expect(twice.detail ?? twice.title).toContain(withdrawnAt);
      expectProblem(await call('dr.wang', 'POST', '/consents/no-such-consent/withdraw', { reason: '不存在' }), 404, 'CONSENT_NOT_FOUND');
    });

    it('refuses what it cannot record, and records nothing', async () => {
      const before = await consentCount();
      const post = (username: string, patientId: string, body: Json) => call(username, 'POST', `/patients/${patientId}/consents`, body);
      expectProblem(await post('infoadmin', 'no-such-patient', verbal()), 404, 'PATIENT_NOT_FOUND');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ recipientId: 'no-such-institution' })), 422, 'CONSENT_RECIPIENT_INVALID');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ recipientId: suspendedCentre })), 422, 'CONSENT_RECIPIENT_INVALID');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ purpose: 'astrology' })), 422, 'CONSENT_PURPOSE_UNKNOWN');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ catalogCodes: ['CLIN_LAB_REPORT', 'CLIN_NOTHING'] })), 422, 'CONSENT_CATALOG_UNKNOWN');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ evidence: { kind: 'verbal', recordedAt: iso(1) } })), 400, 'CONSENT_RECORDED_IN_FUTURE');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ validFrom: iso(24), validTo: iso(12) })), 400, 'CONSENT_PERIOD_INVALID');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ validTo: T0.toISOString() })), 400, 'CONSENT_PERIOD_INVALID');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ scope: 'everything' })), 400, 'VALIDATION_FAILED');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ evidence: { kind: 'verbal', recordedAt: iso(-1), witness: '家属' } })), 400, 'VALIDATION_FAILED');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ evidence: { kind: 'verbal', recordedAt: iso(-1), clinicianId: await fx.userId('auditor') } })), 422, 'CONSENT_CLINICIAN_INVALID');
      expectProblem(await post('dr.wang', fx.anchor, verbal({ evidence: { kind: 'signed-form', fileId: 'no-such-file', recordedAt: iso(-1) } })), 422, 'CONSENT_FORM_INVALID');
      expect(await consentCount()).toBe(before);
    });

    it('hides patients a clinician cannot see, and their consents', async () => {
      const before = await consentCount();
      expectProblem(await call('dr.wang', 'POST', `/patients/${fx.stranger}/consents`, verbal()), 404, 'PATIENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'GET', `/patients/${fx.stranger}/consents`), 404, 'PATIENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'GET', `/consents/${signedId}`), 404, 'CONSENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'GET', `/consents/${signedId}/fhir`), 404, 'CONSENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'GET', `/consents/${signedId}/form`), 404, 'CONSENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'POST', `/consents/${signedId}/withdraw`, { reason: '越权撤回' }), 404, 'CONSENT_NOT_FOUND');
      expectProblem(await call('dr.wang', 'POST', '/consents/forms', { patientId: fx.stranger, name: 'form.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') }), 404, 'PATIENT_NOT_FOUND');
      // A form uploaded by someone else, or for another patient, is not the caller's to use.
      expectProblem(await call('dr.wang', 'POST', `/patients/${fx.anchor}/consents`, verbal({ evidence: { kind: 'signed-form', fileId, recordedAt: iso(-1) } })), 422, 'CONSENT_FORM_INVALID');
      expect(await consentCount()).toBe(before);
      expect((await call('infoadmin', 'GET', `/consents/${signedId}`)).json().status).toBe('active');
    });

    it('refuses the system administrator everything and lets the auditor only read', async () => {
      expectProblem(await call('sysadmin', 'GET', `/patients/${fx.anchor}/consents`), 403, 'FORBIDDEN');
      expectProblem(await call('sysadmin', 'GET', `/consents/${signedId}`), 403, 'FORBIDDEN');
      expectProblem(await call('sysadmin', 'POST', `/patients/${fx.anchor}/consents`, verbal()), 403, 'FORBIDDEN');
      expectProblem(await call('auditor', 'POST', `/patients/${fx.stranger}/consents`, verbal()), 403, 'FORBIDDEN');
      expectProblem(await call('auditor', 'POST', `/consents/${signedId}/withdraw`, { reason: '审计不应撤回' }), 403, 'FORBIDDEN');
      expectProblem(await call('auditor', 'POST', '/consents/forms', { patientId: fx.stranger, name: 'form.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') }), 403, 'FORBIDDEN');
      expect((await call('auditor', 'GET', `/consents/${signedId}/fhir`)).statusCode).toBe(200);
      expect((await call('auditor', 'GET', `/consents/${signedId}/form`)).statusCode).toBe(200);
      expectProblem(await fx.platform.app.inject({ method: 'GET', url: `/api/v1/patients/${fx.anchor}/consents` }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a form of the wrong type, whether declared or sniffed', async () => {
      const forms = async () => Number((await fx.platform.database.db.selectFrom('consent_forms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await forms();
      const upload = (body: Json) => call('privacy', 'POST', '/consents/forms', { patientId: fx.stranger, name: 'form.pdf', ...body });
      expectProblem(await upload({ mediaType: 'image/gif', contentBase64: PNG.toString('base64') }), 400, 'VALIDATION_FAILED');
      expectProblem(await upload({ mediaType: 'text/html', contentBase64: Buffer.from('<script>alert(1)</script>').toString('base64') }), 400, 'VALIDATION_FAILED');
      expectProblem(await upload({ mediaType: 'application/pdf', contentBase64: PNG.toString('base64') }), 415, 'CONSENT_FORM_TYPE');
      expectProblem(await upload({ mediaType: 'image/jpeg', contentBase64: PDF.toString('base64') }), 415, 'CONSENT_FORM_TYPE');
      expect((await upload({ mediaType: 'image/png', contentBase64: PNG.toString('base64'), name: '扫描件.png' })).statusCode).toBe(201);
      expect(await forms()).toBe(before + 1);
    });

    it('documents the routes in the OpenAPI document under the consent tag', async () => {
      const document = (await fx.platform.app.inject({ url: '/api/openapi.json' })).json();
      for (const path of ['/api/v1/patients/{patientId}/consents', '/api/v1/consents/forms', '/api/v1/consents/{id}', '/api/v1/consents/{id}/fhir', '/api/v1/consents/{id}/form', '/api/v1/consents/{id}/withdraw']) {
        expect(Object.keys(document.paths)).toContain(path);
      }
      expect(document.paths['/api/v1/patients/{patientId}/consents'].post.tags).toEqual(['consent']);
      expect(Object.keys(document.paths['/api/v1/consents/{id}'].get.responses['200'].content['application/json'].schema.properties)).toContain('evidence');
    });

    it('has every step in the audit log, with its patient', async () => {
      const of = async (patientId: string) => (await fx.platform.audit.search({ patientId }, 500)).items.filter((e) => e.objectType === 'consent' || e.objectType === 'consent_form');
      const key = (e: Json) => `${e.actor.name} ${e.action} ${e.objectType} ${e.outcome}`;
      const anchor = await of(fx.anchor);
      expect(anchor.find((e) => e.action === 'create' && e.objectId === verbalId)).toMatchObject({ outcome: 'success', actor: { name: 'dr.wang' }, accessBasis: expect.stringMatching(/care-team|department/), details: { recipientId: referralHospital, purpose: 'referral', evidence: 'verbal' } });
      expect(anchor.find((e) => e.action === 'update' && e.objectId === verbalId && e.outcome === 'success')).toMatchObject({ actor: { name: 'dr.wang' }, details: { change: 'withdraw', reason: '患者电话告知撤回同意' } });
      expect(anchor.find((e) => e.action === 'update' && e.objectId === verbalId && e.outcome === 'error')).toMatchObject({ actor: { name: 'infoadmin' }, reason: 'CONSENT_WITHDRAWN' });
      expect(anchor.map(key)).toEqual(expect.arrayContaining(['dr.wang search consent success', 'dr.wang read consent success', 'auditor read consent success', 'dr.wang create consent error', 'sysadmin search consent denied', 'sysadmin create consent denied']));

      const stranger = await of(fx.stranger);
      expect(stranger.find((e) => e.objectType === 'consent_form' && e.action === 'create' && e.objectId === fileId)).toMatchObject({ outcome: 'success', actor: { name: 'infoadmin' }, accessBasis: 'role:info_admin', details: { mediaType: 'application/pdf', bytes: PDF.length } });
      expect(stranger.find((e) => e.action === 'create' && e.objectId === signedId)).toMatchObject({ outcome: 'success', actor: { name: 'infoadmin' } });
      expect(stranger.map(key)).toEqual(
        expect.arrayContaining([
          'infoadmin read consent_form success',
          'auditor read consent_form success',
          'privacy search consent success',
          'dr.wang create consent denied',
          'dr.wang read consent denied',
          'dr.wang update consent denied',
          'dr.wang create consent_form denied',
          'privacy create consent_form error',
          'auditor create consent denied',
        ]),
      );
      // Refusals by validation still name the patient, and the file never reaches the log.
      expect(stranger.filter((e) => e.objectType === 'consent_form' && e.outcome === 'error').length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify([...anchor, ...stranger])).not.toContain(PDF.toString('base64'));
    });
  });
}
