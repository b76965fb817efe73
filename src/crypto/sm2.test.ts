import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SM2_DEFAULT_ID, sm2PublicFromPrivate, sm2Sign, sm2SignWithNonce, sm2Verify, sm2Za } from './sm2.js';
import { bigintToBytes, isOnCurve, multiplyBase, SM2_N } from './sm2-curve.js';
import {
  decodeSm2Signature,
  encodeSm2PrivateKey,
  encodeSm2PublicKey,
  encodeSm2PublicKeyPem,
  encodeSm2Signature,
  parseSm2PrivateKey,
  parseSm2PublicKey,
} from './sm2-keys.js';
import { SM2 } from './signature.js';

// GM/T 0003.5-2012 / GB/T 32918.5-2017 signature example on the recommended curve, ID "1234567812345678".
const STD = {
  d: 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n,
  x: 0x09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020n,
  y: 0xccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13n,
  za: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n,
  r: 0xf5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3n,
  s: 0xb1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aan,
  message: Buffer.from('message digest'),
};
const STD_PUBLIC = { x: STD.x, y: STD.y };

describe('SM2 known answers (GM/T 0003.5 example)', () => {
  it('derives the example public key from the private key', () => {
    expect(sm2PublicFromPrivate(STD.d)).toEqual(STD_PUBLIC);
  });

  it('computes Z_A with the default ID', () => {
    expect(SM2_DEFAULT_ID).toBe('1234567812345678');
    expect(sm2Za(STD_PUBLIC).toString('hex')).toBe(STD.za);
  });

  it('reproduces the example signature with the example k', () => {
    expect(sm2SignWithNonce(STD.d, STD_PUBLIC, STD.message, STD.k)).toEqual({ r: STD.r, s: STD.s });
  });

  it('verifies the example signature and rejects alterations', () => {
    expect(sm2Verify(STD_PUBLIC, STD.message, { r: STD.r, s: STD.s })).toBe(true);
    expect(sm2Verify(STD_PUBLIC, Buffer.from('message digesT'), { r: STD.r, s: STD.s })).toBe(false);
    expect(sm2Verify(STD_PUBLIC, STD.message, { r: STD.r, s: STD.s + 1n })).toBe(false);
    expect(sm2Verify(STD_PUBLIC, STD.message, { r: STD.r, s: STD.s }, 'ALICE123@YAHOO.COM')).toBe(false);
    expect(sm2Verify(STD_PUBLIC, STD.message, { r: 0n, s: STD.s })).toBe(false);
    expect(sm2Verify(STD_PUBLIC, STD.message, { r: STD.r, s: SM2_N })).toBe(false);
  });

  it('verifies the example through the DER/SPKI signature scheme', () => {
    const spki = encodeSm2PublicKeyPem(STD_PUBLIC);
    const der = encodeSm2Signature({ r: STD.r, s: STD.s });
    expect(SM2.verify(spki, STD.message, der)).toBe(true);
  });
});

