import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeSm2PublicKeyPem, sm2GenerateKey, sm2JwkFromPoint } from '../crypto/index.js';
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

  it('refuses keys and algorithms the token endpoint would never accept', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(parseClientKeys({ publicKeyPem: p256 })).rejects.toThrow(/P-256.*ES384/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    await expect(parseClientKeys({ jwks: { keys: [{ ...rsa, alg: 'RS256' }] } })).rejects.toThrow(/alg RS256 is not accepted.*RS384/);
    await expect(parseClientKeys({ jwks: { keys: [{ ...rsa, alg: 'ES384' }] } })).rejects.toThrow(/alg ES384 is not accepted/);
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

describe('parseClientKeys with SM2 keys (国密 extension)', () => {
  const sm2 = sm2GenerateKey();

  it('accepts an SM2 public key as a JWK or as PEM and gives it alg SM2', async () => {
    const { keys } = await parseClientKeys({ jwks: { keys: [{ ...sm2JwkFromPoint(sm2.publicKey), kid: 'gm-1' }] } });
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', kid: 'gm-1', use: 'sig' });
    const fromPem = await parseClientKeys({ publicKeyPem: encodeSm2PublicKeyPem(sm2.publicKey) });
    expect(fromPem.keys[0]).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', x: keys[0]!.x, y: keys[0]!.y });
    expect(fromPem.keys[0]!.kid).toMatch(/^[\w-]{43}$/);
  });

  it('refuses an SM2 JWK off the curve or with a private member', async () => {
    const jwk = sm2JwkFromPoint(sm2.publicKey);
    await expect(parseClientKeys({ jwks: { keys: [{ ...jwk, y: jwk.x }] } })).rejects.toThrow(/SM2 JWK/);
    await expect(parseClientKeys({ jwks: { keys: [{ ...jwk, d: 'AAAA' }] } })).rejects.toThrow(/private key/);
  });
});
