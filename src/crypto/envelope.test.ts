import { describe, expect, it } from 'vitest';
import { AES_256_GCM, SM4_CTR_HMAC_SM3 } from './aead.js';
import { decodeEnvelope, openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, DecryptError } from './errors.js';

const key = Buffer.alloc(32, 3);
const aad = Buffer.from('patient/42');

function flip(buf: Buffer, i: number): Buffer {
  const copy = Buffer.from(buf);
  copy.writeUInt8(copy.readUInt8(i) ^ 0x01, i);
  return copy;
}

describe.each([AES_256_GCM, SM4_CTR_HMAC_SM3])('envelope with $name', (cipher) => {
  const envelope = sealEnvelope(cipher, 'dk_0123456789abcdef0123', key, Buffer.from('血型 AB'), aad);
  const open = (bytes: Buffer | string, withAad: Buffer = aad) => openEnvelope(decodeEnvelope(bytes), key, withAad);
  const headerLength = 4 + 'dk_0123456789abcdef0123'.length;

  it('is self-describing', () => {
    const decoded = decodeEnvelope(envelope);
    expect(decoded.cipher).toBe(cipher);
    expect(decoded.keyId).toBe('dk_0123456789abcdef0123');
    expect(envelope.length).toBe(headerLength + cipher.nonceLength + Buffer.byteLength('血型 AB') + cipher.tagLength);
    expect(open(envelope).toString()).toBe('血型 AB');
  });

  it('opens from its base64 and base64url text forms', () => {
    expect(open(envelope.toString('base64')).toString()).toBe('血型 AB');
    expect(open(envelope.toString('base64url')).toString()).toBe('血型 AB');
  });

  it('fails authentication on every flipped byte of key id, nonce, ciphertext and tag', () => {
    for (let i = 4; i < envelope.length; i++) {
      let error: unknown;
      try {
        open(flip(envelope, i));
      } catch (e) {
        error = e;
      }
      expect(error, `byte ${i}`).toBeInstanceOf(DecryptError);
    }
  });

  it('rejects a changed magic, version, cipher id or key id length as malformed', () => {
    expect(() => open(flip(envelope, 0))).toThrow(expect.objectContaining({ code: 'CRYPTO_MALFORMED' }));
    expect(() => open(flip(envelope, 1))).toThrow(expect.objectContaining({ code: 'CRYPTO_MALFORMED' }));
    const otherCipher = Buffer.from(envelope);
    otherCipher.writeUInt8(cipher.id === 1 ? 2 : 1, 2);
    expect(() => open(otherCipher)).toThrow(DecryptError);
    const unknownCipher = Buffer.from(envelope);
    unknownCipher.writeUInt8(0xee, 2);
    expect(() => open(unknownCipher)).toThrow(expect.objectContaining({ code: 'CRYPTO_UNSUPPORTED_ALGORITHM' }));
    expect(() => open(flip(envelope, 3))).toThrow(DecryptError);
  });

  it('rejects wrong or missing AAD and truncation', () => {
    expect(() => open(envelope, Buffer.from('patient/43'))).toThrow(expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }));
    expect(() => openEnvelope(decodeEnvelope(envelope), key)).toThrow(DecryptError);
    expect(() => open(envelope.subarray(0, headerLength + 5))).toThrow(DecryptError);
    expect(() => open('not base64!')).toThrow(DecryptError);
  });

  it('refuses a text form with any character outside base64, wherever it sits', () => {
    const text = envelope.toString('base64');
    for (const at of [0, 7, Math.floor(text.length / 2), text.length - 1]) {
      for (const stray of ['!', ' ', '\n', '.', '=']) {
        // A final "=" is padding: well-formed base64 of other bytes, which the AEAD tag refuses instead.
        if (stray === '=' && at === text.length - 1) continue;
        const damaged = text.slice(0, at) + stray + text.slice(at + 1);
        expect(() => decodeEnvelope(damaged), `${JSON.stringify(stray)} at ${at}`).toThrow(expect.objectContaining({ code: 'CRYPTO_MALFORMED' }));
      }
    }
    expect(() => open(text.slice(0, -4))).toThrow(DecryptError);
  });
});

it('refuses key ids that the header cannot carry', () => {
  expect(() => sealEnvelope(AES_256_GCM, 'x'.repeat(65), key, Buffer.alloc(0))).toThrow(CryptoError);
  expect(() => sealEnvelope(AES_256_GCM, 'has space', key, Buffer.alloc(0))).toThrow(CryptoError);
});
