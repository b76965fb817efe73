import { describe, expect, it } from 'vitest';
import { sm2GenerateKey } from './sm2.js';
import { sm2JwkFromPoint, sm2JwsSign, sm2JwsVerify, sm2PointFromJwk } from './sm2-jws.js';
import { encodeSm2PublicKey, encodeSm2Signature, parseSm2PublicKey } from './sm2-keys.js';
import { SM2 } from './signature.js';
import { bytesToBigint } from './sm2-curve.js';

describe('SM2 in JOSE', () => {
  const key = sm2GenerateKey();
  const input = 'eyJhbGciOiJTTTIifQ.eyJpc3MiOiJ4In0';

  it('round-trips a public key through a JWK and refuses points off the curve', () => {
    const jwk = sm2JwkFromPoint(key.publicKey);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'SM2' });
    expect(sm2PointFromJwk(jwk)).toEqual(key.publicKey);
    const y = Buffer.from(jwk.y, 'base64url');
    y.writeUInt8(y.readUInt8(31) ^ 1, 31);
    expect(() => sm2PointFromJwk({ ...jwk, y: y.toString('base64url') })).toThrow(/not a point/);
    expect(() => sm2PointFromJwk({ ...jwk, x: 'AAAA' })).toThrow(/32 bytes/);
    expect(() => sm2PointFromJwk({ x: 1, y: jwk.y })).toThrow(/32 bytes/);
  });

  it('signs r ‖ s that verifies, and that the DER form of the same signature also verifies with the SM2 scheme', () => {
    const signature = sm2JwsSign(key.d, key.publicKey, input);
    expect(signature).toHaveLength(64);
    expect(sm2JwsVerify(key.publicKey, input, signature)).toBe(true);
    expect(sm2JwsVerify(key.publicKey, `${input}x`, signature)).toBe(false);
    expect(sm2JwsVerify(key.publicKey, input, signature.subarray(1))).toBe(false);
    expect(sm2JwsVerify(sm2GenerateKey().publicKey, input, signature)).toBe(false);
    const der = encodeSm2Signature({ r: bytesToBigint(signature.subarray(0, 32)), s: bytesToBigint(signature.subarray(32)) });
    expect(SM2.verify(encodeSm2PublicKey(key.publicKey), Buffer.from(input, 'ascii'), der)).toBe(true);
    expect(parseSm2PublicKey(encodeSm2PublicKey(key.publicKey))).toEqual(key.publicKey);
  });
});
