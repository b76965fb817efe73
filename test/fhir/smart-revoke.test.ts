/**
 * RFC 7009 token revocation for partner systems on both databases: a client authenticated as at
 * the token endpoint revokes its own access token, which the very next FHIR request refuses; the
 * answer is the same 200 for another client's token or an unknown one, which stay as they were.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoId } from '../../src/demo/index.js';
import { bearer, createTestApp, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JCRM1 = demoId('institution', 'JCRM1');
const DHCHC = demoId('institution', 'DHCHC');
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function expectOAuthError(response: LightMyRequestResponse, status: number, error: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.json()).toMatchObject({ error, error_description: expect.any(String) });
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`SMART token revocation, RFC 7009 (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    let platform: TestApp;
    let admin: Session;
    let tokenUrl: string;
    let revokeUrl: string;
    const clients: Record<string, string> = {};

    const assertion = (client: string, claims: Record<string, unknown> = {}, key: KeyObject = keys.privateKey) => {
      const now = Math.floor(clock().getTime() / 1000);
      return new SignJWT({ iss: client, sub: client, aud: revokeUrl, exp: now + 240, jti: randomUUID(), ...claims }).setProtectedHeader({ alg: 'ES384', kid: 'ec-1', typ: 'JWT' }).sign(key);
    };
    const post = (url: string, fields: Record<string, string>) => platform.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields) });
    async function accessToken(institution = JCRM1): Promise<string> {
      const client = clients[institution]!;
      const response = await post('/oauth2/token', { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(client, { aud: tokenUrl }), scope: 'system/*.read' });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().access_token as string;
    }
    const revoke = async (token: string | undefined, options: { institution?: string; jwt?: string; extra?: Record<string, string> } = {}) =>
      post('/oauth2/revoke', { ...(token !== undefined ? { token } : {}), client_assertion_type: ASSERTION_TYPE, client_assertion: options.jwt ?? (await assertion(clients[options.institution ?? JCRM1]!)), ...options.extra });
    /** A FHIR search as the partner's system sends it: 200 while the token is good, 401 once it is not. */
    const fhirSearch = (token: string) => platform.app.inject({ url: '/fhir/R4/Observation?_count=1', headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'referral' } });
    const auditOf = (response: LightMyRequestResponse) =>
      platform.database.db.selectFrom('audit_entries').selectAll().where('request_id', '=', String(response.headers['x-request-id'])).executeTakeFirstOrThrow();
    const expectRevokedAnswer = (response: LightMyRequestResponse) => {
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).toBe('');
      expect(response.headers['cache-control']).toBe('no-store');
    };

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
      admin = await signIn(platform.app, 'infoadmin');
      const discovery = (await platform.app.inject({ url: '/.well-known/smart-configuration' })).json();
      tokenUrl = discovery.token_endpoint;
      revokeUrl = discovery.revocation_endpoint;
      const jwk = { ...(keys.publicKey.export({ format: 'jwk' }) as JWK), kid: 'ec-1' };
      for (const institution of [JCRM1, DHCHC]) {
        const response = await platform.app.inject({ method: 'POST', url: `/api/v1/institutions/${institution}/clients`, headers: bearer(admin), payload: { name: 'HIS gateway', jwks: { keys: [jwk] } } });
        expect(response.statusCode, response.body).toBe(201);
        clients[institution] = response.json().clientId as string;
      }
    }, 120_000);
    afterAll(async () => platform?.close());

    it('advertises the revocation endpoint beside the token endpoint', () => {
      expect(revokeUrl).toBe('http://localhost:80/oauth2/revoke');
      expect(tokenUrl).toBe('http://localhost:80/oauth2/token');
    });

    it('revokes the client\'s own token, which the very next FHIR request refuses, and audits it', async () => {
      const token = await accessToken();
      expect((await fhirSearch(token)).statusCode).toBe(200);
      const response = await revoke(token, { extra: { token_type_hint: 'access_token' } });
      expectRevokedAnswer(response);
      const refused = await fhirSearch(token);
      expect(refused.statusCode, refused.body).toBe(401);
      expect(refused.json().issue[0].details.coding[0].code).toBe('PARTNER_TOKEN_INVALID');
      const entry = await auditOf(response);
      expect(entry).toMatchObject({ action: 'revoke', object_type: 'access_token', outcome: 'success', actor_type: 'api_client', actor_name: clients[JCRM1] });
      expect(entry.object_id).toMatch(/^[0-9a-f]{16}$/);
      expect(JSON.parse(entry.details)).toMatchObject({ institution: 'JCRM1', revoked: true, tokenTypeHint: 'access_token', alg: 'ES384', kid: 'ec-1' });
      // Revoking it again is no error (RFC 7009 §2.2): there is just nothing left to revoke.
      expectRevokedAnswer(await revoke(token));
    });

    it('accepts an assertion whose aud is the token endpoint, as SMART clients often send', async () => {
      const token = await accessToken();
      expectRevokedAnswer(await revoke(token, { jwt: await assertion(clients[JCRM1]!, { aud: tokenUrl }) }));
      expect((await fhirSearch(token)).statusCode).toBe(401);
    });

    it('answers 200 for another client\'s token but leaves it working', async () => {
      const theirs = await accessToken(DHCHC);
      const response = await revoke(theirs);
      expectRevokedAnswer(response);
      expect((await fhirSearch(theirs)).statusCode).toBe(200);
      const entry = await auditOf(response);
      expect(entry).toMatchObject({ action: 'revoke', outcome: 'success', actor_name: clients[JCRM1], object_id: null });
      expect(JSON.parse(entry.details)).toMatchObject({ revoked: false });
    });

    it('answers 200 for an unknown or malformed token, with a hint it does not know', async () => {
      expectRevokedAnswer(await revoke(`yxp_${'A'.repeat(43)}`));
      expectRevokedAnswer(await revoke('not-a-token-at-all', { extra: { token_type_hint: 'refresh_token' } }));
    });

    it('refuses bad client authentication with 401 invalid_client and revokes nothing', async () => {
      const token = await accessToken();
      const refusals = [
        await revoke(token, { jwt: await assertion(clients[JCRM1]!, {}, stranger.privateKey) }),
        await revoke(token, { jwt: await assertion(clients[JCRM1]!, { aud: 'http://localhost:80/fhir/R4' }) }),
        await revoke(token, { jwt: await assertion(clients[JCRM1]!, { exp: Math.floor(clock().getTime() / 1000) - 120 }) }),
        await revoke(token, { jwt: await assertion('no-such-client') }),
        await revoke(token, { jwt: 'not.a.jwt' }),
        await post('/oauth2/revoke', { token }),
        await post('/oauth2/revoke', { token, client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(clients[JCRM1]!), client_secret: 's3cret' }),
      ];
      for (const response of refusals) expectOAuthError(response, 401, 'invalid_client');
      expect(await auditOf(refusals[0]!)).toMatchObject({ action: 'revoke', outcome: 'denied', actor_type: 'anonymous', actor_name: clients[JCRM1], reason: 'invalid_client:assertion_signature' });
      expect((await fhirSearch(token)).statusCode).toBe(200);
    });

    it('refuses a request without a token, or not form-encoded, as 400 invalid_request', async () => {
      const missing = await revoke(undefined);
      expectOAuthError(missing, 400, 'invalid_request');
      expect(missing.json().error_description).toBe('token is required');
      expect(await auditOf(missing)).toMatchObject({ action: 'revoke', outcome: 'error', reason: 'invalid_request:token_missing' });
      const json = await platform.app.inject({ method: 'POST', url: '/oauth2/revoke', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: 'x' }) });
      expectOAuthError(json, 400, 'invalid_request');
    });

    it('refuses a replayed assertion jti, at the revocation endpoint and across to the token endpoint', async () => {
      const token = await accessToken();
      const jti = randomUUID();
      const first = await assertion(clients[JCRM1]!, { jti });
      expectRevokedAnswer(await revoke(`yxp_${'B'.repeat(43)}`, { jwt: first }));
      const replay = await revoke(token, { jwt: first });
      expectOAuthError(replay, 401, 'invalid_client');
      expect(replay.json().error_description).toMatch(/already been used/);
      expect(await auditOf(replay)).toMatchObject({ action: 'revoke', outcome: 'denied', reason: 'invalid_client:assertion_replayed' });
      expect((await fhirSearch(token)).statusCode).toBe(200);
      // The same jti spent here cannot buy a token either.
      const reused = await post('/oauth2/token', { grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(clients[JCRM1]!, { jti, aud: tokenUrl }), scope: 'system/*.read' });
      expectOAuthError(reused, 401, 'invalid_client');
    });
  });
}
