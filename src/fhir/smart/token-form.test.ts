import { describe, expect, it } from 'vitest';
import { OAuthError } from './oauth-error.js';
import { JWT_BEARER_ASSERTION, parseForm, readRevocationRequest, readTokenRequest } from './token-form.js';

const form = { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: 'a.b.c', scope: 'system/*.read' };

function refusal(call: () => unknown): OAuthError {
  try {
    call();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('parseForm', () => {
  it('decodes a form body and refuses a parameter sent twice', () => {
    expect(parseForm('grant_type=client_credentials&scope=system%2F*.read+system%2FPatient.rs')).toEqual({ grant_type: 'client_credentials', scope: 'system/*.read system/Patient.rs' });
    expect(refusal(() => parseForm('scope=a&scope=b'))).toMatchObject({ error: 'invalid_request', status: 400, reason: 'parameter_repeated' });
  });
});

describe('readTokenRequest', () => {
  it('reads a SMART Backend Services client-credentials request', () => {
    expect(readTokenRequest(form, undefined)).toEqual({ clientAssertion: 'a.b.c', scope: 'system/*.read', clientId: undefined });
    expect(readTokenRequest({ ...form, client_id: 'jcrm1-x', extra: 'ignored' }, undefined).clientId).toBe('jcrm1-x');
  });

  it('answers each problem with its RFC 6749 error', () => {
    expect(refusal(() => readTokenRequest(undefined, undefined))).toMatchObject({ error: 'invalid_request', reason: 'form_missing' });
    expect(refusal(() => readTokenRequest({ ...form, grant_type: '' }, undefined))).toMatchObject({ error: 'invalid_request', reason: 'grant_type_missing' });
    expect(refusal(() => readTokenRequest({ ...form, grant_type: 'authorization_code' }, undefined))).toMatchObject({ error: 'unsupported_grant_type', status: 400 });
    expect(refusal(() => readTokenRequest({ ...form, client_secret: 's' }, undefined))).toMatchObject({ error: 'invalid_client', status: 401, reason: 'client_auth_method' });
    expect(refusal(() => readTokenRequest(form, 'Basic eDp5'))).toMatchObject({ error: 'invalid_client', reason: 'client_auth_method' });
    expect(refusal(() => readTokenRequest({ ...form, client_assertion: '' }, undefined))).toMatchObject({ error: 'invalid_client', reason: 'client_auth_missing' });
    expect(refusal(() => readTokenRequest({ ...form, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }, undefined))).toMatchObject({ error: 'invalid_client', reason: 'assertion_type' });
  });
});

describe('readRevocationRequest', () => {
  const revocation = { token: 'yxp_abc', client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: 'a.b.c' };

  it('reads an RFC 7009 request authenticated by private_key_jwt, the hint optional', () => {
    expect(readRevocationRequest(revocation, undefined)).toEqual({ token: 'yxp_abc', tokenTypeHint: undefined, clientAssertion: 'a.b.c', clientId: undefined });
    expect(readRevocationRequest({ ...revocation, token_type_hint: 'refresh_token', client_id: 'jcrm1-x' }, undefined)).toMatchObject({ tokenTypeHint: 'refresh_token', clientId: 'jcrm1-x' });
  });

  it('answers a missing token with invalid_request and bad client authentication with invalid_client', () => {
    expect(refusal(() => readRevocationRequest(undefined, undefined))).toMatchObject({ error: 'invalid_request', status: 400, reason: 'form_missing' });
    expect(refusal(() => readRevocationRequest({ ...revocation, token: '' }, undefined))).toMatchObject({ error: 'invalid_request', status: 400, reason: 'token_missing' });
    expect(refusal(() => readRevocationRequest({ token: 'yxp_abc' }, undefined))).toMatchObject({ error: 'invalid_client', status: 401, reason: 'client_auth_missing' });
    expect(refusal(() => readRevocationRequest(revocation, 'Basic eDp5'))).toMatchObject({ error: 'invalid_client', reason: 'client_auth_method' });
  });
});
