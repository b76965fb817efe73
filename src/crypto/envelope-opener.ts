import { decodeEnvelope, openEnvelope } from './envelope.js';
import { DecryptError } from './errors.js';

/**
 * A data key handed out of the keyring for another thread of this process (the bulk read's worker
 * threads): plain key material that must never be written, logged or sent over the network.
 */
export interface ReleasedDataKey {
  id: string;
  algorithm: string;
  key: Uint8Array;
}

/**
 * Opens envelopes synchronously with keys released by `Keyring.releaseDataKeys`, where no keyring
 * (and no database to unwrap keys from) is at hand. It opens exactly as `Keyring.decrypt` does:
 * the envelope names its key and cipher, and the key's algorithm must match the cipher.
 */
export class EnvelopeOpener {
  private readonly keys = new Map<string, ReleasedDataKey>();

  constructor(keys: Iterable<ReleasedDataKey> = []) {
    this.add(keys);
  }

  add(keys: Iterable<ReleasedDataKey>): void {
    for (const key of keys) this.keys.set(key.id, { ...key, key: Buffer.from(key.key) });
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  open(envelope: Uint8Array | string, aad?: Uint8Array): Buffer {
    const decoded = decodeEnvelope(envelope);
    const key = this.keys.get(decoded.keyId);
    if (!key) throw new DecryptError('CRYPTO_KEY_NOT_FOUND', `data key ${decoded.keyId} was not released to this thread`);
    if (key.algorithm !== decoded.cipher.name) throw new DecryptError('CRYPTO_DECRYPT_FAILED', `envelope cipher ${decoded.cipher.name} does not match key ${key.id} (${key.algorithm})`);
    return openEnvelope(decoded, key.key as Buffer, aad);
  }

  openJson<T = unknown>(envelope: Uint8Array | string, aad?: Uint8Array): T {
    const plaintext = this.open(envelope, aad);
    try {
      return JSON.parse(plaintext.toString('utf8')) as T;
    } catch (cause) {
      throw new DecryptError('CRYPTO_MALFORMED', 'decrypted payload is not JSON', { cause });
    }
  }
}
