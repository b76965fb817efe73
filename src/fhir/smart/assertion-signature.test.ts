import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { sm2GenerateKey, sm2JwkFromPoint, sm2JwsSign } from '../../crypto/index.js';
import { decodeAssertion, GM_ASSERTION_ALGORITHMS, STANDARD_ASSERTION_ALGORITHMS, verifyAssertion } from './assertion-signature.js';
import { OAuthError } from './oauth-error.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const sm2 = sm2GenerateKey();
const publicJwk = (key: KeyObject, kid: string, alg: string): JWK => ({ ...(key.export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' });
const keys: JWK[] = [publicJwk(rsa.publicKey, 'rsa-1', 'RS384'), publicJwk(ec.publicKey, 'ec-1', 'ES384'), { ...sm2JwkFromPoint(sm2.publicKey), kid: 'gm-1', alg: 'SM2', use: 'sig' }];
const claims = { iss: 'c', sub: 'c', aud: 'https://x/oauth2/token', jti: 'j', exp: 2_000_000_000 };

const sign = (alg: string, kid: string, key: KeyObject = alg === 'RS384' ? rsa.privateKey : ec.privateKey) => new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);

function signSm2(header: Record<string, unknown>, payload: Record<string, unknown> = claims): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sm2JwsSign(sm2.d, sm2.publicKey, input).toString('base64url')}`;
}

async function refusal(call: Promise<unknown>): Promise<OAuthError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected the assertion to be refused');
}

describe('verifyAssertion', () => {
  it('verifies RS384 and ES384 assertions with the key named by kid', async () => {
    expect(await verifyAssertion(await sign('RS384', 'rsa-1'), keys, STANDARD_ASSERTION_ALGORITHMS)).toEqual(claims);
    expect(await verifyAssertion(await sign('ES384', 'ec-1'), keys, STANDARD_ASSERTION_ALGORITHMS)).toEqual(claims);
  });

  it('verifies SM2 assertions only where SM2 is accepted (the gm profile)', async () => {
    const jwt = signSm2({ alg: 'SM2', kid: 'gm-1', typ: 'JWT' });
    expect(await verifyAssertion(jwt, keys, GM_ASSERTION_ALGORITHMS)).toEqual(claims);
    expect(await refusal(verifyAssertion(jwt, keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ error: 'invalid_client', reason: 'assertion_alg' });
    const [h, , s] = jwt.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'other' })).toString('base64url')}.${s}`;
    expect(await refusal(verifyAssertion(forged, keys, GM_ASSERTION_ALGORITHMS))).toMatchObject({ reason: 'assertion_signature' });
  });

  it('refuses a wrong key, an unknown kid, a kid whose key type does not fit alg, and other algorithms', async () => {
    const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(await refusal(verifyAssertion(await sign('ES384', 'ec-1', otherEc), keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ error: 'invalid_client', status: 401, reason: 'assertion_signature' });
    expect(await refusal(verifyAssertion(await sign('ES384', 'nope'), keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ reason: 'assertion_key_unknown' });
    expect(await refusal(verifyAssertion(await sign('ES384', 'rsa-1'), keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ reason: 'assertion_key_unknown' });
    expect(await refusal(verifyAssertion(await sign('RS256', 'rsa-1', rsa.privateKey), keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ reason: 'assertion_alg' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'rsa-1' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(await refusal(verifyAssertion(none, keys, STANDARD_ASSERTION_ALGORITHMS))).toMatchObject({ reason: 'assertion_alg' });
  });
});

describe('decodeAssertion', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const reasonOf = (jwt: string) => {
    try {
      decodeAssertion(jwt);
    } catch (error) {
      return (error as OAuthError).reason;
    }
    return null;
  };

  it('reads the header and unverified claims, and refuses what is not a SMART authentication JWT', () => {
    expect(decodeAssertion(`${part({ alg: 'ES384', kid: 'k' })}.${part({ iss: 'c' })}.sig`)).toEqual({ header: { alg: 'ES384', kid: 'k' }, claims: { iss: 'c' } });
    expect(reasonOf('not-a-jwt')).toBe('assertion_malformed');
    expect(reasonOf(`${part({ alg: 'ES384' })}.${part({})}.x`)).toBe('assertion_malformed');
    expect(reasonOf(`${part({ alg: 'ES384', kid: 'k', typ: 'JOSE+JSON' })}.${part({})}.x`)).toBe('assertion_malformed');
    expect(reasonOf(`${part({ alg: 'ES384', kid: 'k' })}.${part([1])}.x`)).toBe('assertion_malformed');
    expect(reasonOf(`${part({ alg: 'ES384', kid: 'k' })}.!!.x`)).toBe('assertion_malformed');
    expect(reasonOf(`${part({ alg: 'ES384', kid: 'k', jku: 'https://evil.example/jwks' })}.${part({})}.x`)).toBe('assertion_jku');
    expect(reasonOf('a'.repeat(9000))).toBe('assertion_malformed');
  });
});
