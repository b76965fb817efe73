import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { ID_CARD, PATIENT_NAME, PHONE, patientBundle } from './fhir-bundles.js';

const FHIR = 'application/fhir+json';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`FHIR ingest (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let client: InstanceType<typeof Client>;
    const rows = () => platform.database.db.selectFrom('records').selectAll().execute();
    const post = (session: Session, body: unknown, contentType = FHIR) =>
      platform.app.inject({ method: 'POST', url: '/fhir/R4', headers: { ...bearer(session), 'content-type': contentType }, payload: typeof body === 'string' ? body : JSON.stringify(body) });

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      admin = await signIn(platform.app, 'infoadmin');
      await platform.app.listen({ port: 0, host: '127.0.0.1' });
      const address = platform.app.server.address() as { port: number };
      client = new Client({ baseUrl: `http://127.0.0.1:${address.port}/fhir/R4`, customHeaders: bearer(admin) });
    });
    afterAll(async () => platform?.close());

    it('ingests a transaction Bundle sent by a FHIR client library, routing each record to its catalog resource', async () => {
      const response = (await client.transaction({ body: patientBundle() })) as unknown as { type: string; entry: { response: { status: string; location: string } }[] };
      expect(response.type).toBe('transaction-response');
      expect(response.entry.map((e) => e.response.status)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created']);
      const stored = await rows();
      expect(stored.map((r) => r.catalog_code).sort()).toEqual(['CLIN_ENCOUNTER', 'CLIN_INFECTIOUS_RESULT', 'CLIN_LAB_REPORT', 'CLIN_PATIENT']);
      const patient = stored.find((r) => r.resource_type === 'Patient')!;
      expect(stored.filter((r) => r.resource_type !== 'Patient').every((r) => r.patient_id === patient.id)).toBe(true);
      const lab = stored.find((r) => r.catalog_code === 'CLIN_LAB_REPORT')!;
      expect(lab).toMatchObject({ department_code: 'JYK', code: 'http://loinc.org|718-7', level: 4, encrypted: 1 });
      expect(lab.encounter_id).toBe(stored.find((r) => r.resource_type === 'Encounter')!.id);
      const hiv = stored.find((r) => r.catalog_code === 'CLIN_INFECTIOUS_RESULT')!;
      expect(hiv.level).toBe(5);
      expect(hiv.code).toMatch(/^bi:/);
    });

    it('keeps identifying values and level ≥ 3 payloads out of readable storage', async () => {
      const stored = JSON.stringify(await rows()) + JSON.stringify(await platform.database.db.selectFrom('patient_identifiers').selectAll().execute());
      for (const secret of [PATIENT_NAME, ID_CARD, PHONE, 'Hemoglobin', '75622-1']) expect(stored).not.toContain(secret);
      const identifiers = await platform.database.db.selectFrom('patient_identifiers').select('kind').execute();
      expect(identifiers.map((i) => i.kind).sort()).toEqual(['id-card', 'mrn', 'name', 'phone']);
    });

    it('updates instead of duplicating when the same business identifiers arrive again', async () => {
      const response = await post(admin, patientBundle());
      expect(response.statusCode).toBe(200);
      expect(response.json().entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK', '200 OK']);
      const stored = await rows();
      expect(stored).toHaveLength(4);
      expect(stored.every((r) => r.version_id === 2)).toBe(true);
    });

    it('refuses a transaction with one bad entry as a whole, pointing at the entry', async () => {
      const bundle = patientBundle('transaction', '2');
      delete (bundle.entry[2]!.resource as Record<string, unknown>).status;
      const response = await post(admin, bundle);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/fhir+json');
      const outcome = response.json();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: ['Bundle.entry[2].resource.status'] });
      expect(await rows()).toHaveLength(4);
    });

    it('refuses references to missing patients and types the catalog does not know', async () => {
      const orphan = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { ...patientBundle().entry[2]!.resource, identifier: [{ system: 'urn:yixiang:source:lis', value: 'ORPHAN' }], subject: { reference: 'Patient/does-not-exist' }, encounter: undefined } }] };
      const missing = await post(admin, orphan);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().issue[0].expression[0]).toContain('Bundle.entry[0].resource.subject');
      const unknown = await post(admin, { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Spaceship', identifier: [{ system: 'x', value: 'y' }] } }] });
      expect(unknown.statusCode).toBe(422);
      const noIdentifier = await post(admin, { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', name: [{ text: 'x' }] } }] });
      expect(noIdentifier.statusCode).toBe(400);
      expect(await rows()).toHaveLength(4);
    });

    it('writes the valid entries of a batch and reports each refused one', async () => {
      const bundle = patientBundle('batch', '3');
      (bundle.entry[3]!.resource as Record<string, unknown>).subject = { reference: 'Patient/nobody' };
      const response = await post(admin, bundle);
      expect(response.statusCode).toBe(200);
      const statuses = response.json().entry.map((e: { response: { status: string } }) => e.response.status);
      expect(statuses).toEqual(['201 Created', '201 Created', '201 Created', '404 Not Found']);
      expect(response.json().entry[3].response.outcome.resourceType).toBe('OperationOutcome');
      expect(await rows()).toHaveLength(7);
    });

    it('answers malformed bodies, wrong bundle types and unauthorised callers with an OperationOutcome', async () => {
      const malformed = await post(admin, '{"resourceType":', FHIR);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().resourceType).toBe('OperationOutcome');
      const wrongType = await post(admin, { resourceType: 'Bundle', type: 'collection', entry: [] });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().resourceType).toBe('OperationOutcome');
      const staff = await signIn(platform.app, 'dr.wang');
      const forbidden = await post(staff, patientBundle());
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().issue[0].code).toBe('forbidden');
      const anonymous = await platform.app.inject({ method: 'POST', url: '/fhir/R4', headers: { 'content-type': FHIR }, payload: '{}' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().resourceType).toBe('OperationOutcome');
    });

    it('audits every ingest with its counts', async () => {
      const events = await platform.audit.search({ objectType: 'fhir_bundle' }, 20);
      expect(events.items.some((e) => e.outcome === 'success' && e.details.created === 4)).toBe(true);
      expect(events.items.some((e) => e.outcome === 'denied' && e.actor.name === 'dr.wang')).toBe(true);
      expect(JSON.stringify(events.items)).not.toContain(PATIENT_NAME);
    });
  });
}
