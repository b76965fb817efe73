/**
 * YIXIANG_PUBLIC_URL on both databases: behind a hospital's TLS proxy the server hands out its
 * configured public address — discovery, CapabilityStatement, search Bundle links, bulk-export
 * status and file URLs, ServiceRequest Location — whatever Host header the request came with, and
 * a client assertion must name the public token URL, not one derived from that header.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../../src/demo/index.js';
import { DEPARTMENT_SYSTEM } from '../../src/sharing/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { openCareTeamPatientOf } from '../support/care-team.js';

type Json = Record<string, any>;
const PUBLIC_URL = 'https://yixiang.example-hospital.cn/base';
const INTERNAL = { host: 'internal-host:8080' };
const JCRM1 = demoId('institution', 'JCRM1');
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The path a proxy forwards for a public URL: the public prefix stripped. */
const internalPath = (url: string) => {
  expect(url.startsWith(`${PUBLIC_URL}/`), url).toBe(true);
  return url.slice(PUBLIC_URL.length);
};

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`YIXIANG_PUBLIC_URL (${dialect})`, () => {
    // The system clock, as the demo hospital's care teams and records are laid out around today.
    const clock = () => new Date();
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let platform: TestApp;
    let admin: Session;
    let clientId: string;

    const inject = (options: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }) => platform.app.inject({ ...options, headers: { ...INTERNAL, ...options.headers } });
    const assertion = (aud: string) => {
      const now = Math.floor(clock().getTime() / 1000);
      return new SignJWT({ iss: clientId, sub: clientId, aud, exp: now + 240, jti: randomUUID() }).setProtectedHeader({ alg: 'ES384', kid: 'his-1', typ: 'JWT' }).sign(keys.privateKey);
    };
    const requestToken = async (aud: string, scope = 'system/*.read system/ServiceRequest.write'): Promise<LightMyRequestResponse> =>
      inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(aud), scope }).toString() });
    async function partnerToken(): Promise<string> {
      const response = await requestToken(`${PUBLIC_URL}/oauth2/token`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    }

    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { demoPatients: 30, publicUrl: PUBLIC_URL } });
      admin = await signIn(platform.app, 'infoadmin');
      const jwk = { ...(keys.publicKey.export({ format: 'jwk' }) as JWK), kid: 'his-1' };
      const client = await platform.app.inject({ method: 'POST', url: `/api/v1/institutions/${JCRM1}/clients`, headers: bearer(admin), payload: { name: 'Referral HIS', jwks: { keys: [jwk] } } });
      expect(client.statusCode, client.body).toBe(201);
      clientId = client.json().clientId as string;
    }, 180_000);
    afterAll(async () => platform?.close());

    it('names the public URLs in discovery and the CapabilityStatement, whatever the Host header', async () => {
      for (const url of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
        const discovery = (await inject({ url })).json();
        expect(discovery).toMatchObject({ token_endpoint: `${PUBLIC_URL}/oauth2/token`, revocation_endpoint: `${PUBLIC_URL}/oauth2/revoke` });
      }
      const statement = (await inject({ url: '/fhir/R4/metadata' })).json() as Json;
      expect(statement.implementation.url).toBe(`${PUBLIC_URL}/fhir/R4`);
      expect(statement.rest[0].security.extension[0].extension).toEqual([
        { url: 'token', valueUri: `${PUBLIC_URL}/oauth2/token` },
        { url: 'revoke', valueUri: `${PUBLIC_URL}/oauth2/revoke` },
      ]);
    });

    it('refuses an assertion whose aud names the Host-derived token URL, and accepts one naming the public URL', async () => {
      for (const aud of ['http://internal-host:8080/oauth2/token', 'http://internal-host:8080/base/oauth2/token', 'https://yixiang.example-hospital.cn/oauth2/token']) {
        const refused = await requestToken(aud);
        expect(refused.statusCode, refused.body).toBe(401);
        expect(refused.json()).toEqual({ error: 'invalid_client', error_description: `client_assertion: "aud" must be this endpoint, ${PUBLIC_URL}/oauth2/token` });
      }
      // A client that trusts the Host it sent gets nothing either: the header does not move the audience.
      const spoofed = await platform.app.inject({ method: 'POST', url: '/oauth2/token', headers: { host: 'attacker.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion('http://attacker.example/oauth2/token'), scope: 'system/*.read' }).toString() });
      expect(spoofed.statusCode).toBe(401);
      expect((await requestToken(`${PUBLIC_URL}/oauth2/token`)).statusCode).toBe(200);
    });

    it('builds a search Bundle\'s self and next links and entry fullUrls on the public URL', async () => {
      const wang = await signIn(platform.app, 'dr.wang');
      const mine = await openCareTeamPatientOf(platform.database.db, 'dr.wang');
      const search = `/fhir/R4/Observation?patient=Patient/${mine}&_count=1`;
      const response = await inject({ url: search, headers: { ...bearer(wang), 'x-purpose-of-use': 'treatment' } });
      expect(response.statusCode, response.body).toBe(200);
      const bundle = response.json() as Json;
      expect(bundle.link[0]).toEqual({ relation: 'self', url: `${PUBLIC_URL}${search}` });
      const next = bundle.link.find((link: Json) => link.relation === 'next');
      expect(next, JSON.stringify(bundle).slice(0, 600)).toBeDefined();
      const following = await inject({ url: internalPath(next.url), headers: { ...bearer(wang), 'x-purpose-of-use': 'treatment' } });
      expect(following.statusCode, following.body).toBe(200);
      for (const entry of [...bundle.entry, ...following.json().entry]) expect(entry.fullUrl).toBe(`${PUBLIC_URL}/fhir/R4/Observation/${entry.resource.id}`);
    });

    it('answers a bulk export kick-off with a public Content-Location, and the manifest with public URLs', async () => {
      const grant = await platform.app.inject({
        method: 'POST',
        url: '/api/v1/grants',
        headers: bearer(admin),
        payload: { grantee: { kind: 'institution', id: JCRM1 }, catalogCode: 'CLIN_LAB_REPORT', fields: ['patient', 'resultQuantity', 'collectedAt'], patientScope: { kind: 'criteria', criteria: { departmentCode: 'JYK' } }, purpose: 'research', channel: 'external', validTo: new Date(clock().getTime() + 48 * 3_600_000).toISOString(), maskingProfile: 'de-identified', reason: 'public URL test' },
      });
      expect(grant.statusCode, grant.body).toBe(201);
      const token = await partnerToken();
      const auth = { authorization: `Bearer ${token}` };
      const started = await inject({ url: `/fhir/R4/Group/${grant.json().id}/$export`, headers: { ...auth, accept: 'application/fhir+json', prefer: 'respond-async' } });
      expect(started.statusCode, started.body).toBe(202);
      const location = String(started.headers['content-location']);
      expect(location).toMatch(new RegExp(`^${PUBLIC_URL.replace(/[.]/g, '\\.')}/fhir/R4/\\$export-status/[A-Za-z0-9-]+$`));
      let status = await inject({ url: internalPath(location), headers: auth });
      for (let attempt = 0; status.statusCode === 202 && attempt < 1000; attempt += 1) {
        await sleep(5);
        status = await inject({ url: internalPath(location), headers: auth });
      }
      expect(status.statusCode, status.body).toBe(200);
      const manifest = status.json() as Json;
      expect(manifest.request).toBe(`${PUBLIC_URL}/fhir/R4/Group/${grant.json().id}/$export`);
      expect(manifest.output.length).toBeGreaterThan(0);
      for (const file of [...manifest.output, ...manifest.error]) {
        const download = await inject({ url: internalPath(file.url), headers: auth });
        expect(download.statusCode, download.body).toBe(200);
      }
    });

    it('answers a partner\'s ServiceRequest with a public Location', async () => {
      const token = await partnerToken();
      const serviceRequest = {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: '#patient' },
        performer: [{ type: 'Organization', identifier: { system: DEPARTMENT_SYSTEM, value: 'NK' } }],
        reasonCode: [{ text: '转上级医院' }],
        supportingInfo: [{ reference: '#summary' }],
        contained: [
          { resourceType: 'Patient', id: 'patient', identifier: [{ system: 'urn:yixiang:mrn', value: 'NOT-OUR-MRN' }], name: [{ text: '转诊患者' }], gender: 'male', birthDate: '1958-03-04' },
          { resourceType: 'DocumentReference', id: 'summary', status: 'current', content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from('转诊说明').toString('base64') } }] },
        ],
      };
      const response = await inject({ method: 'POST', url: '/fhir/R4/ServiceRequest', headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'referral', 'content-type': 'application/fhir+json' }, payload: JSON.stringify(serviceRequest) });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers.location).toBe(`${PUBLIC_URL}/fhir/R4/ServiceRequest/${response.json().id}/_history/1`);
    });
  });
}
