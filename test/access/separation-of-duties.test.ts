/**
 * Separation of duties (三员分立): the system administrator runs the installation, accounts and keys
 * and has no access to patient data at all. Every patient-data read — patient search, the integrated
 * view, a patient's records, recent results, record reads and searches, FHIR read and search —
 * refuses them with 403 PATIENT_DATA_FORBIDDEN (an OperationOutcome on /fhir), audited as denied,
 * instead of the "nothing found" a reader without a rule gets. A clinical role held beside
 * system_admin keeps its access; a grant naming a system administrator is refused.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectProblem, signIn } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { isoPlus, openAccessFixture, T0, type AccessFixture, type RecordRef } from './fixture.js';

type Json = Record<string, any>;
const ZH_MESSAGE = '您的角色无权访问患者数据：系统管理员负责系统、账号与密钥管理，不接触临床数据（三员分立）';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`separation of duties: the system administrator and patient data (${dialect})`, () => {
    let fx: AccessFixture;
    let anchorPatient: RecordRef;
    let anchorLab: RecordRef;
    let mrn: string;

    /** Every patient-data endpoint, as [objectType audited, url]. */
    const endpoints = (): [string, string][] => [
      ['patient', `/api/v1/patients?q=${encodeURIComponent(mrn)}`],
      ['patient', '/api/v1/patients'],
      ['patient', `/api/v1/patients/${fx.anchor}`],
      ['record', `/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT`],
      ['record', `/api/v1/patients/${fx.anchor}/recent-results`],
      ['record', '/api/v1/records?catalog=CLIN_PATIENT'],
      ['record', `/api/v1/records/${anchorLab.type}/${anchorLab.id}`],
    ];
    const fhirEndpoints = (): string[] => [`/fhir/R4/Patient/${fx.anchor}`, `/fhir/R4/${anchorLab.type}/${anchorLab.id}`, `/fhir/R4/Observation?patient=${fx.anchor}`, '/fhir/R4/Patient'];

    const expectOperationOutcome = (response: LightMyRequestResponse, diagnostics: string) => {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      expect(response.headers['x-access-basis']).toBeUndefined();
      expect(response.json()).toEqual({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'forbidden', diagnostics, details: { coding: [{ system: 'urn:yixiang:problem', code: 'PATIENT_DATA_FORBIDDEN' }], text: diagnostics } }],
      });
    };

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      anchorPatient = await fx.recordOf(fx.anchor, 'CLIN_PATIENT');
      anchorLab = await fx.recordOf(fx.anchor, 'CLIN_LAB_REPORT');
      mrn = await fx.mrnOf(fx.anchor);
    }, 120_000);
    afterAll(async () => fx?.close());

    it('refuses every REST patient-data endpoint with 403 problem+json, whatever the purpose', async () => {
      for (const [, url] of endpoints()) {
        for (const purpose of ['treatment', 'management']) {
          const response = await fx.get('sysadmin', url, purpose);
          const body = expectProblem(response, 403, 'PATIENT_DATA_FORBIDDEN');
          expect({ url, detail: body.detail, instance: body.instance }).toEqual({ url, detail: ZH_MESSAGE, instance: url.split('?')[0] });
          expect(response.headers['x-access-basis']).toBeUndefined();
          expect(response.body).not.toContain('resourceType');
        }
      }
    });

    it('says so in English for en, and before asking for a purpose', async () => {
      const english = await fx.get('sysadmin', `/api/v1/patients/${fx.anchor}`, 'treatment', { 'accept-language': 'en' });
      expect(expectProblem(english, 403, 'PATIENT_DATA_FORBIDDEN').detail).toBe('Your role has no access to patient data: system administrators manage the installation, accounts and keys, not clinical records (separation of duties)');
      // Without X-Purpose-Of-Use the answer is the same refusal, not an invitation to name a purpose.
      for (const [, url] of endpoints()) expectProblem(await fx.get('sysadmin', url, null), 403, 'PATIENT_DATA_FORBIDDEN');
    });

    it('refuses FHIR read and search with a 403 OperationOutcome', async () => {
      for (const url of fhirEndpoints()) expectOperationOutcome(await fx.get('sysadmin', url), ZH_MESSAGE);
      expectOperationOutcome(await fx.get('sysadmin', `/fhir/R4/Patient/${fx.anchor}`, 'treatment', { 'accept-language': 'en-US' }), 'Your role has no access to patient data: system administrators manage the installation, accounts and keys, not clinical records (separation of duties)');
    });

    it('records each refusal as denied, naming the administrator, the route and the code', async () => {
      const sysadminId = await fx.userId('sysadmin');
      const check = async (url: string, objectType: string, route: string) => {
        const response = await fx.get('sysadmin', url, 'treatment');
        const [entry] = (await fx.platform.audit.search({ actorId: sysadminId, outcome: 'denied' }, 1)).items;
        expect(entry).toMatchObject({ actor: { name: 'sysadmin', roles: ['system_admin'] }, action: expect.stringMatching(/^(read|search)$/), objectType, outcome: 'denied', reason: 'PATIENT_DATA_FORBIDDEN', accessBasis: null, grantId: null, requestId: response.headers['x-request-id'], details: { method: 'GET', route, status: 403 } });
      };
      await check(`/api/v1/patients?q=${encodeURIComponent(mrn)}`, 'patient', '/api/v1/patients');
      await check(`/api/v1/patients/${fx.anchor}`, 'patient', '/api/v1/patients/:id');
      await check(`/api/v1/patients/${fx.anchor}/records?resource=CLIN_LAB_REPORT`, 'record', '/api/v1/patients/:id/records');
      await check(`/api/v1/patients/${fx.anchor}/recent-results`, 'record', '/api/v1/patients/:id/recent-results');
      await check(`/api/v1/records/${anchorLab.type}/${anchorLab.id}`, 'record', '/api/v1/records/:type/:id');
      await check(`/fhir/R4/Patient/${fx.anchor}`, 'record', '/fhir/R4/:type/:id');
      await check(`/fhir/R4/Observation?patient=${fx.anchor}`, 'record', '/fhir/R4/:type');
      // Nothing of the patient was looked up, so the entries name no patient and no basis.
      const entries = (await fx.platform.audit.search({ actorId: sysadminId, outcome: 'denied' }, 200)).items;
      expect(entries.length).toBeGreaterThan(20);
      for (const entry of entries) expect(entry).toMatchObject({ reason: 'PATIENT_DATA_FORBIDDEN', patientId: null, accessBasis: null });
      expect((await fx.platform.audit.search({ actorId: sysadminId, outcome: 'success', objectType: 'record' }, 1)).items).toEqual([]);
    });

    it('leaves the auditor, the privacy officer and the information administrator with the answers of a reader without a rule', async () => {
      for (const user of ['auditor', 'privacy', 'infoadmin']) {
        expect({ user, status: (await fx.get(user, `/api/v1/patients/${fx.anchor}`, 'management')).statusCode }).toEqual({ user, status: 404 });
        expect({ user, status: (await fx.get(user, `/api/v1/records/${anchorPatient.type}/${anchorPatient.id}`, 'management')).statusCode }).toEqual({ user, status: 404 });
        const search = await fx.get(user, `/api/v1/patients?q=${encodeURIComponent(mrn)}`, 'management');
        expect({ user, status: search.statusCode, total: search.json().total }).toEqual({ user, status: 200, total: 0 });
        expect({ user, status: (await fx.get(user, `/fhir/R4/Patient/${fx.anchor}`, 'management')).statusCode }).toEqual({ user, status: 404 });
      }
    });

    it('lets a clinical role held beside system_admin keep its access', async () => {
      const created = await fx.post('infoadmin', '/api/v1/users', { username: 'lab.mixed', displayName: '检验兼管理', departmentId: await fx.departmentId('JYK'), roles: ['staff'], password: 'Mixed-Roles#2026' });
      expect(created.statusCode, created.body).toBe(201);
      const userId = created.json().id as string;
      // The API refuses system_admin beside another role (roleConflict); an installation may still hold one.
      await fx.platform.database.db.insertInto('user_roles').values({ user_id: userId, role: 'system_admin' }).execute();
      const mixed = await signIn(fx.platform.app, 'lab.mixed', 'Mixed-Roles#2026');
      const get = (url: string) => fx.platform.app.inject({ url, headers: { ...bearer(mixed), 'x-purpose-of-use': 'treatment' } });
      const read = await get(`/api/v1/records/${anchorLab.type}/${anchorLab.id}`);
      expect({ status: read.statusCode, basis: read.headers['x-access-basis'] }).toEqual({ status: 200, basis: 'department' });
      const view = await get(`/api/v1/patients/${fx.anchor}`);
      expect(view.statusCode).toBe(200);
      expect((view.json() as Json).timeline.items.every((item: Json) => item.catalogCode === 'CLIN_LAB_REPORT')).toBe(true);
      expect((await get(`/fhir/R4/${anchorLab.type}/${anchorLab.id}`)).statusCode).toBe(200);
      // Still nothing beyond what the clinical role opens.
      expect((await get(`/api/v1/records/${anchorPatient.type}/${anchorPatient.id}`)).statusCode).toBe(404);
    });

    it('refuses a grant that names a system administrator', async () => {
      const response = await fx.post('infoadmin', '/api/v1/grants', {
        grantee: { kind: 'user', id: await fx.userId('sysadmin') },
        catalogCode: 'CLIN_PATIENT',
        fields: ['gender'],
        patientScope: { kind: 'patients', patientIds: [fx.anchor] },
        purpose: 'management',
        channel: 'api',
        validTo: isoPlus(T0, 24),
        maskingProfile: 'identified',
        reason: 'separation of duties',
      });
      const body = expectProblem(response, 422, 'GRANT_INVALID');
      expect(String(body.detail)).toContain('holds no role with access to patient data');
    });

    it('lists the refusal in the OpenAPI document of every patient-data route', async () => {
      const document = (await fx.platform.app.inject({ url: '/api/openapi.json' })).json() as Json;
      for (const path of ['/api/v1/patients', '/api/v1/patients/{id}', '/api/v1/patients/{id}/records', '/api/v1/patients/{id}/recent-results', '/api/v1/records', '/api/v1/records/{type}/{id}']) {
        const responses = document.paths[path].get.responses as Json;
        expect({ path, codes: Object.keys(responses) }).toEqual({ path, codes: expect.arrayContaining(['200', '400', '401', '403']) });
        expect(responses['403'].description).toContain('PATIENT_DATA_FORBIDDEN');
        expect(Object.keys(responses['403'].content)).toEqual(['application/problem+json']);
      }
      for (const path of ['/fhir/R4/{type}/{id}', '/fhir/R4/{type}']) {
        const responses = document.paths[path].get.responses as Json;
        expect(responses['403'].description).toContain('PATIENT_DATA_FORBIDDEN');
        expect(Object.keys(responses['403'].content)).toEqual(['application/fhir+json']);
        expect(Object.keys(responses['200'].content)).toEqual(['application/fhir+json']);
      }
      expect(document.paths['/api/v1/patients/{id}'].get.responses['404'].description).toContain('PATIENT_NOT_FOUND');
    });
  });
}
