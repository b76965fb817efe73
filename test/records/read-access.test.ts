import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { patientBundle } from './fhir-bundles.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`reading records through access (${dialect})`, () => {
    let platform: TestApp;
    let labStaff: Session;
    let physician: Session;
    let admin: Session;
    let labId: string;
    let hivId: string;
    const read = (session: Session, url: string, purpose: string | null = 'treatment') =>
      platform.app.inject({ url: `/api/v1/records${url}`, headers: { ...bearer(session), ...(purpose && { 'x-purpose-of-use': purpose }) } });

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      admin = await signIn(platform.app, 'infoadmin');
      const response = await platform.app.inject({ method: 'POST', url: '/fhir/R4', headers: { ...bearer(admin), 'content-type': 'application/fhir+json' }, payload: JSON.stringify(patientBundle()) });
      const locations = response.json().entry.map((e: { response: { location: string } }) => e.response.location.split('/_history')[0]);
      labId = locations[2].split('/')[1];
      hivId = locations[3].split('/')[1];
      labStaff = await signIn(platform.app, 'lab.sun');
      physician = await signIn(platform.app, 'dr.li');
    });
    afterAll(async () => platform?.close());

    it('lets the owning department read its records, decrypted, with the basis stated', async () => {
      const list = await read(labStaff, '/?catalog=CLIN_LAB_REPORT');
      expect(list.statusCode).toBe(200);
      expect(list.headers['x-access-basis']).toBe('department');
      expect(list.json()).toMatchObject({ total: 1, items: [{ basis: 'department', catalogCode: 'CLIN_LAB_REPORT', resource: { resourceType: 'Observation', valueQuantity: { value: 131 } } }] });
      const one = await read(labStaff, `/Observation/${labId}`);
      expect(one.json().resource.code.coding[0].code).toBe('718-7');
    });

    it('hides other departments’ records as if they did not exist, and level-5 content from everyone', async () => {
      expect((await read(physician, '/?catalog=CLIN_LAB_REPORT')).json()).toMatchObject({ total: 0, items: [] });
      expectProblem(await read(physician, `/Observation/${labId}`), 404, 'RECORD_NOT_FOUND');
      expectProblem(await read(labStaff, `/Observation/${hivId}`), 404, 'RECORD_NOT_FOUND');
      expectProblem(await read(admin, `/Observation/${labId}`), 404, 'RECORD_NOT_FOUND');
      expectProblem(await read(labStaff, '/Observation/no-such-record'), 404, 'RECORD_NOT_FOUND');
      const denied = await platform.audit.search({ objectType: 'record', outcome: 'denied' }, 10);
      expect(denied.items.some((e) => e.actor.name === 'dr.li' && e.objectId === `Observation/${labId}`)).toBe(true);
    });

    it('requires a known purpose of use on every data read', async () => {
      expectProblem(await read(labStaff, '/?catalog=CLIN_LAB_REPORT', null), 400, 'PURPOSE_REQUIRED');
      expectProblem(await read(labStaff, '/?catalog=CLIN_LAB_REPORT', 'curiosity'), 400, 'PURPOSE_UNKNOWN');
      expectProblem(await read(labStaff, '/?catalog=lowercase'), 400, 'VALIDATION_FAILED');
      const audited = await platform.audit.search({ objectType: 'record', outcome: 'success' }, 10);
      expect(audited.items.find((e) => e.action === 'read')).toMatchObject({ purposeOfUse: 'treatment', accessBasis: 'department' });
      // A search no rule opens succeeds with nothing in it, and says so.
      expect(audited.items.find((e) => e.actor.name === 'dr.li')).toMatchObject({ accessBasis: 'none', details: { returned: 0 } });
    });
  });
}