describe('SM2 curve and encodings', () => {
  it('has an on-curve generator of order n', () => {
    const g = multiplyBase(1n);
    expect(g && isOnCurve(g)).toBe(true);
    expect(multiplyBase(SM2_N)).toBeNull();
  });

  it('round-trips keys through PKCS#8 and SPKI that OpenSSL accepts', () => {
    const der = encodeSm2PrivateKey({ d: STD.d, publicKey: STD_PUBLIC });
    expect(parseSm2PrivateKey(der)).toEqual({ d: STD.d, publicKey: STD_PUBLIC });
    const spki = encodeSm2PublicKey(STD_PUBLIC);
    expect(parseSm2PublicKey(spki)).toEqual(STD_PUBLIC);
    // OpenSSL re-encodes our structures byte for byte, so other tools read them too.
    expect(createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' })).toEqual(spki);
    const reexported = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' });
    expect(parseSm2PrivateKey(reexported)).toEqual({ d: STD.d, publicKey: STD_PUBLIC });
  });

  it('rejects off-curve points and mismatched embedded public keys', () => {
    const spki = encodeSm2PublicKey(STD_PUBLIC);
    spki.writeUInt8(spki.readUInt8(spki.length - 1) ^ 1, spki.length - 1);
    expect(() => parseSm2PublicKey(spki)).toThrow(/not a valid SM2 public key/);
    const other = sm2PublicFromPrivate(2n);
    expect(() => parseSm2PrivateKey(encodeSm2PrivateKey({ d: STD.d, publicKey: other }))).toThrow(/does not match/);
  });

  it('accepts only strict DER signatures', () => {
    const der = encodeSm2Signature({ r: STD.r, s: STD.s });
    expect(decodeSm2Signature(der)).toEqual({ r: STD.r, s: STD.s });
    expect(decodeSm2Signature(Buffer.concat([der, Buffer.from([0])]))).toBeNull();
    expect(decodeSm2Signature(der.subarray(0, der.length - 1))).toBeNull();
    expect(decodeSm2Signature(Buffer.from('3006020100020100', 'hex'))).toEqual({ r: 0n, s: 0n });
    expect(decodeSm2Signature(Buffer.from('300702020001020101', 'hex'))).toBeNull();
  });

  it('signs and verifies with random k', () => {
    const pair = SM2.generateKeyPair();
    const data = Buffer.from('checkpoint 42');
    const sig = SM2.sign(pair.privateKey, data);
    expect(SM2.verify(pair.publicKey, data, sig)).toBe(true);
    expect(SM2.verify(pair.publicKey, Buffer.from('checkpoint 43'), sig)).toBe(false);
    expect(SM2.sign(pair.privateKey, data).equals(sig)).toBe(false);
  });
});

describe('why Node alone cannot do SM2 (GB/T 32918.2)', () => {
  const message = Buffer.from('interop');

  it("OpenSSL's SM2 through Node matches this implementation only with an empty ID", () => {
    // A key imported from DER becomes an OpenSSL SM2 key; Node signs with the SM2 formula but
    // offers no way to set the ID, so Z_A is computed over an empty one.
    const key = createPrivateKey({ key: encodeSm2PrivateKey({ d: STD.d, publicKey: STD_PUBLIC }), format: 'der', type: 'pkcs8' });
    const spki = encodeSm2PublicKey(STD_PUBLIC);
    const nodeSig = decodeSm2Signature(nodeSign('sm3', message, key));
    expect(nodeSig).not.toBeNull();
    if (!nodeSig) return;
    expect(sm2Verify(STD_PUBLIC, message, nodeSig, '')).toBe(true);
    expect(sm2Verify(STD_PUBLIC, message, nodeSig)).toBe(false);
    const ours = encodeSm2Signature(sm2Sign(STD.d, STD_PUBLIC, message, ''));
    expect(nodeVerify('sm3', message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), ours)).toBe(true);
    // …and Node rejects the standard's own example, which uses the default ID.
    const example = encodeSm2Signature({ r: STD.r, s: STD.s });
    expect(nodeVerify('sm3', STD.message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), example)).toBe(false);
  });

  it('a freshly generated Node "ec" SM2-curve key does not produce SM2 signatures at all', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const point = parseSm2PublicKey(publicKey.export({ format: 'der', type: 'spki' }));
    const sig = decodeSm2Signature(nodeSign('sm3', message, privateKey));
    expect(sig).not.toBeNull();
    if (!sig) return;
    expect(sm2Verify(point, message, sig)).toBe(false);
    expect(sm2Verify(point, message, sig, '')).toBe(false);
  });
});

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!opensslAvailable())('SM2 cross-check with the openssl command line', () => {
  it('openssl verifies our signatures with distid 1234567812345678', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yixiang-sm2-'));
    try {
      const pair = SM2.generateKeyPair();
      const data = Buffer.from('signed by Yixiang');
      writeFileSync(join(dir, 'pub.pem'), pair.publicKey);
      writeFileSync(join(dir, 'data.bin'), data);
      writeFileSync(join(dir, 'sig.der'), SM2.sign(pair.privateKey, data));
      const out = execFileSync(
        'openssl',
        ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-in', 'data.bin', '-sigfile', 'sig.der', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(out).toMatch(/Signature Verified Successfully/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('bigintToBytes pads to the field size', () => {
  expect(bigintToBytes(1n).toString('hex')).toBe(`${'00'.repeat(31)}01`);
});
