import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CryptoError } from './errors.js';
import { getProfile, hashWith, hmacWith, profileFromEnv } from './profiles.js';
import { ED25519 } from './signature.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('hash known answers', () => {
  it('SHA-256("abc") (FIPS 180-4 example)', () => {
    expect(hashWith('SHA-256', 'abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('SM3("abc") (GB/T 32905-2016 example 1)', () => {
    expect(hashWith('SM3', 'abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 of the 512-bit message (GB/T 32905-2016 example 2)', () => {
    expect(hashWith('SM3', 'abcd'.repeat(16)).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes strings as UTF-8, same as their bytes', () => {
    expect(hashWith('SM3', '医享')).toEqual(hashWith('SM3', Buffer.from('医享', 'utf8')));
  });
});

describe('HMAC known answers (RFC 4231)', () => {
  it('test case 1', () => {
    const mac = hmacWith('HMAC-SHA-256', Buffer.alloc(20, 0x0b), 'Hi There');
    expect(mac.toString('hex')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });

  it('test case 2', () => {
    const mac = hmacWith('HMAC-SHA-256', Buffer.from('Jefe'), 'what do ya want for nothing?');
    expect(mac.toString('hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('HMAC-SM3 follows RFC 2104 over SM3 (64-byte block)', () => {
    const key = Buffer.from('key');
    const block = Buffer.concat([key, Buffer.alloc(64 - key.length)]);
    const xor = (b: number) => Buffer.from(block.map((x) => x ^ b));
    const inner = hashWith('SM3', Buffer.concat([xor(0x36), Buffer.from('data')]));
    const expected = hashWith('SM3', Buffer.concat([xor(0x5c), inner]));
    expect(hmacWith('HMAC-SM3', key, 'data')).toEqual(expected);
  });
});

describe('Ed25519 known answer (RFC 8032 §7.1 test 1)', () => {
  const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const publicRaw = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  const signature = hex(`e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155
    5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b`);
  // Fixed DER prefixes for Ed25519 PKCS#8 and SPKI (RFC 8410).
  const pkcs8 = Buffer.concat([hex('302e020100300506032b657004220420'), seed]);
  const spki = Buffer.concat([hex('302a300506032b6570032100'), publicRaw]);

  it('derives the public key and signs the empty message', () => {
    const derived = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    expect(derived).toEqual(spki);
    expect(ED25519.sign(pkcs8, Buffer.alloc(0))).toEqual(signature);
  });

  it('verifies, and rejects a modified signature or message', () => {
    expect(ED25519.verify(spki, Buffer.alloc(0), signature)).toBe(true);
    const bad = Buffer.from(signature);
    bad.writeUInt8(bad.readUInt8(10) ^ 1, 10);
    expect(ED25519.verify(spki, Buffer.alloc(0), bad)).toBe(false);
    expect(ED25519.verify(spki, Buffer.from([0]), signature)).toBe(false);
    expect(ED25519.verify(spki, Buffer.alloc(0), signature.subarray(0, 63))).toBe(false);
  });
});

describe('profiles', () => {
  it('label their algorithms', () => {
    const standard = getProfile('standard');
    expect([standard.hashAlgorithm, standard.macAlgorithm, standard.aeadAlgorithm, standard.signatureAlgorithm]).toEqual([
      'SHA-256',
      'HMAC-SHA-256',
      'AES-256-GCM',
      'Ed25519',
    ]);
    const gm = getProfile('gm');
    expect([gm.hashAlgorithm, gm.macAlgorithm, gm.aeadAlgorithm, gm.signatureAlgorithm]).toEqual(['SM3', 'HMAC-SM3', 'SM4-CTR+HMAC-SM3', 'SM2']);
    expect(standard.hashLength).toBe(standard.hash('x').length);
    expect(gm.hashLength).toBe(gm.hash('x').length);
  });

  for (const name of ['standard', 'gm'] as const) {
    it(`${name}: AEAD round-trips and binds AAD`, () => {
      const p = getProfile(name);
      const key = Buffer.alloc(32, 7);
      const sealed = p.aeadEncrypt(key, Buffer.from('病历'), Buffer.from('record-1'));
      expect(p.aeadDecrypt(key, sealed, Buffer.from('record-1')).toString()).toBe('病历');
      expect(() => p.aeadDecrypt(key, sealed, Buffer.from('record-2'))).toThrow(CryptoError);
    });

    it(`${name}: signs and verifies with a fresh key pair`, () => {
      const p = getProfile(name);
      const pair = p.generateSigningKeyPair();
      expect(pair.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const sig = p.sign(pair.privateKey, 'tree size 10');
      expect(p.verify(pair.publicKey, 'tree size 10', sig)).toBe(true);
      expect(p.verify(pair.publicKey, 'tree size 11', sig)).toBe(false);
    });
  }

  it('rejects unknown profile names with a clear error', () => {
    expect(() => getProfile('fips')).toThrow(/unknown crypto profile "fips"/);
    expect(profileFromEnv({}).name).toBe('standard');
    expect(profileFromEnv({ YIXIANG_CRYPTO_PROFILE: ' gm ' }).name).toBe('gm');
    expect(() => profileFromEnv({ YIXIANG_CRYPTO_PROFILE: 'GM' })).toThrow(/YIXIANG_CRYPTO_PROFILE must be one of: standard, gm/);
  });
});
