import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClientKeyError, parseClientKeys } from './client-keys.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('parseClientKeys', () => {
  it('accepts a PEM public key and derives kid and alg', async () => {
    const pem = ec.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const { keys } = await parseClientKeys({ publicKeyPem: pem });
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384', use: 'sig' });
    expect(keys[0]!.kid).toMatch(/^[\w-]{43}$/);
  });

  it('accepts a JWKS with an RSA key as RS384', async () => {
    const jwk = rsa.publicKey.export({ format: 'jwk' });
    const { keys } = await parseClientKeys({ jwks: { keys: [{ ...jwk, kid: 'k1' }] } });
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS384', kid: 'k1' });
  });

  it('refuses private keys in either form', async () => {
    const privateJwk = ec.privateKey.export({ format: 'jwk' });
    await expect(parseClientKeys({ jwks: { keys: [privateJwk] } })).rejects.toThrow(/private key/);
    const pem = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(parseClientKeys({ publicKeyPem: pem })).rejects.toThrow(/private key/);
  });

  it('refuses weak RSA keys, garbage and empty sets', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    await expect(parseClientKeys({ jwks: { keys: [weak] } })).rejects.toThrow(/2048/);
    await expect(parseClientKeys({ publicKeyPem: 'hello' })).rejects.toBeInstanceOf(ClientKeyError);
    await expect(parseClientKeys({ jwks: { keys: [] } })).rejects.toThrow(/non-empty/);
    await expect(parseClientKeys({ jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }] } })).rejects.toThrow(/valid JWK/);
  });
});
