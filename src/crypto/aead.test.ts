import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AES_256_GCM, SM4_CTR_HMAC_SM3, aeadById, aeadByName, sealWithNonceForTest } from './aead.js';
import { DecryptError } from './errors.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const GCM_KEY_15 = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
const GCM_IV_15 = hex('cafebabefacedbaddecaf888');
const GCM_P_15 = hex(
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
);
const GCM_C_15 = hex(
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
);

// McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13–16 (AES-256).
const GCM_CASES = [
  { name: '13', key: Buffer.alloc(32), iv: Buffer.alloc(12), p: Buffer.alloc(0), aad: Buffer.alloc(0), c: Buffer.alloc(0), tag: '530f8afbc74536b9a963b4f1c4cb738b' },
  { name: '14', key: Buffer.alloc(32), iv: Buffer.alloc(12), p: Buffer.alloc(16), aad: Buffer.alloc(0), c: hex('cea7403d4d606b6e074ec5d3baf39d18'), tag: 'd0d1c8a799996bf0265b98b5d48ab919' },
  { name: '15', key: GCM_KEY_15, iv: GCM_IV_15, p: GCM_P_15, aad: Buffer.alloc(0), c: GCM_C_15, tag: 'b094dac5d93471bdec1a502270e3cc6c' },
  { name: '16', key: GCM_KEY_15, iv: GCM_IV_15, p: GCM_P_15.subarray(0, 60), aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'), c: GCM_C_15.subarray(0, 60), tag: '76fc6ece0f4e1768cddf8853bb2d551b' },
];

describe('AES-256-GCM known answers', () => {
  for (const tc of GCM_CASES) {
    it(`test case ${tc.name}`, () => {
      const sealed = sealWithNonceForTest('AES-256-GCM', tc.key, tc.p, tc.aad, tc.iv);
      expect(sealed.ciphertext.toString('hex')).toBe(tc.c.toString('hex'));
      expect(sealed.tag.toString('hex')).toBe(tc.tag);
      expect(AES_256_GCM.open(tc.key, sealed, tc.aad)).toEqual(tc.p);
    });
  }
});

describe('SM4 known answers (GB/T 32907-2016 Appendix A)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');

  it('encrypts one block', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(c.update(key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('encrypts one block 1,000,000 times', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    let block = key;
    for (let i = 0; i < 1_000_000; i++) block = c.update(block);
    expect(block.toString('hex')).toBe('595298c7c6fd271f0402f804c33d3f66');
  });
});

describe('SM4-CTR+HMAC-SM3 construction', () => {
  it('matches an independent recomputation of the documented construction', () => {
    const dek = Buffer.alloc(32, 0x42);
    const nonce = Buffer.alloc(16, 0x24);
    const aad = Buffer.from('record-7');
    const plaintext = Buffer.from('身份证号 110105194912310021, 37 bytes+');
    const sealed = sealWithNonceForTest('SM4-CTR+HMAC-SM3', dek, plaintext, aad, nonce);

    const enc = Buffer.from(hkdfSync('sm3', dek, Buffer.alloc(0), 'yixiang/sm4-ctr-hmac-sm3/v1/enc', 16));
    const mac = Buffer.from(hkdfSync('sm3', dek, Buffer.alloc(0), 'yixiang/sm4-ctr-hmac-sm3/v1/mac', 32));
    // CTR by hand: E(enc, nonce + i) XOR plaintext, big-endian 128-bit counter.
    const ecb = createCipheriv('sm4-ecb', enc, null).setAutoPadding(false);
    const keystream: Buffer[] = [];
    let counter = BigInt(`0x${nonce.toString('hex')}`);
    for (let i = 0; i < Math.ceil(plaintext.length / 16); i++, counter++) {
      keystream.push(ecb.update(Buffer.from(counter.toString(16).padStart(32, '0'), 'hex')));
    }
    const stream = Buffer.concat(keystream);
    const ciphertext = Buffer.from(plaintext.map((b, i) => b ^ (stream[i] ?? 0)));
    const aadLength = Buffer.alloc(8);
    aadLength.writeBigUInt64BE(BigInt(aad.length));
    const tag = createHmac('sm3', mac).update(Buffer.concat([aadLength, aad, nonce, ciphertext])).digest();

    expect(sealed.ciphertext).toEqual(ciphertext);
    expect(sealed.tag).toEqual(tag);
    expect(SM4_CTR_HMAC_SM3.open(dek, sealed, aad)).toEqual(plaintext);
  });
});

describe.each([AES_256_GCM, SM4_CTR_HMAC_SM3])('$name tamper resistance', (cipher) => {
  const key = Buffer.alloc(32, 9);
  const aad = Buffer.from('header');
  const sealed = cipher.seal(key, Buffer.from('confidential diagnosis'), aad);

  const flip = (b: Buffer, i: number): Buffer => {
    const copy = Buffer.from(b);
    copy.writeUInt8(copy.readUInt8(i) ^ 0x80, i);
    return copy;
  };

  it('uses fresh nonces', () => {
    expect(cipher.seal(key, Buffer.from('x'), aad).nonce.equals(cipher.seal(key, Buffer.from('x'), aad).nonce)).toBe(false);
  });

  it.each([
    ['ciphertext', () => ({ ...sealed, ciphertext: flip(sealed.ciphertext, 3) })],
    ['tag', () => ({ ...sealed, tag: flip(sealed.tag, 0) })],
    ['nonce', () => ({ ...sealed, nonce: flip(sealed.nonce, 5) })],
    ['truncated tag', () => ({ ...sealed, tag: sealed.tag.subarray(0, 8) })],
  ])('rejects a modified %s', (_label, make) => {
    expect(() => cipher.open(key, make(), aad)).toThrow(DecryptError);
  });

  it('rejects wrong AAD and wrong key', () => {
    expect(() => cipher.open(key, sealed, Buffer.from('headeR'))).toThrow(DecryptError);
    expect(() => cipher.open(Buffer.alloc(32, 8), sealed, aad)).toThrow(/authentication failed/);
  });

  it('is found by name and id', () => {
    expect(aeadByName(cipher.name)).toBe(cipher);
    expect(aeadById(cipher.id)).toBe(cipher);
  });
});
