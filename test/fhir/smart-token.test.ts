import cookie from '@fastify/cookie';
import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestAudit } from '../../src/audit/index.js';
import { sm2GenerateKey, sm2JwkFromPoint, sm2JwsSign } from '../../src/crypto/index.js';
import { demoId } from '../../src/demo/index.js';
import { errorHandler, partnerOf, registerAccessControl, validatorCompiler } from '../../src/http/index.js';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JCRM1 = demoId('institution', 'JCRM1');

interface PartnerKeys {
  rsa: { privateKey: KeyObject; publicKey: KeyObject };
  ec: { privateKey: KeyObject; publicKey: KeyObject };
}

const publicJwk = (key: KeyObject, kid: string): JWK => ({ ...(key.export({ format: 'jwk' }) as JWK), kid });

function newKeys(): PartnerKeys {
  return { rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }), ec: generateKeyPairSync('ec', { namedCurve: 'P-384' }) };
}

/** The RFC 6749 §5.2 shape and nothing else, never problem+json, never cached. */
function expectOAuthError(response: LightMyRequestResponse, status: number, error: string): string {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = response.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toBe(error);
  expect(typeof body.error_description).toBe('string');
  return body.error_description as string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`SMART Backend Services token endpoint (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    let platform: TestApp;
    let admin: Session;
    let tokenUrl: string;
    let probe: FastifyInstance;
    const keys = newKeys();
    let clientId: string;

    const admin$ = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(admin), ...(payload && { payload }) });

    async function registerClient(institutionId: string, partnerKeys: PartnerKeys = keys): Promise<string> {
      const response = await admin$('POST', `/institutions/${institutionId}/clients`, { name: 'HIS gateway', jwks: { keys: [publicJwk(partnerKeys.rsa.publicKey, 'rsa-1'), publicJwk(partnerKeys.ec.publicKey, 'ec-1')] } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().clientId as string;
    }

    /** A SMART authentication JWT as a client library would build it; `claims` override the defaults. */
    function assertion(client: string, options: { alg?: 'RS384' | 'ES384'; kid?: string; key?: KeyObject; claims?: Record<string, unknown> } = {}): Promise<string> {
      const alg = options.alg ?? 'ES384';
      const now = Math.floor(clock().getTime() / 1000);
      const claims = { iss: client, sub: client, aud: tokenUrl, exp: now + 240, jti: randomUUID(), ...options.claims };
      for (const [name, value] of Object.entries(claims)) if (value === undefined) delete (claims as Record<string, unknown>)[name];
      return new SignJWT(claims)
        .setProtectedHeader({ alg, kid: options.kid ?? (alg === 'RS384' ? 'rsa-1' : 'ec-1'), typ: 'JWT' })
        .sign(options.key ?? (alg === 'RS384' ? keys.rsa.privateKey : keys.ec.privateKey));
    }

    const requestToken = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      platform.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form(fields) });
    const tokenFor = async (jwt: string, scope = 'system/*.read') => requestToken({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, scope });
    async function accessToken(client = clientId, scope?: string): Promise<string> {
      const response = await tokenFor(await assertion(client), scope);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    }
    const onProbe = (token: string) => probe.inject({ url: '/fhir/R4/_probe', headers: { authorization: `Bearer ${token}` } });
    const auditOf = (response: LightMyRequestResponse) =>
      platform.database.db.selectFrom('audit_entries').selectAll().where('request_id', '=', String(response.headers['x-request-id'])).executeTakeFirstOrThrow();

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
      admin = await signIn(platform.app, 'infoadmin');
      tokenUrl = (await platform.app.inject({ url: '/.well-known/smart-configuration' })).json().token_endpoint;
      clientId = await registerClient(JCRM1);
      // A partner-only route on an app with the platform's own access hook, audit log and services:
      // the FHIR routes that partners will use are wired to 'partner' separately.
      probe = Fastify({ logger: false, genReqId: () => randomUUID() });
      probe.setValidatorCompiler(validatorCompiler);
      probe.setErrorHandler(errorHandler);
      await probe.register(cookie);
      registerRequestAudit(probe, platform.auditLog);
      registerAccessControl(probe, platform.org.auth, platform.partners);
      probe.get('/fhir/R4/_probe', { config: { access: 'partner', audit: { action: 'read', objectType: 'probe' } } }, async (request, reply) => reply.header('x-request-id', request.id).send(partnerOf(request)));
      await probe.ready();
    }, 120_000);
    afterAll(async () => {
      await probe?.close();
      await platform?.close();
    });

    describe('discovery', () => {
      it('serves the SMART configuration at the root and under the FHIR base, as JSON whatever is accepted', async () => {
        for (const url of ['/.well-known/smart-configuration', '/fhir/R4/.well-known/smart-configuration']) {
          const response = await platform.app.inject({ url, headers: { accept: 'application/fhir+json' } });
          expect(response.statusCode).toBe(200);
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          expect(response.json()).toEqual({
            token_endpoint: 'http://localhost:80/oauth2/token',
            revocation_endpoint: 'http://localhost:80/oauth2/revoke',
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
            token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
            grant_types_supported: ['client_credentials'],
            scopes_supported: ['system/*.read', 'system/*.rs', 'system/ServiceRequest.write', 'system/ServiceRequest.c'],
            capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
          });
        }
        const forwarded = await platform.app.inject({ url: '/.well-known/smart-configuration', headers: { host: 'yixiang.example:8443' } });
        expect(forwarded.json().token_endpoint).toBe('http://yixiang.example:8443/oauth2/token');
      });

      it('lists the token endpoint in the OpenAPI document under the smart tag', async () => {
        const document = (await platform.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { tags: string[] }>> };
        expect(document.paths['/oauth2/token']!.post!.tags).toEqual(['smart']);
        expect(document.paths['/.well-known/smart-configuration']!.get!.tags).toEqual(['smart']);
      });
    });

    describe('issuing tokens', () => {
      it('exchanges an ES384 or RS384 assertion for a five-minute bearer token that opens partner routes', async () => {
        for (const alg of ['ES384', 'RS384'] as const) {
          const response = await tokenFor(await assertion(clientId, { alg }), 'system/Observation.read system/Patient.rs');
          expect(response.statusCode, response.body).toBe(200);
          expect(response.headers['cache-control']).toBe('no-store');
          const body = response.json();
          expect(body).toEqual({ access_token: expect.stringMatching(/^yxp_[\w-]{43}$/), token_type: 'bearer', expires_in: 300, scope: 'system/Observation.read system/Patient.rs' });
          const entry = await auditOf(response);
          expect(entry).toMatchObject({ action: 'login', outcome: 'success', actor_type: 'api_client', actor_name: clientId, object_type: 'api_client', object_id: clientId });
          expect(JSON.parse(entry.details)).toMatchObject({ institution: 'JCRM1', alg, kid: alg === 'RS384' ? 'rsa-1' : 'ec-1', scope: body.scope, expiresIn: 300 });

          const read = await onProbe(body.access_token);
          expect(read.statusCode).toBe(200);
          expect(read.json()).toMatchObject({ kind: 'institution', institutionId: JCRM1, institutionCode: 'JCRM1', clientId, scopes: ['system/Observation.read', 'system/Patient.rs'] });
          const readEntry = await platform.database.db.selectFrom('audit_entries').selectAll().where('request_id', '=', String(read.headers['x-request-id'])).executeTakeFirstOrThrow();
          expect(readEntry).toMatchObject({ actor_type: 'api_client', actor_id: read.json().apiClientId, actor_name: clientId, object_type: 'probe', outcome: 'success' });
        }
      });

      it('stores only a hash of the token, with the client, institution, scope and expiry', async () => {
        const token = await accessToken();
        const rows = await platform.database.db.selectFrom('smart_access_tokens').selectAll().execute();
        expect(rows.some((row) => Object.values(row).some((value) => String(value).includes(token)))).toBe(false);
        const sha256 = createHash('sha256').update(token).digest('hex');
        expect(rows.find((row) => row.token_hash === sha256)).toMatchObject({ institution_id: JCRM1, scope: 'system/*.read', issued_at: '2026-11-25T09:00:00.000Z', expires_at: '2026-11-25T09:05:00.000Z' });
      });

      it('lets a token lapse after five minutes', async () => {
        const token = await accessToken();
        clock.advanceMinutes(4);
        expect((await onProbe(token)).statusCode).toBe(200);
        clock.advanceMinutes(1);
        expect((await onProbe(token)).statusCode).toBe(401);
        clock.set(new Date('2026-11-25T09:00:00.000Z'));
      });
    });

    describe('refusing token requests', () => {
      it('refuses a replayed assertion (same client and jti) while it could still be valid', async () => {
        const jwt = await assertion(clientId);
        expect((await tokenFor(jwt)).statusCode).toBe(200);
        const replay = await tokenFor(jwt);
        expect(expectOAuthError(replay, 401, 'invalid_client')).toMatch(/already been used/);
        expect(await auditOf(replay)).toMatchObject({ action: 'login_failed', outcome: 'denied', actor_type: 'anonymous', actor_name: clientId, reason: 'invalid_client:assertion_replayed' });
      });

      it('refuses expired, too long-lived and not-yet-valid assertions, a wrong audience and a missing jti', async () => {
        const now = Math.floor(clock().getTime() / 1000);
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ exp: now - 60 }, /expired/],
          [{ exp: now + 600 }, /at most 300 seconds/],
          [{ nbf: now + 120 }, /not valid yet/],
          [{ aud: 'http://localhost:80/fhir/R4' }, /"aud"/],
          [{ aud: 'https://other-hospital.example/oauth2/token' }, /"aud"/],
          [{ jti: undefined }, /"jti"/],
          [{ sub: 'someone-else' }, /"sub"/],
        ];
        for (const [claims, description] of cases) expect(expectOAuthError(await tokenFor(await assertion(clientId, { claims })), 401, 'invalid_client')).toMatch(description);
      });

      it('refuses an assertion signed with a key that is not registered, or naming an unknown kid or client', async () => {
        const stranger = newKeys();
        const wrongKey = await tokenFor(await assertion(clientId, { key: stranger.ec.privateKey }));
        expect(expectOAuthError(wrongKey, 401, 'invalid_client')).toMatch(/signature/);
        expect((await auditOf(wrongKey)).reason).toBe('invalid_client:assertion_signature');
        expect(expectOAuthError(await tokenFor(await assertion(clientId, { kid: 'other' })), 401, 'invalid_client')).toMatch(/no registered key/);
        expect(expectOAuthError(await tokenFor(await assertion(clientId, { alg: 'ES384', kid: 'rsa-1' })), 401, 'invalid_client')).toMatch(/no registered key/);
        expect(expectOAuthError(await tokenFor(await assertion('nobody-1234')), 401, 'invalid_client')).toMatch(/unknown client/);
        expect(expectOAuthError(await tokenFor('not.a.jwt'), 401, 'invalid_client')).toMatch(/client_assertion/);
      });

      it('refuses other grant types, unsupported scopes and other authentication methods', async () => {
        const jwt = await assertion(clientId);
        expectOAuthError(await requestToken({ grant_type: 'authorization_code', code: 'x', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt }), 400, 'unsupported_grant_type');
        expectOAuthError(await requestToken({ client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, scope: 'system/*.read' }), 400, 'invalid_request');
        for (const scope of ['patient/*.read', 'system/*.write', 'system/Observation.rs?category=laboratory', 'system/Practitioner.read', '']) expectOAuthError(await tokenFor(jwt, scope), 400, 'invalid_scope');
        expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'secret', scope: 'system/*.read' }), 401, 'invalid_client');
        expectOAuthError(await requestToken({ grant_type: 'client_credentials', scope: 'system/*.read' }), 401, 'invalid_client');
        expectOAuthError(await requestToken({ grant_type: 'client_credentials', client_assertion_type: 'urn:x', client_assertion: jwt, scope: 'system/*.read' }), 401, 'invalid_client');
        // None of these spent the assertion: it still buys a token.
        expect((await tokenFor(jwt)).statusCode).toBe(200);
      });

      it('refuses malformed bodies with invalid_request: JSON, repeated parameters, oversized values, no body', async () => {
        const jwt = await assertion(clientId);
        const fields = { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, scope: 'system/*.read' };
        expect(expectOAuthError(await platform.app.inject({ method: 'POST', url: '/oauth2/token', payload: fields }), 400, 'invalid_request')).toMatch(/x-www-form-urlencoded/);
        expect(expectOAuthError(await platform.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `${form(fields)}&scope=system%2F*.rs` }), 400, 'invalid_request')).toMatch(/"scope" is sent more than once/);
        expect(expectOAuthError(await requestToken({ ...fields, client_id: 'x'.repeat(200) }), 400, 'invalid_request')).toMatch(/client_id/);
        expectOAuthError(await platform.app.inject({ method: 'POST', url: '/oauth2/token' }), 400, 'invalid_request');
        const malformed = await platform.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'x'.repeat(20_000) });
        expectOAuthError(malformed, 400, 'invalid_request');
        expect(await auditOf(malformed)).toMatchObject({ action: 'login_failed', outcome: 'error' });
      });
    });

    describe('standing of the client and its institution', () => {
      it('refuses a revoked client and stops the tokens it already holds at once', async () => {
        const revocable = await registerClient(JCRM1);
        const token = await accessToken(revocable);
        expect((await onProbe(token)).statusCode).toBe(200);
        expect((await admin$('PATCH', `/institutions/${JCRM1}/clients/${revocable}`, { status: 'revoked' })).statusCode).toBe(200);
        expect(expectOAuthError(await tokenFor(await assertion(revocable)), 401, 'invalid_client')).toMatch(/revoked/);
        const refused = await onProbe(token);
        expect(refused.statusCode).toBe(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
        expect(refused.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login', details: { coding: [{ code: 'PARTNER_TOKEN_INVALID' }] } }] });
      });

      it('refuses a suspended client until it is re-activated', async () => {
        const client = await registerClient(JCRM1);
        const token = await accessToken(client);
        await admin$('PATCH', `/institutions/${JCRM1}/clients/${client}`, { status: 'suspended' });
        expectOAuthError(await tokenFor(await assertion(client)), 401, 'invalid_client');
        expect((await onProbe(token)).statusCode).toBe(401);
        await admin$('PATCH', `/institutions/${JCRM1}/clients/${client}`, { status: 'active' });
        expect((await onProbe(token)).statusCode).toBe(200);
      });

      it('refuses the clients of a suspended institution, and of one whose agreement has ended', async () => {
        const created = await admin$('POST', '/institutions', { code: 'PARTNER9', name: { zh: '合作医院九', en: 'Partner Nine' }, kind: 'partner_hospital', agreementStart: '2026-01-01', agreementEnd: '2027-12-31' });
        const institution = created.json().id as string;
        const client = await registerClient(institution);
        const token = await accessToken(client);
        expect((await admin$('PATCH', `/institutions/${institution}`, { status: 'suspended' })).statusCode).toBe(200);
        expect(expectOAuthError(await tokenFor(await assertion(client)), 401, 'invalid_client')).toMatch(/institution is not active/);
        expect((await onProbe(token)).statusCode).toBe(401);

        await admin$('PATCH', `/institutions/${institution}`, { status: 'active', agreementEnd: '2026-11-24' });
        expect(expectOAuthError(await tokenFor(await assertion(client)), 401, 'invalid_client')).toMatch(/agreement has ended/);
        expect((await onProbe(token)).statusCode).toBe(401);
        await admin$('PATCH', `/institutions/${institution}`, { agreementEnd: '2027-12-31' });
        expect((await onProbe(token)).statusCode).toBe(200);
      });
    });

    describe('partner tokens and staff sessions open only their own routes', () => {
      it('refuses a staff session on a partner route, by bearer or by cookie', async () => {
        const session = await signIn(platform.app, 'dr.wang');
        for (const headers of [bearer(session), { cookie: session.cookie }, {}]) {
          const response = await probe.inject({ url: '/fhir/R4/_probe', headers });
          expect(response.statusCode).toBe(401);
          expect(response.json().issue[0].details.coding[0].code).toBe('PARTNER_TOKEN_INVALID');
        }
      });

      it('refuses a partner token on staff routes', async () => {
        const token = await accessToken();
        expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }), 401, 'UNAUTHENTICATED');
        expectProblem(await platform.app.inject({ url: '/api/v1/departments', headers: { authorization: `Bearer ${token}` } }), 401, 'UNAUTHENTICATED');
      });
    });
  });

  describe.skipIf(skipDialect(dialect))(`SMART Backend Services with SM2 in the gm profile (${dialect})`, () => {
    let platform: TestApp;

    beforeAll(async () => {
      platform = await createTestApp(dialect, { config: { cryptoProfile: 'gm' } });
    }, 120_000);
    afterAll(async () => platform?.close());

    it('advertises SM2 and exchanges an SM2-signed assertion for a token, hashed with SM3', async () => {
      const configuration = (await platform.app.inject({ url: '/fhir/R4/.well-known/smart-configuration' })).json();
      expect(configuration.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS384', 'ES384', 'SM2']);
      const admin = await signIn(platform.app, 'infoadmin');
      const sm2 = sm2GenerateKey();
      const registered = await platform.app.inject({ method: 'POST', url: `/api/v1/institutions/${JCRM1}/clients`, headers: bearer(admin), payload: { name: 'GM gateway', jwks: { keys: [{ ...sm2JwkFromPoint(sm2.publicKey), kid: 'gm-1' }] } } });
      expect(registered.json().keys).toEqual([{ kid: 'gm-1', kty: 'EC', alg: 'SM2' }]);
      const client = registered.json().clientId as string;
      const now = Math.floor(Date.now() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const input = `${part({ alg: 'SM2', kid: 'gm-1', typ: 'JWT' })}.${part({ iss: client, sub: client, aud: configuration.token_endpoint, exp: now + 120, jti: randomUUID() })}`;
      const jwt = `${input}.${sm2JwsSign(sm2.d, sm2.publicKey, input).toString('base64url')}`;
      const response = await platform.app.inject({ method: 'POST', url: '/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, scope: 'system/*.rs' }) });
      expect(response.statusCode, response.body).toBe(200);
      const { access_token: token } = response.json();
      const row = await platform.database.db.selectFrom('smart_access_tokens').selectAll().executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(createHash('sm3').update(token).digest('hex'));
      const principal = await platform.partners.authenticate(token);
      expect(principal).toMatchObject({ kind: 'institution', clientId: client, scopes: ['system/*.rs'] });
    });
  });
}
