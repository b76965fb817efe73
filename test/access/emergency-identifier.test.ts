import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from '../support/app.js';

describe('opening emergency access by record number', () => {
  let platform: TestApp;
  beforeAll(async () => {
    platform = await createTestApp('sqlite', { config: { demoPatients: 6 } });
  }, 120_000);
  afterAll(async () => platform?.close());

  it('resolves an MRN to one patient, opens the window and audits the lookup', async () => {
    const medical = await signIn(platform.app, 'head.medical');
    const listed = await platform.app.inject({ url: '/api/v1/patients?limit=1', headers: { ...bearer(medical), 'x-purpose-of-use': 'management' } });
    const patient = listed.json().items[0].resource as { id: string; identifier: { system: string; value: string }[] };
    const mrn = patient.identifier.find((i) => i.system === 'urn:yixiang:mrn')!.value;

    const li = await signIn(platform.app, 'dr.li');
    const open = (body: object) => platform.app.inject({ method: 'POST', url: '/api/v1/emergency-access', headers: bearer(li), payload: { reason: '急诊抢救需查看既往病史与过敏史', ...body } });
    expectProblem(await open({}), 400, 'VALIDATION_FAILED');
    expectProblem(await open({ patientId: patient.id, identifier: { kind: 'mrn', value: mrn } }), 400, 'VALIDATION_FAILED');
    expectProblem(await open({ identifier: { kind: 'mrn', value: 'MRN-NOBODY' } }), 404, 'PATIENT_NOT_FOUND');
    const opened = await open({ identifier: { kind: 'mrn', value: ` ${mrn} ` } });
    expect(opened.statusCode).toBe(201);
    expect(opened.json().patientId).toBe(patient.id);

    const view = await platform.app.inject({ url: `/api/v1/patients/${patient.id}`, headers: { ...bearer(li), 'x-purpose-of-use': 'treatment' } });
    expect(view.statusCode).toBe(200);
    expect(view.headers['x-access-basis']).toContain('emergency:');
    expect(view.json().patient).toMatchObject({ emergency: true, departmentCode: 'YWB' });
    const audited = await platform.audit.search({ objectType: 'emergency_access' }, 20);
    expect(audited.items.find((e) => e.outcome === 'denied' && e.actor.name === 'dr.li')).toMatchObject({ details: { identifierKind: 'mrn' } });
    expect(JSON.stringify(audited.items)).not.toContain(mrn);
  });
});
