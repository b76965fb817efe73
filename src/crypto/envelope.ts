import { type AeadCipher, type AeadSealed, aeadById } from './aead.js';
import { CryptoError, DecryptError } from './errors.js';

/**
 * Envelope layout, version 1 (all fields back to back, no padding):
 *
 *   magic 0x59 ('Y') | version 0x01 | cipher id (1 byte) | key id length L (1 byte) | key id (L ASCII bytes)
 *   | nonce (cipher.nonceLength) | ciphertext | tag (cipher.tagLength)
 *
 * Everything before the nonce is the header. It is authenticated together with the caller's AAD,
 * so an attacker can neither relabel an envelope with another key id nor downgrade its cipher.
 * The format names its own cipher and key, which is what lets rotated keys and a changed profile
 * keep decrypting old data.
 */

const MAGIC = 0x59;
const VERSION = 1;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface DecodedEnvelope {
  cipher: AeadCipher;
  keyId: string;
  header: Buffer;
  sealed: AeadSealed;
}

export function assertKeyId(keyId: string): void {
  if (!KEY_ID_PATTERN.test(keyId)) throw new CryptoError('CRYPTO_INVALID_INPUT', `invalid key id "${keyId}"`);
}

function encodeHeader(cipher: AeadCipher, keyId: string): Buffer {
  assertKeyId(keyId);
  const id = Buffer.from(keyId, 'ascii');
  return Buffer.concat([Buffer.from([MAGIC, VERSION, cipher.id, id.length]), id]);
}

function fullAad(header: Buffer, aad: Uint8Array | undefined): Buffer {
  // The header's own length byte makes header ‖ aad unambiguous without a separator.
  return aad && aad.length > 0 ? Buffer.concat([header, aad]) : header;
}

export function sealEnvelope(cipher: AeadCipher, keyId: string, key: Buffer, plaintext: Buffer, aad?: Uint8Array): Buffer {
  const header = encodeHeader(cipher, keyId);
  const sealed = cipher.seal(key, plaintext, fullAad(header, aad));
  return Buffer.concat([header, sealed.nonce, sealed.ciphertext, sealed.tag]);
}

function malformed(reason: string): DecryptError {
  return new DecryptError('CRYPTO_MALFORMED', `not a Yixiang envelope: ${reason}`);
}

/** Accepts the binary envelope or its base64 text form (how binary is stored in the database). */
export function toEnvelopeBytes(envelope: Uint8Array | string): Buffer {
  if (typeof envelope !== 'string') return Buffer.from(envelope);
  const bytes = Buffer.from(envelope, 'base64');
  // Node's decoder reads both alphabets and skips any other character, so a text with a stray
  // character decodes short: comparing lengths catches it without scanning the text a second time.
  if (bytes.length !== base64Length(envelope)) throw malformed('text form is not base64');
  return bytes;
}

/** Bytes a well-formed base64 (or base64url) text of this length holds, padding or not. */
function base64Length(text: string): number {
  let length = text.length;
  if (length > 0 && text.charCodeAt(length - 1) === 0x3d) length -= 1;
  if (length > 0 && text.charCodeAt(length - 1) === 0x3d) length -= 1;
  // A final group of one character cannot be whole bytes.
  return length % 4 === 1 ? -1 : Math.floor((length * 3) / 4);
}

export function decodeEnvelope(input: Uint8Array | string): DecodedEnvelope {
  const buf = toEnvelopeBytes(input);
  if (buf.length < 4) throw malformed('too short');
  if (buf[0] !== MAGIC) throw malformed('bad magic byte');
  if (buf[1] !== VERSION) throw malformed(`unsupported version ${buf[1]}`);
  const cipherId = buf[2] ?? 0;
  const cipher = aeadById(cipherId);
  if (!cipher) throw new DecryptError('CRYPTO_UNSUPPORTED_ALGORITHM', `envelope names unknown cipher id ${cipherId}`);
  const idLength = buf[3] ?? 0;
  const headerEnd = 4 + idLength;
  const keyId = buf.subarray(4, headerEnd).toString('latin1');
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('bad key id');
  const nonceEnd = headerEnd + cipher.nonceLength;
  const tagStart = buf.length - cipher.tagLength;
  if (tagStart < nonceEnd) throw malformed('truncated');
  return {
    cipher,
    keyId,
    header: buf.subarray(0, headerEnd),
    sealed: {
      nonce: buf.subarray(headerEnd, nonceEnd),
      ciphertext: buf.subarray(nonceEnd, tagStart),
      tag: buf.subarray(tagStart),
    },
  };
}

export function openEnvelope(envelope: DecodedEnvelope, key: Buffer, aad?: Uint8Array): Buffer {
  return envelope.cipher.open(key, envelope.sealed, fullAad(envelope.header, aad));
}

// A header is at most 4 + 64 bytes (the longest key id), which 92 base64 characters cover.
const HEADER_TEXT_LENGTH = 92;

/** The key id an envelope names, read from the start of its text form without decoding the rest. */
export function envelopeKeyId(envelope: Uint8Array | string): string {
  const head = typeof envelope === 'string' ? Buffer.from(envelope.slice(0, HEADER_TEXT_LENGTH), 'base64') : Buffer.from(envelope.subarray(0, 68));
  if (head.length < 4 || head[0] !== MAGIC) throw malformed('bad magic byte');
  const keyId = head.subarray(4, 4 + (head[3] ?? 0)).toString('latin1');
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed('bad key id');
  return keyId;
}
