import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../../test/support/app.js';
import { DIALECTS, skipDialect } from '../../test/support/databases.js';

const sampleDefinition = {
  name: { zh: '检验危急值', en: 'Critical lab values' },
  description: { zh: '检验科发布的危急值记录', en: 'Critical values reported by the laboratory' },
  category: 'clinical',
  gbCategory: 'health_status',
  ownerDepartmentCode: 'JYK',
  shareType: 'conditional',
  shareCondition: { zh: '仅用于患者治疗', en: 'Only for treating the patient' },
  legalBasis: null,
  defaultLevel: 4,
  specialCategory: null,
  fhirResourceTypes: ['Observation'],
  matches: [{ resourceType: 'Observation', categories: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }], priority: 60 }],
  fields: [
    { name: 'patient', label: { zh: '患者', en: 'Patient' }, type: 'reference', level: 4, identifierKind: 'direct', fhirPath: 'Observation.subject' },
    { name: 'value', label: { zh: '结果', en: 'Value' }, type: 'quantity', level: 3, identifierKind: 'none', fhirPath: 'Observation.valueQuantity' },
  ],
  updateFrequency: 'realtime',
  format: 'FHIR R4 JSON',
  status: 'published',
};

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`resource catalog API (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let labHead: Session;
    let surgeryHead: Session;
    let staff: Session;
    let sysadmin: Session;
    const call = (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
      platform.app.inject({ method, url: `/api/v1/catalog${url}`, headers: { ...bearer(session), ...headers }, ...(payload && { payload }) });

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      const sessions = await Promise.all(['infoadmin', 'head.lab', 'head.surgery', 'dr.wang', 'sysadmin'].map((u) => signIn(platform.app, u)));
      [admin, labHead, surgeryHead, staff, sysadmin] = sessions as [Session, Session, Session, Session, Session];
    });
    afterAll(async () => platform?.close());

    it('creates a resource (version 1) that every staff member can browse', async () => {
      const created = await call(admin, 'POST', '/resources', { code: 'CLIN_CRITICAL_VALUE', ...sampleDefinition });
      expect(created.statusCode).toBe(201);
      expect(created.headers.etag).toBe('"v1"');
      const listed = (await call(staff, 'GET', '/resources?owner=JYK')).json().items;
      expect(listed.map((r: { code: string }) => r.code)).toContain('CLIN_CRITICAL_VALUE');
      const read = await call(staff, 'GET', '/resources/CLIN_CRITICAL_VALUE');
      expect(read.json()).toMatchObject({ code: 'CLIN_CRITICAL_VALUE', version: 1, fields: [{ name: 'patient', level: 4 }, { name: 'value' }] });
      expect((await call(staff, 'GET', '/resources?q=critical')).json().items).toHaveLength(1);
      expect((await call(staff, 'GET', '/resources?q=%E5%8D%B1%E6%80%A5')).json().items).toHaveLength(1);
    });

    it('makes a new version on every change and keeps the history', async () => {
      const changed = await call(labHead, 'PUT', '/resources/CLIN_CRITICAL_VALUE', { ...sampleDefinition, defaultLevel: 5, changeNote: 'raise level' }, { 'if-match': '"v1"' });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).toBe('"v2"');
      const stale = await call(admin, 'PUT', '/resources/CLIN_CRITICAL_VALUE', sampleDefinition, { 'if-match': '"v1"' });
      expectProblem(stale, 412, 'CATALOG_VERSION_CONFLICT');
      const versions = (await call(staff, 'GET', '/resources/CLIN_CRITICAL_VALUE/versions')).json().items;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions[0]).toMatchObject({ changeNote: 'raise level', changedBy: { name: 'head.lab' }, definition: { defaultLevel: 5 } });
      expect(versions[1].definition.defaultLevel).toBe(4);
    });

    it('lets a department head edit only their own department’s resources', async () => {
      expectProblem(await call(surgeryHead, 'PUT', '/resources/CLIN_CRITICAL_VALUE', sampleDefinition), 403, 'FORBIDDEN');
      expectProblem(await call(labHead, 'PUT', '/resources/CLIN_CRITICAL_VALUE', { ...sampleDefinition, ownerDepartmentCode: 'WK' }), 403, 'FORBIDDEN');
      expectProblem(await call(surgeryHead, 'POST', '/resources', { code: 'CLIN_LAB_THING', ...sampleDefinition }), 403, 'FORBIDDEN');
      expectProblem(await call(staff, 'POST', '/resources', { code: 'CLIN_X', ...sampleDefinition }), 403, 'FORBIDDEN');
      expectProblem(await call(sysadmin, 'GET', '/resources'), 403, 'FORBIDDEN');
    });

    it('refuses definitions that break the catalog rules, writing nothing', async () => {
      const invalid = await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, shareCondition: null });
      expect(expectProblem(invalid, 400, 'CATALOG_DEFINITION_INVALID').errors).toEqual([expect.objectContaining({ path: 'body/shareCondition' })]);
      const notShareable = await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, shareType: 'not_shareable', shareCondition: null });
      expectProblem(notShareable, 400, 'CATALOG_DEFINITION_INVALID');
      const duplicateField = await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, fields: [sampleDefinition.fields[0], sampleDefinition.fields[0]] });
      expectProblem(duplicateField, 400, 'CATALOG_DEFINITION_INVALID');
      expectProblem(await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, defaultLevel: 6 }), 400, 'VALIDATION_FAILED');
      const fieldLevel = { ...sampleDefinition, fields: [{ ...sampleDefinition.fields[0], level: 0 }] };
      expectProblem(await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...fieldLevel }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, fhirResourceTypes: ['Spaceship'], matches: [] }), 400, 'CATALOG_DEFINITION_INVALID');
      expectProblem(await call(admin, 'POST', '/resources', { code: 'CLIN_BAD', ...sampleDefinition, ownerDepartmentCode: 'NOPE' }), 400, 'OWNER_DEPARTMENT_UNKNOWN');
      expectProblem(await call(admin, 'POST', '/resources', { code: 'bad code', ...sampleDefinition }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(admin, 'POST', '/resources', { code: 'CLIN_CRITICAL_VALUE', ...sampleDefinition }), 409, 'CATALOG_CODE_TAKEN');
      expectProblem(await call(admin, 'PUT', '/resources/CLIN_CRITICAL_VALUE', sampleDefinition, { 'if-match': 'yesterday' }), 400, 'VALIDATION_FAILED');
      expectProblem(await call(staff, 'GET', '/resources/NO_SUCH_THING'), 404, 'CATALOG_RESOURCE_NOT_FOUND');
      expectProblem(await call(staff, 'GET', '/resources/NO_SUCH_THING/versions'), 404, 'CATALOG_RESOURCE_NOT_FOUND');
      expect((await call(staff, 'GET', '/resources?q=CLIN_BAD')).json().items).toEqual([]);
    });
  });
}
