import { describe, expect, it } from 'vitest';
import { AES_256_GCM, SM4_CTR_HMAC_SM3 } from './aead.js';
import { envelopeKeyId, sealEnvelope } from './envelope.js';
import { EnvelopeOpener } from './envelope-opener.js';
import { DecryptError } from './errors.js';

const key = Buffer.alloc(32, 7);
const aad = Buffer.from('Observation/o-1');

describe.each([AES_256_GCM, SM4_CTR_HMAC_SM3])('EnvelopeOpener with %s', (cipher) => {
  const envelope = sealEnvelope(cipher, 'records-key_1', key, Buffer.from(JSON.stringify({ resourceType: 'Observation', id: 'o-1', valueString: '阳性' })), aad);
  const opener = new EnvelopeOpener([{ id: 'records-key_1', algorithm: cipher.name, key }]);

  it('opens the binary and base64 forms with a released key', () => {
    expect(opener.openJson(envelope, aad)).toEqual({ resourceType: 'Observation', id: 'o-1', valueString: '阳性' });
    expect(opener.open(envelope.toString('base64'), aad).toString()).toContain('阳性');
  });

  it('refuses a key it was not given, a mismatched algorithm and the wrong AAD', () => {
    expect(() => new EnvelopeOpener().open(envelope, aad)).toThrow(expect.objectContaining({ code: 'CRYPTO_KEY_NOT_FOUND' }));
    const other = cipher === AES_256_GCM ? SM4_CTR_HMAC_SM3 : AES_256_GCM;
    expect(() => new EnvelopeOpener([{ id: 'records-key_1', algorithm: other.name, key }]).open(envelope, aad)).toThrow(expect.objectContaining({ code: 'CRYPTO_DECRYPT_FAILED' }));
    expect(() => opener.open(envelope, Buffer.from('Observation/o-2'))).toThrow(DecryptError);
  });

  it('reads the key id from the start of either form', () => {
    expect(envelopeKeyId(envelope)).toBe('records-key_1');
    expect(envelopeKeyId(envelope.toString('base64'))).toBe('records-key_1');
    const longId = 'k'.repeat(64);
    expect(envelopeKeyId(sealEnvelope(cipher, longId, key, Buffer.from('x')).toString('base64'))).toBe(longId);
    expect(() => envelopeKeyId('eyJub3QiOiJhbiBlbnZlbG9wZSJ9')).toThrow(expect.objectContaining({ code: 'CRYPTO_MALFORMED' }));
  });
});
