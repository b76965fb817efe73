import { describe, expect, it } from 'vitest';
import { assertionTemplate, connectionDetails, tokenRequestTemplate } from './connection';

const origin = 'https://yixiang.example.org';

describe('connectionDetails', () => {
  it('takes the token endpoint, scopes and algorithms from the discovery document', () => {
    const details = connectionDetails(origin, {
      token_endpoint: `${origin}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384', 'SM2'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: ['system/*.read', 'system/*.rs'],
      capabilities: [],
    });
    expect(details).toEqual({
      tokenEndpoint: `${origin}/oauth2/token`,
      fhirBase: `${origin}/fhir/R4`,
      discoveryUrl: `${origin}/.well-known/smart-configuration`,
      scopes: ['system/*.read', 'system/*.rs'],
      algorithms: ['RS384', 'ES384', 'SM2'],
    });
  });

  it('falls back to what SMART Backend Services requires without the document', () => {
    const details = connectionDetails(origin, undefined);
    expect(details.tokenEndpoint).toBe(`${origin}/oauth2/token`);
    expect(details.scopes).toEqual(['system/*.read']);
    expect(details.algorithms).toEqual(['RS384', 'ES384']);
  });

  it('gives partners the public address the server names, not the internal one the console was opened at', () => {
    const internal = 'http://10.0.8.15:8080';
    const publicUrl = 'https://fhir.example-hospital.cn/yixiang';
    const details = connectionDetails(internal, {
      token_endpoint: `${publicUrl}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['ES384'],
      grant_types_supported: ['client_credentials'],
      scopes_supported: ['system/*.read'],
      capabilities: [],
    });
    expect(details).toMatchObject({ tokenEndpoint: `${publicUrl}/oauth2/token`, fhirBase: `${publicUrl}/fhir/R4`, discoveryUrl: `${publicUrl}/.well-known/smart-configuration` });
  });
});

describe('templates', () => {
  it('names the client as issuer and subject and the token endpoint as audience', () => {
    expect(assertionTemplate('jcrm1-abc', `${origin}/oauth2/token`)).toMatchObject({ iss: 'jcrm1-abc', sub: 'jcrm1-abc', aud: `${origin}/oauth2/token` });
  });

  it('form-encodes the assertion type and the scope', () => {
    const text = tokenRequestTemplate('system/*.read');
    expect(text).toContain('grant_type=client_credentials');
    expect(text).toContain('client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer');
    expect(text).toContain('scope=system%2F*.read');
  });
});
