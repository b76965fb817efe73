import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { Client } from 'fhir-kit-client';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../../src/demo/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { refused } from '../support/fhir-client.js';
import { fhirViolations } from '../support/fhir-validation.js';

type Resource = Record<string, unknown> & { resourceType: string; id: string };
type Bundle = { resourceType: 'Bundle'; total?: number; link: { relation: string; url: string }[]; entry?: { fullUrl: string; resource: Resource }[] };

const REFERRAL_HOSPITAL = demoId('institution', 'JCRM1');
const GRANTED_FIELDS = ['patient', 'testCode', 'collectedAt', 'resultQuantity'];


function expectValid(resource: unknown): void {
  expect(fhirViolations(resource), JSON.stringify(resource).slice(0, 300)).toEqual([]);
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`a partner hospital's system over FHIR with SMART Backend Services (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let platform: TestApp;
    let admin: Session;
    let origin: string;
    let clientId: string;
    let consented: string;
    let unconsented: string;
    let outsider: string;
    let grantId: string;
    let consentId: string;

    const api = (session: Session, method: 'GET' | 'POST', url: string, payload?: object) => platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), ...(payload && { payload }) });
    const iso = (hours: number) => new Date(clock().getTime() + hours * 3_600_000).toISOString();

    /** What an off-the-shelf backend-services client does: sign an assertion, post it, take the token. */
    async function accessToken(scope = 'system/*.read', key: KeyObject = keys.privateKey): Promise<{ status: number; body: Record<string, unknown> }> {
      const discovery = (await (await fetch(`${origin}/fhir/R4/.well-known/smart-configuration`)).json()) as { token_endpoint: string };
      const now = Math.floor(clock().getTime() / 1000);
      const assertion = await new SignJWT({ iss: clientId, sub: clientId, aud: discovery.token_endpoint, exp: now + 240, jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'his-1', typ: 'JWT' }).sign(key);
      const response = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope }).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    async function partnerClient(scope?: string, purpose = 'referral'): Promise<Client> {
      const token = await accessToken(scope);
      expect(token.status, JSON.stringify(token.body)).toBe(200);
      return new Client({ baseUrl: `${origin}/fhir/R4`, customHeaders: { authorization: `Bearer ${String(token.body.access_token)}`, 'x-purpose-of-use': purpose } });
    }

    const observationsOf = (patientId: string) =>
      platform.database.db.selectFrom('records').select('id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('resource_type', '=', 'Observation').where('patient_id', '=', patientId).orderBy('id').execute();

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock, config: { demoPatients: 30 } });
      await platform.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(platform.app.server.address() as { port: number }).port}`;
      admin = await signIn(platform.app, 'infoadmin');
      const jwk = { ...(keys.publicKey.export({ format: 'jwk' }) as JWK), kid: 'his-1' };
      const client = await api(admin, 'POST', `/institutions/${REFERRAL_HOSPITAL}/clients`, { name: 'Referral HIS', jwks: { keys: [jwk] } });
      expect(client.statusCode, client.body).toBe(201);
      clientId = client.json().clientId as string;

      const withLabs = await platform.database.db
        .selectFrom('records')
        .select('patient_id')
        .where('catalog_code', '=', 'CLIN_LAB_REPORT')
        .where('resource_type', '=', 'Observation')
        .groupBy('patient_id')
        .having((eb) => eb.fn.countAll(), '>=', 3)
        .orderBy('patient_id')
        .limit(3)
        .execute();
      [consented, unconsented, outsider] = withLabs.map((row) => row.patient_id!) as [string, string, string];

      const grant = await api(admin, 'POST', '/grants', {
        grantee: { kind: 'institution', id: REFERRAL_HOSPITAL },
        catalogCode: 'CLIN_LAB_REPORT',
        fields: GRANTED_FIELDS,
        patientScope: { kind: 'patients', patientIds: [consented, unconsented] },
        purpose: 'referral',
        channel: 'external',
        validTo: iso(48),
        maskingProfile: 'identified',
        reason: 'referral of two patients to the partner hospital',
      });
      expect(grant.statusCode, grant.body).toBe(201);
      grantId = grant.json().id as string;

      const wang = await platform.database.db.selectFrom('users').select('id').where('username', '=', 'dr.wang').executeTakeFirstOrThrow();
      const consent = await api(admin, 'POST', `/patients/${consented}/consents`, {
        recipientId: REFERRAL_HOSPITAL,
        purpose: 'referral',
        catalogCodes: ['CLIN_LAB_REPORT'],
        validFrom: iso(-1),
        // A verbal consent names the clinician who heard it.
        evidence: { kind: 'verbal', clinicianId: wang.id, recordedAt: iso(-1), note: '患者同意向转诊医院提供检验报告' },
      });
      expect(consent.statusCode, consent.body).toBe(201);
      consentId = consent.json().id as string;
    }, 180_000);
    afterAll(async () => platform?.close());

    it('publishes a valid CapabilityStatement that points at the token endpoint', async () => {
      const statement = (await new Client({ baseUrl: `${origin}/fhir/R4` }).capabilityStatement()) as unknown as Resource & { rest: { security: { extension: { extension: { url: string; valueUri: string }[] }[] } }[] };
      expectValid(statement);
      expect(statement.rest[0]!.security.extension[0]!.extension).toContainEqual({ url: 'token', valueUri: `${origin}/oauth2/token` });
    });

    it('searches the consented patient’s reports within the grant, follows paging links, and every resource is valid R4', async () => {
      const client = await partnerClient();
      const first = (await client.search({ resourceType: 'Observation', searchParams: { patient: `Patient/${consented}`, _count: '2' } })) as unknown as Bundle;
      expect(first.entry).toHaveLength(2);
      const next = (await client.nextPage({ bundle: first } as never)) as unknown as Bundle;
      const entries = [...first.entry!, ...(next.entry ?? [])];
      expect(entries.length).toBeGreaterThan(2);
      expectValid(first);
      for (const { resource } of entries) {
        expectValid(resource);
        expect((resource.subject as { reference: string }).reference).toBe(`Patient/${consented}`);
        // Exactly the granted fields: no performer, interpretation, reference range or narrative.
        for (const absent of ['performer', 'interpretation', 'referenceRange', 'text', 'encounter', 'specimen']) expect(resource).not.toHaveProperty(absent);
        expect((resource.meta as { security: { code: string }[] }).security).toContainEqual(expect.objectContaining({ code: `grant:${grantId}` }));
      }
      const all = (await client.search({ resourceType: 'Observation', searchParams: { patient: consented, _count: '200' } })) as unknown as Bundle;
      expect(all.total).toBe((await observationsOf(consented)).length);
    });

    it('reads one of the consented patient’s reports, and nothing of patients without consent or outside the grant', async () => {
      const client = await partnerClient();
      const [mine] = await observationsOf(consented);
      const read = (await client.read({ resourceType: 'Observation', id: mine!.id })) as unknown as Resource;
      expectValid(read);
      expect(read.id).toBe(mine!.id);
      for (const patient of [unconsented, outsider]) {
        const [theirs] = await observationsOf(patient);
        const refusal = await refused(client.read({ resourceType: 'Observation', id: theirs!.id }));
        expect(refusal.status).toBe(404);
        expect(refusal.body.resourceType).toBe('OperationOutcome');
        expectValid(refusal.body);
        const none = (await client.search({ resourceType: 'Observation', searchParams: { patient } })) as unknown as Bundle;
        expect(none.total).toBe(0);
      }
      // The grant opens lab reports only: the patient record itself stays closed.
      expect((await refused(client.read({ resourceType: 'Patient', id: consented }))).status).toBe(404);
    });

    it('records every partner read in the audit log with its client, purpose and grant', async () => {
      const client = await partnerClient();
      const [mine] = await observationsOf(consented);
      await client.read({ resourceType: 'Observation', id: mine!.id });
      const entry = await platform.database.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('object_id', '=', `Observation/${mine!.id}`)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor_type: 'api_client', actor_name: clientId, purpose_of_use: 'referral', grant_id: grantId, patient_id: consented, outcome: 'success' });
    });

    it('refuses types outside the token’s scopes, and reads for another purpose find nothing', async () => {
      const narrow = await partnerClient('system/Patient.read');
      const refusal = await refused(narrow.search({ resourceType: 'Observation', searchParams: { patient: consented } }));
      expect(refusal.status).toBe(403);
      expect(refusal.body.resourceType).toBe('OperationOutcome');
      const research = await partnerClient('system/*.read', 'research');
      expect(((await research.search({ resourceType: 'Observation', searchParams: { patient: consented } })) as unknown as Bundle).total).toBe(0);
    });

    it('runs a bulk export of its grant to completion with the FHIR client, within the grant and the consents', async () => {
      const token = await accessToken();
      const headers = { authorization: `Bearer ${String(token.body.access_token)}`, 'x-purpose-of-use': 'referral' };
      const client = new Client({ baseUrl: `${origin}/fhir/R4`, customHeaders: headers });
      const group = (await client.read({ resourceType: 'Group', id: grantId })) as unknown as Resource;
      expectValid(group);
      const kickOff = await client.operation({ name: '$export', resourceType: 'Group', id: grantId, method: 'GET', options: { headers: { prefer: 'respond-async', accept: 'application/fhir+json' } } });
      const { response } = Client.httpFor(kickOff as never) as { response: { status: number; headers: Headers } };
      expect(response.status).toBe(202);
      const statusUrl = response.headers.get('content-location')!;
      type Manifest = { output: { type: string; url: string; count: number }[]; requiresAccessToken: boolean };
      let manifest = null as Manifest | null;
      for (let attempt = 0; attempt < 200 && !manifest; attempt += 1) {
        const poll = await fetch(statusUrl, { headers });
        if (poll.status === 200) manifest = (await poll.json()) as Manifest;
        else {
          expect(poll.status).toBe(202);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(manifest?.requiresAccessToken).toBe(true);
      const lines: Resource[] = [];
      for (const output of manifest!.output) {
        const file = await fetch(output.url, { headers: { ...headers, accept: 'application/fhir+ndjson' } });
        expect(file.status).toBe(200);
        lines.push(...(await file.text()).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Resource));
      }
      // Only the consented patient's reports: the other granted patient has no consent on record.
      const expected = (await platform.database.db.selectFrom('records').select('id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', '=', consented).execute()).length;
      expect(lines).toHaveLength(expected);
      for (const resource of lines) {
        expectValid(resource);
        expect((resource.subject as { reference: string }).reference).toBe(`Patient/${consented}`);
        expect(resource).not.toHaveProperty('performer');
      }
    });

    it('refuses a token signed with a key the client did not register', async () => {
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const response = await accessToken('system/*.read', stranger.privateKey);
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
    });

    it('stops at once when the patient withdraws consent, and when the client is revoked', async () => {
      const client = await partnerClient();
      const [mine] = await observationsOf(consented);
      const withdrawn = await api(admin, 'POST', `/consents/${consentId}/withdraw`, { reason: '患者撤回同意' });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect((await refused(client.read({ resourceType: 'Observation', id: mine!.id }))).status).toBe(404);
      expect(((await client.search({ resourceType: 'Observation', searchParams: { patient: consented } })) as unknown as Bundle).total).toBe(0);

      const revoked = await platform.app.inject({ method: 'PATCH', url: `/api/v1/institutions/${REFERRAL_HOSPITAL}/clients/${clientId}`, headers: bearer(admin), payload: { status: 'revoked' } });
      expect(revoked.statusCode, revoked.body).toBe(200);
      const afterRevocation = await refused(client.search({ resourceType: 'Observation', searchParams: { patient: consented } }));
      expect(afterRevocation.status).toBe(401);
      expect((await accessToken()).status).toBe(401);
    });
  });
}
