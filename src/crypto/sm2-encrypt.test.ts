import { execFileSync } from 'node:child_process';
import { createPublicKey, publicEncrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, decodeUnsignedInteger, derToPem, encodeTlv, encodeUnsignedInteger, expectTag, readChildren, readTlv } from './der.js';
import { DecryptError } from './errors.js';
import { bigintToBytes, bytesToBigint } from './sm2-curve.js';
import { sm2Decrypt, sm2Encrypt, sm2EncryptWithNonce, sm2Kdf } from './sm2-encrypt.js';
import { encodeSm2PrivateKey, encodeSm2PublicKey, encodeSm2PublicKeyPem } from './sm2-keys.js';
import { sm2GenerateKey, sm2PublicFromPrivate } from './sm2.js';

/**
 * The encryption example of GM/T 0003.5-2012 Annex C / GB/T 32918.5-2017 Annex A, on the
 * recommended curve (the example in GB/T 32918.4 itself uses a different test curve, which this
 * implementation does not support). Same key and k as the signature example in sm2.test.ts.
 */
const STD = {
  d: 0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n,
  k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n,
  message: Buffer.from('encryption standard'),
  c1: '04' + '04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73' + 'e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0',
  c3: '59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766',
  c2: '21886ca989ca9c7d58087307ca93092d651efa',
};

describe('SM2 encryption known answer (GB/T 32918.5 Annex A)', () => {
  const publicKey = sm2PublicFromPrivate(STD.d);

  it('reproduces C1 ‖ C3 ‖ C2 with the example k', () => {
    const ciphertext = sm2EncryptWithNonce(publicKey, STD.message, STD.k);
    expect(ciphertext?.toString('hex')).toBe(STD.c1 + STD.c3 + STD.c2);
  });

  it('decrypts the example ciphertext', () => {
    expect(sm2Decrypt(STD.d, Buffer.from(STD.c1 + STD.c3 + STD.c2, 'hex')).toString()).toBe('encryption standard');
  });

  it('derives KDF output longer than one SM3 block, prefix-stable', () => {
    const z = Buffer.from('abc');
    const long = sm2Kdf(z, 70);
    expect(long).toHaveLength(70);
    expect(long.subarray(0, 19)).toEqual(sm2Kdf(z, 19));
  });
});

describe('SM2 encryption round trip and failures', () => {
  it('round-trips random messages with fresh randomness each time', () => {
    const { d, publicKey } = sm2GenerateKey();
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const first = sm2Encrypt(publicKey, key);
    const second = sm2Encrypt(publicKey, key);
    expect(first.equals(second)).toBe(false);
    expect(first).toHaveLength(65 + 32 + key.length);
    expect(sm2Decrypt(d, first)).toEqual(key);
    expect(sm2Decrypt(d, second)).toEqual(key);
  });

  it('refuses a wrong key, any flipped byte and truncation with one error type', () => {
    const { d, publicKey } = sm2GenerateKey();
    const other = sm2GenerateKey();
    const ciphertext = sm2Encrypt(publicKey, Buffer.from('content key'));
    expect(() => sm2Decrypt(other.d, ciphertext)).toThrow(DecryptError);
    for (const at of [1, 40, 70, 100, ciphertext.length - 1]) {
      const tampered = Buffer.from(ciphertext);
      tampered[at]! ^= 0x01;
      expect(() => sm2Decrypt(d, tampered)).toThrow(/decryption failed/);
    }
    expect(() => sm2Decrypt(d, ciphertext.subarray(0, 97))).toThrow(DecryptError);
    expect(() => sm2Encrypt(publicKey, Buffer.alloc(0))).toThrow(/non-empty/);
  });

  it('cannot be done with Node: publicEncrypt throws on an SM2 key', () => {
    const { publicKey } = sm2GenerateKey();
    const key = createPublicKey({ key: encodeSm2PublicKey(publicKey), format: 'der', type: 'spki' });
    expect(() => publicEncrypt(key, Buffer.from('x'))).toThrow();
  });
});

/** GM/T 0009-2012 §7.2 ASN.1 form that OpenSSL reads and writes: SEQUENCE { x, y, C3, C2 }. */
function toAsn1(raw: Buffer): Buffer {
  const x = bytesToBigint(raw.subarray(1, 33));
  const y = bytesToBigint(raw.subarray(33, 65));
  return encodeTlv(TAG_SEQUENCE, Buffer.concat([encodeUnsignedInteger(x), encodeUnsignedInteger(y), encodeTlv(TAG_OCTET_STRING, raw.subarray(65, 97)), encodeTlv(TAG_OCTET_STRING, raw.subarray(97))]));
}

function fromAsn1(der: Buffer): Buffer {
  const [x, y, c3, c2] = readChildren(expectTag(readTlv(der, 0), TAG_SEQUENCE, 'SM2 ciphertext'));
  const coordinate = (tlv: typeof x) => bigintToBytes(decodeUnsignedInteger(expectTag(tlv, TAG_INTEGER, 'coordinate')));
  return Buffer.concat([Buffer.from([4]), coordinate(x), coordinate(y), expectTag(c3, TAG_OCTET_STRING, 'C3'), expectTag(c2, TAG_OCTET_STRING, 'C2')]);
}

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!opensslAvailable())('SM2 encryption cross-check with the openssl command line', () => {
  it('openssl decrypts ours and we decrypt openssl’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yixiang-sm2enc-'));
    try {
      const pair = sm2GenerateKey();
      writeFileSync(join(dir, 'key.pem'), derToPem(encodeSm2PrivateKey(pair), 'PRIVATE KEY'));
      writeFileSync(join(dir, 'pub.pem'), encodeSm2PublicKeyPem(pair.publicKey));
      const message = Buffer.from('随机 SM4 密钥 0123456789abcdef');
      writeFileSync(join(dir, 'ours.der'), toAsn1(sm2Encrypt(pair.publicKey, message)));
      const decrypted = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', 'key.pem', '-in', 'ours.der'], { cwd: dir });
      expect(decrypted).toEqual(message);

      writeFileSync(join(dir, 'plain.bin'), message);
      execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-inkey', 'pub.pem', '-in', 'plain.bin', '-out', 'theirs.der'], { cwd: dir });
      expect(sm2Decrypt(pair.d, fromAsn1(readFileSync(join(dir, 'theirs.der'))))).toEqual(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
