/**
 * FHIR Bulk Data export for partner institutions on both databases, through app.inject(): a partner
 * signs an assertion, gets a token, reads its Group (a grant), kicks off an export, polls it to
 * completion and downloads the files; every line is a valid R4 resource inside the grant (the read
 * API's own answer for that resource), the files are sealed at rest, and every step is audited.
 * Then the refusals: credentials, other institutions, lapsed grants, bad requests, the concurrency
 * limit, cancellation, expiry, a server restart, and a consent withdrawn between two exports.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlatform } from '../../src/app/platform.js';
import { demoId } from '../../src/demo/index.js';
import { openAccessFixture, T0, isoPlus, type AccessFixture } from '../access/fixture.js';
import { bearer } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { fhirViolations } from '../support/fhir-validation.js';

type Json = Record<string, any>;
const JCRM1 = demoId('institution', 'JCRM1');
const DHCHC = demoId('institution', 'DHCHC');
const ASYNC = { accept: 'application/fhir+json', prefer: 'respond-async' };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const LAB_FIELDS = ['patient', 'testCode', 'resultQuantity', 'collectedAt'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectOutcome(response: LightMyRequestResponse, status: number, code: string): Json {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const body = response.json() as Json;
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue[0].details.coding[0].code).toBe(code);
  return body;
}

const linesOf = (ndjson: string): Json[] => ndjson.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Json);
const subjectOf = (resource: Json): string => (resource.subject as { reference: string }).reference;

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`FHIR Bulk Data export for partner institutions (${dialect})`, () => {
    let fx: AccessFixture;
    let tokenUrl: string;
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const clients: Record<string, string> = {};
    /** Three patients named by the grant: two have consented, the third has not. */
    let consented: string[];
    let unconsented: string;
    let anchorConsent: string;
    let group: string;
    let otherGroup: string;
    let revokedGroup: string;
    let deidentifiedGroup: string;

    const app = () => fx.platform.app;
    const db = () => fx.platform.database.db;
    const admin = async (method: 'GET' | 'POST', url: string, payload?: object) => app().inject({ method, url: `/api/v1${url}`, headers: bearer(await fx.session('infoadmin')), ...(payload ? { payload } : {}) });

    async function registerClient(institution: string): Promise<string> {
      const jwk: JWK = { ...(keys.publicKey.export({ format: 'jwk' }) as JWK), kid: 'ec-1' };
      const response = await admin('POST', `/institutions/${institution}/clients`, { name: 'Bulk client', jwks: { keys: [jwk] } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().clientId as string;
    }

    async function token(institution = JCRM1, scope = 'system/*.read', key: KeyObject = keys.privateKey): Promise<string> {
      const client = clients[institution]!;
      const now = Math.floor(fx.clock().getTime() / 1000);
      const jwt = await new SignJWT({ iss: client, sub: client, aud: tokenUrl, exp: now + 240, jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'ec-1', typ: 'JWT' }).sign(key);
      const response = await app().inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, scope }).toString() });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    }

    const get = (url: string, accessToken: string | null, headers: Record<string, string> = {}) => app().inject({ method: 'GET', url, headers: { ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...headers } });
    const kickOff = (accessToken: string | null, groupId: string, query = '', headers: Record<string, string> = ASYNC) => get(`/fhir/R4/Group/${groupId}/$export${query}`, accessToken, headers);
    const statusPath = (response: LightMyRequestResponse) => new URL(String(response.headers['content-location'])).pathname;
    const exportIdOf = (response: LightMyRequestResponse) => statusPath(response).split('/').pop()!;

    /** Polls the status URL as a client would, until it stops answering 202. */
    async function poll(accessToken: string, url: string): Promise<LightMyRequestResponse> {
      for (let attempt = 0; attempt < 1000; attempt += 1) {
        const response = await get(url, accessToken);
        if (response.statusCode !== 202) return response;
        expect(response.headers['x-progress']).toMatch(/^(queued|running: \d+ resources written)$/);
        expect(response.headers['retry-after']).toBe('2');
        await sleep(5);
      }
      throw new Error(`export at ${url} did not finish`);
    }

    /** Kicks off, polls to completion and downloads every file: the manifest and each file's resources. */
    async function exportAll(accessToken: string, groupId: string, query = ''): Promise<{ id: string; manifest: Json; files: Record<string, Json[]>; errors: Json[] }> {
      const started = await kickOff(accessToken, groupId, query);
      expect(started.statusCode, started.body).toBe(202);
      const done = await poll(accessToken, statusPath(started));
      expect(done.statusCode, done.body).toBe(200);
      expect(done.headers['content-type']).toMatch(/^application\/json/);
      const manifest = done.json() as Json;
      const files: Record<string, Json[]> = {};
      for (const entry of manifest.output as Json[]) {
        const file = await get(new URL(entry.url).pathname, accessToken);
        expect(file.statusCode, file.body).toBe(200);
        expect(file.headers['content-type']).toBe('application/fhir+ndjson');
        files[entry.type] = linesOf(file.body);
        expect(files[entry.type]).toHaveLength(entry.count);
      }
      const errors: Json[] = [];
      for (const entry of manifest.error as Json[]) errors.push(...linesOf((await get(new URL(entry.url).pathname, accessToken)).body));
      return { id: exportIdOf(started), manifest, files, errors };
    }

    const grant = async (body: Json): Promise<string> => {
      const response = await admin('POST', '/grants', { catalogCode: 'CLIN_LAB_REPORT', fields: LAB_FIELDS, purpose: 'referral', channel: 'external', validTo: isoPlus(T0, 24 * 7), maskingProfile: 'identified', reason: 'bulk export test', ...body });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };

    /** Lab records the grant opens, by the repository: consented patients' all, the unconsented patient's below the consent level. */
    async function expectedLabIds(patients: readonly string[]): Promise<Set<string>> {
      const rows = await db()
        .selectFrom('records')
        .select(['id', 'patient_id', 'level'])
        .where('catalog_code', '=', 'CLIN_LAB_REPORT')
        .where('patient_id', 'in', [...patients, unconsented])
        .execute();
      return new Set(rows.filter((row) => patients.includes(row.patient_id!) || row.level < 3).map((row) => row.id));
    }

    beforeAll(async () => {
      fx = await openAccessFixture(dialect);
      tokenUrl = (await app().inject({ url: '/.well-known/smart-configuration' })).json().token_endpoint;
      clients[JCRM1] = await registerClient(JCRM1);
      clients[DHCHC] = await registerClient(DHCHC);
      const third = await db().selectFrom('records').select('patient_id').where('catalog_code', '=', 'CLIN_LAB_REPORT').where('patient_id', 'not in', [fx.anchor, fx.stranger]).orderBy('patient_id').executeTakeFirstOrThrow();
      consented = [fx.anchor, fx.stranger];
      unconsented = third.patient_id!;
      const wang = await fx.userId('dr.wang');
      for (const patient of consented) {
        const response = await admin('POST', `/patients/${patient}/consents`, { recipientId: JCRM1, purpose: 'referral', catalogCodes: ['CLIN_LAB_REPORT'], evidence: { kind: 'verbal', clinicianId: wang, recordedAt: isoPlus(T0, -1) } });
        expect(response.statusCode, response.body).toBe(201);
        if (patient === fx.anchor) anchorConsent = response.json().id;
      }
      const patients = { kind: 'patients', patientIds: [...consented, unconsented] };
      group = await grant({ grantee: { kind: 'institution', id: JCRM1 }, patientScope: patients });
      otherGroup = await grant({ grantee: { kind: 'institution', id: DHCHC }, patientScope: patients });
      revokedGroup = await grant({ grantee: { kind: 'institution', id: JCRM1 }, patientScope: patients, purpose: 'quality-control' });
      expect((await admin('POST', `/grants/${revokedGroup}/revoke`, { reason: 'no longer needed' })).statusCode).toBe(200);
      // Without testCode: the code R4 requires is then sent masked (data-absent-reason).
      deidentifiedGroup = await grant({ grantee: { kind: 'institution', id: JCRM1 }, patientScope: { kind: 'criteria', criteria: { departmentCode: 'JYK' } }, purpose: 'research', maskingProfile: 'de-identified', fields: ['patient', 'resultQuantity', 'collectedAt'] });
    }, 180_000);
    afterAll(async () => fx?.close());

    describe('the Group', () => {
      it('reads an identified grant to the institution as a Group naming its patients', async () => {
        const response = await get(`/fhir/R4/Group/${group}`, await token());
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json() as Json;
        expect(body).toMatchObject({ resourceType: 'Group', id: group, type: 'person', actual: true, quantity: 3 });
        expect(body.member.map((m: Json) => m.entity.reference).sort()).toEqual([...consented, unconsented].map((id) => `Patient/${id}`).sort());
        expect(fhirViolations(body)).toEqual([]);
        const criteria = (await get(`/fhir/R4/Group/${deidentifiedGroup}`, await token())).json() as Json;
        expect(criteria.member).toBeUndefined();
        expect(criteria.characteristic[0]).toMatchObject({ code: { coding: [{ code: 'department' }] }, valueCodeableConcept: { coding: [{ code: 'JYK' }] } });
        expect(fhirViolations(criteria)).toEqual([]);
      });

      it('hides other institutions\' groups, lapsed grants and unknown ids, and needs a partner token with a Group scope', async () => {
        const partner = await token();
        for (const id of [otherGroup, revokedGroup, 'no-such-grant']) expectOutcome(await get(`/fhir/R4/Group/${id}`, partner), 404, 'BULK_GROUP_NOT_FOUND');
        expectOutcome(await get(`/fhir/R4/Group/${group}`, null), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await get(`/fhir/R4/Group/${group}`, (await fx.session('infoadmin')).token), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await get(`/fhir/R4/Group/${group}`, await token(JCRM1, 'system/Observation.read')), 403, 'SMART_SCOPE_INSUFFICIENT');
      });

      it('documents the bulk routes in the OpenAPI document under the fhir tag', async () => {
        const document = (await app().inject({ url: '/api/openapi.json' })).json() as Json;
        for (const route of ['/fhir/R4/Group/{id}', '/fhir/R4/Group/{id}/$export', '/fhir/R4/$export-status/{exportId}', '/fhir/R4/$export-status/{exportId}/files/{fileId}']) expect(document.paths[route]?.get?.tags, route).toEqual(['fhir']);
        expect(document.paths['/fhir/R4/$export-status/{exportId}'].delete.tags).toEqual(['fhir']);
      });

      it('is in the CapabilityStatement with its $export operation', async () => {
        const statement = (await app().inject({ url: '/fhir/R4/metadata' })).json() as Json;
        expect(fhirViolations(statement)).toEqual([]);
        expect(statement.instantiates).toEqual(['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data']);
        expect(statement.rest[0].resource.find((r: Json) => r.type === 'Group')).toMatchObject({ interaction: [{ code: 'read' }], operation: [{ name: 'export' }] });
      });
    });

    describe('an export to completion', () => {
      let first: Awaited<ReturnType<typeof exportAll>>;

      beforeAll(async () => {
        first = await exportAll(await token(), group);
      });

      it('answers the manifest of one file per type, the counts matching what the grant opens', async () => {
        expect(first.manifest).toMatchObject({ transactionTime: T0.toISOString(), requiresAccessToken: true, error: [] });
        expect(first.manifest.request).toBe(`http://localhost:80/fhir/R4/Group/${group}/$export`);
        expect(Object.keys(first.files).sort()).toEqual(['DiagnosticReport', 'Observation']);
        const exported = Object.values(first.files).flat();
        expect(new Set(exported.map((r) => r.id))).toEqual(await expectedLabIds(consented));
        for (const resource of exported) expect([...consented, unconsented].map((id) => `Patient/${id}`)).toContain(subjectOf(resource));
        expect(exported.some((r) => subjectOf(r) === `Patient/${fx.anchor}`)).toBe(true);
      });

      it('writes every resource exactly as the FHIR read API returns it, valid R4, labelled with the grant', async () => {
        const partner = await token();
        for (const resource of Object.values(first.files).flat()) {
          expect(fhirViolations(resource), JSON.stringify(resource)).toEqual([]);
          expect(resource.meta.security).toContainEqual({ system: 'urn:yixiang:access-basis', code: `grant:${group}` });
          const read = await get(`/fhir/R4/${resource.resourceType}/${resource.id}`, partner, { 'x-purpose-of-use': 'referral' });
          expect(read.statusCode, read.body).toBe(200);
          expect(resource).toEqual(read.json());
        }
        // Fields outside the grant are not shown in clear: no performer, no interpretation, no note.
        for (const resource of first.files.Observation!) for (const field of ['interpretation', 'note', 'specimen']) expect(resource[field]).toBeUndefined();
      });

      it('keeps the files sealed in the data directory, with their keys wrapped by the keyring', async () => {
        const directory = path.join(fx.platform.config.dataDir, 'bulk-exports', first.id);
        const names = readdirSync(directory);
        expect(names).toHaveLength(2);
        const someId = Buffer.from(String(first.files.Observation![0]!.id));
        for (const name of names) expect(readFileSync(path.join(directory, name)).includes(someId)).toBe(false);
        const rows = await db().selectFrom('bulk_export_files').selectAll().where('export_id', '=', first.id).execute();
        expect(rows.map((row) => row.cipher)).toEqual(['AES-256-GCM', 'AES-256-GCM']);
        expect(rows.every((row) => Buffer.from(row.sealed_key, 'base64').length > 32)).toBe(true);
      });

      it('audits the kick-off, the polls, the downloads and the completion with the client, grant and purpose', async () => {
        const entries = (await fx.platform.audit.search({ grantId: group }, 200)).items.filter((e) => e.objectId === first.id || (e.details as Json).export === first.id);
        const clientId = clients[JCRM1]!;
        const kick = entries.find((e) => e.action === 'export' && e.objectType === 'bulk_export' && e.actor.type === 'api_client');
        expect(kick).toMatchObject({ outcome: 'success', actor: { name: clientId }, purposeOfUse: 'referral', grantId: group, details: { change: 'kick-off', types: ['DiagnosticReport', 'Observation'] } });
        expect(entries.some((e) => e.action === 'read' && e.objectType === 'bulk_export' && e.actor.name === clientId && (e.details as Json).state === 'completed')).toBe(true);
        expect(entries.filter((e) => e.objectType === 'bulk_export_file' && e.action === 'export' && e.outcome === 'success')).toHaveLength(2);
        const completion = entries.find((e) => e.actor.type === 'system');
        expect(completion).toMatchObject({ action: 'export', outcome: 'success', actor: { name: 'bulk export' }, purposeOfUse: 'referral', accessBasis: `grant:${group}`, details: { institution: 'JCRM1', client: clientId, records: Object.values(first.files).flat().length } });
        expect((completion!.details as Json).counts).toEqual({ DiagnosticReport: first.files.DiagnosticReport!.length, Observation: first.files.Observation!.length });
      });

      it('narrows by _type and _since, and names asked types the group does not open in the error file', async () => {
        const partner = await token();
        const observations = await exportAll(partner, group, '?_type=Observation,Patient&_outputFormat=ndjson');
        expect(Object.keys(observations.files)).toEqual(['Observation']);
        expect(observations.files.Observation).toHaveLength(first.files.Observation!.length);
        expect(observations.errors).toHaveLength(1);
        expect(observations.errors[0]).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', diagnostics: expect.stringContaining('Patient') }] });
        expect(fhirViolations(observations.errors[0])).toEqual([]);
        const since = await exportAll(partner, group, `?_since=${encodeURIComponent(isoPlus(T0, 1))}`);
        expect(since.manifest.output).toEqual([]);
      });

      it('exports only the types the token\'s scopes allow, and refuses types they do not', async () => {
        const observationsOnly = await token(JCRM1, 'system/Observation.read');
        const exported = await exportAll(observationsOnly, group);
        expect(Object.keys(exported.files)).toEqual(['Observation']);
        expectOutcome(await kickOff(observationsOnly, group, '?_type=DiagnosticReport'), 403, 'SMART_SCOPE_INSUFFICIENT');
        expectOutcome(await kickOff(await token(JCRM1, 'system/Patient.read'), group), 403, 'SMART_SCOPE_INSUFFICIENT');
      });

      it('exports a de-identified grant by criteria without consents, the patient link a pseudonym', async () => {
        const exported = await exportAll(await token(), deidentifiedGroup);
        const resources = Object.values(exported.files).flat();
        expect(resources.length).toBeGreaterThan(0);
        const realPatients = new Set((await db().selectFrom('records').select('id').where('resource_type', '=', 'Patient').execute()).map((r) => `Patient/${r.id}`));
        const partner = await token();
        for (const resource of resources) {
          expect(fhirViolations(resource)).toEqual([]);
          expect(realPatients.has(subjectOf(resource))).toBe(false);
          expect(resource.code.extension[0]).toEqual({ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' });
        }
        for (const resource of resources.slice(0, 20)) expect(resource).toEqual((await get(`/fhir/R4/${resource.resourceType}/${resource.id}`, partner, { 'x-purpose-of-use': 'research' })).json());
      });
    });

    describe('refusals', () => {
      it('refuses kick-offs without a partner token, for groups not the caller\'s, and malformed requests', async () => {
        const partner = await token();
        expectOutcome(await kickOff(null, group), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await kickOff((await fx.session('infoadmin')).token, group), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await kickOff(partner, otherGroup), 404, 'BULK_GROUP_NOT_FOUND');
        expectOutcome(await kickOff(partner, revokedGroup), 404, 'BULK_GROUP_NOT_FOUND');
        expectOutcome(await kickOff(await token(DHCHC), group), 404, 'BULK_GROUP_NOT_FOUND');
        expectOutcome(await kickOff(partner, group, '?_type=Spaceship'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '?_type=Device'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '?_outputFormat=text%2Fcsv'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '?_since=yesterday'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '?_count=5'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '?_typeFilter=Observation%3Fcode%3Dx'), 400, 'BULK_EXPORT_REQUEST_INVALID');
        const noPrefer = expectOutcome(await kickOff(partner, group, '', { accept: 'application/fhir+json' }), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expect(noPrefer.issue[0].diagnostics).toContain('Prefer');
        expectOutcome(await kickOff(partner, group, '', { prefer: 'respond-async', accept: 'text/html' }), 400, 'BULK_EXPORT_REQUEST_INVALID');
        expectOutcome(await kickOff(partner, group, '', { ...ASYNC, 'x-purpose-of-use': 'research' }), 400, 'BULK_EXPORT_PURPOSE');
        expect(await db().selectFrom('bulk_exports').select('id').where('status', 'in', ['queued', 'running']).execute()).toEqual([]);
        const denied = (await fx.platform.audit.search({ objectType: 'bulk_export', outcome: 'denied' }, 50)).items;
        expect(denied.some((e) => e.actor.name === clients[DHCHC] && e.grantId === group)).toBe(true);
      });

      it('ignores unimplemented parameters under Prefer: handling=lenient, and says so', async () => {
        const partner = await token();
        const started = await kickOff(partner, group, '?_elements=id', { ...ASYNC, prefer: 'respond-async, handling=lenient', 'x-purpose-of-use': 'referral' });
        expect(started.statusCode, started.body).toBe(202);
        expect(started.json().issue.some((i: Json) => i.severity === 'warning' && i.diagnostics.includes('_elements'))).toBe(true);
        const done = await poll(partner, statusPath(started));
        expect(done.json().error).toHaveLength(1);
      });

      it('caps concurrent exports per institution at two, counting those other instances run', async () => {
        const partner = await token();
        const now = fx.clock().toISOString();
        const apiClient = (await db().selectFrom('api_clients').select('id').where('client_id', '=', clients[JCRM1]!).executeTakeFirstOrThrow()).id;
        // Two exports another instance is running (touched just now).
        const running = [1, 2].map((slot) => ({ id: randomUUID(), institution_id: JCRM1, api_client_id: apiClient, grant_id: group, status: 'running' as const, active_slot: slot, request_url: 'x', types: '[]', since: null, purpose: 'referral', created_at: now, started_at: now, completed_at: null, expires_at: null, heartbeat_at: now, progress: 0, error: null, files_deleted_at: null }));
        await db().insertInto('bulk_exports').values(running).execute();
        const refused = expectOutcome(await kickOff(partner, group), 429, 'BULK_EXPORT_TOO_MANY');
        expect(refused.issue[0].code).toBe('throttled');
        expect((await kickOff(partner, group)).headers['retry-after']).toBe('60');
        // Another institution is not held up by JCRM1's exports.
        const other = await kickOff(await token(DHCHC), otherGroup);
        expect(other.statusCode, other.body).toBe(202);
        await fx.platform.bulkExports.settled(exportIdOf(other));
        await db().updateTable('bulk_exports').set({ status: 'failed', active_slot: null, expires_at: now, files_deleted_at: now }).where('id', 'in', running.map((r) => r.id)).execute();
        expect((await kickOff(partner, group)).statusCode).toBe(202);
        for (const row of await db().selectFrom('bulk_exports').select('id').where('status', 'in', ['queued', 'running']).execute()) await fx.platform.bulkExports.settled(row.id);
      });

      it('shows an export to the institution that started it only', async () => {
        const partner = await token();
        const done = await exportAll(partner, group, '?_type=DiagnosticReport');
        const stranger = await token(DHCHC);
        expectOutcome(await get(`/fhir/R4/$export-status/${done.id}`, stranger), 404, 'BULK_EXPORT_NOT_FOUND');
        expectOutcome(await get(new URL(done.manifest.output[0].url).pathname, stranger), 404, 'BULK_EXPORT_NOT_FOUND');
        expectOutcome(await app().inject({ method: 'DELETE', url: `/fhir/R4/$export-status/${done.id}`, headers: { authorization: `Bearer ${stranger}` } }), 404, 'BULK_EXPORT_NOT_FOUND');
        expectOutcome(await get(`/fhir/R4/$export-status/${done.id}`, null), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await get(new URL(done.manifest.output[0].url).pathname, (await fx.session('infoadmin')).token), 401, 'PARTNER_TOKEN_INVALID');
        expectOutcome(await get(`/fhir/R4/$export-status/${done.id}/files/no-such-file`, partner), 404, 'BULK_EXPORT_NOT_FOUND');
        expectOutcome(await get('/fhir/R4/$export-status/no-such-export', partner), 404, 'BULK_EXPORT_NOT_FOUND');
        expect((await get(`/fhir/R4/$export-status/${done.id}`, partner)).statusCode).toBe(200);
      });

      it('cancels a running export and deletes a finished one\'s files; either then answers 404', async () => {
        const partner = await token();
        const del = (id: string) => app().inject({ method: 'DELETE', url: `/fhir/R4/$export-status/${id}`, headers: { authorization: `Bearer ${partner}` } });
        const started = await kickOff(partner, group);
        const id = exportIdOf(started);
        const cancelled = await del(id);
        expect(cancelled.statusCode, cancelled.body).toBe(202);
        expect(cancelled.json().resourceType).toBe('OperationOutcome');
        expectOutcome(await get(statusPath(started), partner), 404, 'BULK_EXPORT_NOT_FOUND');
        expectOutcome(await del(id), 404, 'BULK_EXPORT_NOT_FOUND');
        expect(existsSync(path.join(fx.platform.config.dataDir, 'bulk-exports', id))).toBe(false);

        const done = await exportAll(partner, group, '?_type=Observation');
        expect((await del(done.id)).statusCode).toBe(202);
        expectOutcome(await get(new URL(done.manifest.output[0].url).pathname, partner), 404, 'BULK_EXPORT_NOT_FOUND');
        expect(existsSync(path.join(fx.platform.config.dataDir, 'bulk-exports', done.id))).toBe(false);
        const entry = (await fx.platform.audit.search({ objectType: 'bulk_export', objectId: done.id }, 20)).items.find((e) => e.action === 'delete');
        expect(entry).toMatchObject({ outcome: 'success', actor: { name: clients[JCRM1] }, grantId: group, purposeOfUse: 'referral' });
      });

      it('fails an export its server stopped running, at the next start-up, and says why', async () => {
        const partner = await token();
        const apiClient = (await db().selectFrom('api_clients').select('id').where('client_id', '=', clients[JCRM1]!).executeTakeFirstOrThrow()).id;
        const long = isoPlus(fx.clock(), -1);
        const id = randomUUID();
        await db()
          .insertInto('bulk_exports')
          .values({ id, institution_id: JCRM1, api_client_id: apiClient, grant_id: group, status: 'running', active_slot: 1, request_url: 'x', types: '["Observation"]', since: null, purpose: 'referral', created_at: long, started_at: long, completed_at: null, expires_at: null, heartbeat_at: long, progress: 10, error: null, files_deleted_at: null })
          .execute();
        // Another process on the same database starting up: what a restart does.
        const restarted = await openPlatform(fx.platform.config, fx.clock, { housekeepingEveryMs: null });
        expect(await db().selectFrom('bulk_exports').select(['status', 'active_slot']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'failed', active_slot: null });
        const status = expectOutcome(await get(`/fhir/R4/$export-status/${id}`, partner), 500, 'BULK_EXPORT_FAILED');
        expect(status.issue[0].diagnostics).toMatch(/restart/);
        // That process stopping while it runs an export fails the export as stopped, audited.
        const principal = { kind: 'institution' as const, institutionId: JCRM1, institutionCode: 'JCRM1', institutionName: '江城市第一人民医院', clientId: clients[JCRM1]!, apiClientId: apiClient, scopes: ['system/*.read'], tokenHash: '' };
        const started = await restarted.bulkExports.kickOff(principal, group, { request: { types: null, since: null, ignored: [] }, requestUrl: 'http://localhost/fhir/R4/Group/x/$export' });
        await restarted.close();
        const stopped = expectOutcome(await get(`/fhir/R4/$export-status/${started.id}`, partner), 500, 'BULK_EXPORT_FAILED');
        expect(stopped.issue[0].diagnostics).toMatch(/server stopped/);
        const entry = (await fx.platform.audit.search({ objectType: 'bulk_export', objectId: started.id }, 10)).items.find((e) => e.actor.type === 'system');
        expect(entry).toMatchObject({ outcome: 'error', actor: { name: 'bulk export' }, grantId: group });
      });

      it('expires a finished export a day after it ended, and the sweep deletes its files', async () => {
        const done = await exportAll(await token(), group, '?_type=Observation');
        const directory = path.join(fx.platform.config.dataDir, 'bulk-exports', done.id);
        expect(existsSync(directory)).toBe(true);
        fx.clock.advanceMinutes(24 * 60 + 1);
        try {
          const partner = await token();
          expectOutcome(await get(`/fhir/R4/$export-status/${done.id}`, partner), 404, 'BULK_EXPORT_NOT_FOUND');
          expectOutcome(await get(new URL(done.manifest.output[0].url).pathname, partner), 404, 'BULK_EXPORT_NOT_FOUND');
          await fx.platform.scheduler.runNow('bulk-export-expiry');
          expect(existsSync(directory)).toBe(false);
          const entry = (await fx.platform.audit.search({ objectType: 'bulk_export', objectId: done.id }, 20)).items.find((e) => e.action === 'delete');
          expect(entry).toMatchObject({ actor: { type: 'system', name: 'bulk export expiry' }, reason: 'expired', grantId: group });
        } finally {
          fx.clock.set(T0);
          fx.resetSessions();
        }
      });

      it('drops a patient who withdrew consent from the next export, and retires the exports made before', async () => {
        const partner = await token();
        const before = await exportAll(partner, group);
        const anchorIn = (files: Record<string, Json[]>) => Object.values(files).flat().filter((r) => subjectOf(r) === `Patient/${fx.anchor}`).length;
        expect(anchorIn(before.files)).toBeGreaterThan(0);
        fx.clock.advanceMinutes(1);
        const withdrawn = await admin('POST', `/consents/${anchorConsent}/withdraw`, { reason: '患者撤回对转诊医院的同意' });
        expect(withdrawn.statusCode, withdrawn.body).toBe(200);
        // A withdrawal in the same instant as an export's start counts against that export.
        fx.clock.advanceMinutes(1);
        const after = await exportAll(await token(), group);
        expect(anchorIn(after.files)).toBe(0);
        expect(new Set(Object.values(after.files).flat().map((r) => r.id))).toEqual(await expectedLabIds([fx.stranger]));
        // The earlier files may hold the withdrawn patient's records: they are no longer served.
        const stale = await token();
        expectOutcome(await get(`/fhir/R4/$export-status/${before.id}`, stale), 410, 'BULK_EXPORT_WITHDRAWN');
        expectOutcome(await get(new URL(before.manifest.output[0].url).pathname, stale), 410, 'BULK_EXPORT_WITHDRAWN');
        expect((await get(`/fhir/R4/$export-status/${after.id}`, stale)).statusCode).toBe(200);
      });

      it('stops serving an export once its grant is revoked', async () => {
        const partner = await token();
        const done = await exportAll(partner, group, '?_type=Observation');
        expect((await admin('POST', `/grants/${group}/revoke`, { reason: 'referral finished' })).statusCode).toBe(200);
        expectOutcome(await get(`/fhir/R4/$export-status/${done.id}`, partner), 410, 'BULK_EXPORT_WITHDRAWN');
        expectOutcome(await kickOff(partner, group), 404, 'BULK_GROUP_NOT_FOUND');
        await fx.platform.scheduler.runNow('bulk-export-expiry');
        expect(existsSync(path.join(fx.platform.config.dataDir, 'bulk-exports', done.id))).toBe(false);
      });
    });
  });
}
