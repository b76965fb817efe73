import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { refused } from '../support/fhir-client.js';
import { openCareTeamPatientOf } from '../support/care-team.js';

type Bundle = { resourceType: 'Bundle'; total: number; link: { relation: string; url: string }[]; entry?: { resource: Record<string, unknown> }[] };


for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`FHIR read and search through access, with a FHIR client (${dialect})`, () => {
    let platform: TestApp;
    let wang: Session;
    let lab: Session;
    let baseUrl: string;
    let ownPatient: string;
    let otherPatient: string;
    const clientFor = (session: Session, purpose: string | null = 'treatment') => new Client({ baseUrl, customHeaders: { ...bearer(session), ...(purpose ? { 'x-purpose-of-use': purpose } : {}) } });

    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { demoPatients: 30 } });
      await platform.app.listen({ port: 0, host: '127.0.0.1' });
      const address = platform.app.server.address() as { port: number };
      baseUrl = `http://127.0.0.1:${address.port}/fhir/R4`;
      wang = await signIn(platform.app, 'dr.wang');
      lab = await signIn(platform.app, 'lab.sun');
      const db = platform.database.db;
      ownPatient = await openCareTeamPatientOf(db, 'dr.wang');
      const theirs = await db
        .selectFrom('records')
        .select('id')
        .where('resource_type', '=', 'Patient')
        .where('id', 'not in', db.selectFrom('care_team_members as c').innerJoin('staff_practitioners as s', 's.practitioner_id', 'c.practitioner_id').select('c.patient_id').where('s.staff_key', '=', 'dr.wang'))
        .executeTakeFirstOrThrow();
      otherPatient = theirs.id;
    }, 120_000);
    afterAll(async () => platform?.close());

    it('reads a care-team patient and labels the resource with its access basis', async () => {
      const patient = (await clientFor(wang).read({ resourceType: 'Patient', id: ownPatient })) as unknown as { id: string; meta: { security: { system: string; code: string }[] } };
      expect(patient.id).toBe(ownPatient);
      expect(patient.meta.security).toContainEqual({ system: 'urn:yixiang:access-basis', code: 'care-team' });
    });

    it('searches a patient’s observations as a paged searchset whose next link keeps the scope', async () => {
      const client = clientFor(wang);
      const first = (await client.search({ resourceType: 'Observation', searchParams: { patient: `Patient/${ownPatient}`, _count: '3' } })) as Bundle;
      expect(first.resourceType).toBe('Bundle');
      expect(first.total).toBeGreaterThan(3);
      expect(first.entry).toHaveLength(3);
      const next = (await client.nextPage({ bundle: first } as never)) as Bundle;
      expect(next.entry?.length).toBeGreaterThan(0);
      const ids = new Set([...first.entry!, ...next.entry!].map((e) => e.resource.id));
      expect(ids.size).toBe(first.entry!.length + next.entry!.length);
      for (const entry of [...first.entry!, ...next.entry!]) expect((entry.resource.subject as { reference: string }).reference).toBe(`Patient/${ownPatient}`);
    });

    it('narrows by date prefix, code and status, and counts only what the caller may see', async () => {
      const client = clientFor(wang);
      const all = (await client.search({ resourceType: 'Encounter', searchParams: { patient: ownPatient } })) as Bundle;
      const future = (await client.search({ resourceType: 'Encounter', searchParams: { patient: ownPatient, date: 'ge2099-01-01' } })) as Bundle;
      expect(all.total).toBeGreaterThan(0);
      expect(future.total).toBe(0);
      const unknownCode = (await client.search({ resourceType: 'Observation', searchParams: { patient: ownPatient, code: 'http://loinc.org|0000-0' } })) as Bundle;
      expect(unknownCode.total).toBe(0);
      const theirs = (await client.search({ resourceType: 'Observation', searchParams: { patient: otherPatient } })) as Bundle;
      expect(theirs.total).toBe(0);
    });

    it('answers a record outside the caller’s reach with a 404 OperationOutcome and a denied audit entry', async () => {
      const result = await refused(clientFor(wang).read({ resourceType: 'Patient', id: otherPatient }));
      expect(result.status).toBe(404);
      expect(result.body.resourceType).toBe('OperationOutcome');
      const denied = await platform.audit.search({ objectType: 'record', outcome: 'denied' }, 20);
      expect(denied.items.some((e) => e.actor.name === 'dr.wang' && e.objectId === `Patient/${otherPatient}`)).toBe(true);
    });

    it('refuses unknown search parameters, oversized _count, bad dates and a missing purpose', async () => {
      expect((await refused(clientFor(wang).search({ resourceType: 'Observation', searchParams: { 'patient:missing': 'true' } }))).status).toBe(400);
      expect((await refused(clientFor(wang).search({ resourceType: 'Observation', searchParams: { _count: '100000' } }))).status).toBe(400);
      expect((await refused(clientFor(wang).search({ resourceType: 'Observation', searchParams: { date: 'yesterday' } }))).status).toBe(400);
      expect((await refused(clientFor(wang).search({ resourceType: 'Basic', searchParams: {} }))).status).toBe(404);
      const noPurpose = await refused(clientFor(wang, null).search({ resourceType: 'Observation', searchParams: { patient: ownPatient } }));
      expect(noPurpose.status).toBe(400);
      expect(noPurpose.body.resourceType).toBe('OperationOutcome');
    });

    it('gives the laboratory its department’s reports but not the care team’s notes', async () => {
      const reports = (await clientFor(lab).search({ resourceType: 'DiagnosticReport', searchParams: { patient: ownPatient, category: 'LAB' } })) as Bundle;
      expect(reports.total).toBeGreaterThan(0);
      for (const entry of reports.entry ?? []) expect((entry.resource.meta as { security: { code: string }[] }).security.map((s) => s.code)).toContain('department');
      const notes = (await clientFor(lab).search({ resourceType: 'DocumentReference', searchParams: { patient: ownPatient } })) as Bundle;
      expect(notes.total).toBe(0);
    });
  });
}
