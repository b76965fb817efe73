import { hkdfSync } from 'node:crypto';
import type { AeadCipher } from './aead.js';
import { decodeEnvelope, openEnvelope, sealEnvelope } from './envelope.js';
import { CryptoError, DecryptError } from './errors.js';
import { kekFingerprint } from './master-key.js';
import type { CryptoProfile } from './profiles.js';

/** Identifies what a wrapped key is, so a row's wrapped bytes cannot be moved to another row. */
export interface WrapContext {
  kind: 'data' | 'signing';
  id: string;
  purpose: string;
  algorithm: string;
}

function contextAad(ctx: WrapContext): Buffer {
  return Buffer.from(`yixiang/wrapped-key/v1\0${ctx.kind}\0${ctx.id}\0${ctx.purpose}\0${ctx.algorithm}`, 'utf8');
}

/**
 * Wraps data and signing keys under the KEK. The KEK is never used directly as a cipher key: a
 * wrapping subkey is derived per cipher with that cipher's own hash (HKDF-SHA-256 for AES,
 * HKDF-SM3 for SM4), which keeps the gm profile free of non-national algorithms.
 */
export class KeyWrapper {
  /** The fingerprint written into new rows, computed with the profile's hash. */
  readonly kekId: string;
  private readonly knownIds: ReadonlySet<string>;
  private readonly subkeys = new Map<string, Buffer>();

  constructor(
    private readonly kek: Buffer,
    private readonly profile: CryptoProfile,
  ) {
    this.kekId = kekFingerprint(kek, profile.hashAlgorithm);
    // Rows wrapped under the other profile carry the other fingerprint of the same KEK.
    this.knownIds = new Set([kekFingerprint(kek, 'SHA-256'), kekFingerprint(kek, 'SM3')]);
  }

  private subkey(cipher: AeadCipher): Buffer {
    let key = this.subkeys.get(cipher.name);
    if (!key) {
      key = Buffer.from(hkdfSync(cipher.kdfHash, this.kek, Buffer.alloc(0), `yixiang/kek-wrap/v1/${cipher.name}`, cipher.keyLength));
      this.subkeys.set(cipher.name, key);
    }
    return key;
  }

  wrap(keyMaterial: Buffer, ctx: WrapContext): string {
    const cipher = this.profile.aead;
    return sealEnvelope(cipher, this.kekId, this.subkey(cipher), keyMaterial, contextAad(ctx)).toString('base64');
  }

  /** True when a row with this KEK fingerprint was wrapped by this wrapper's KEK (under either profile). */
  wrapped(rowKekId: string): boolean {
    return this.knownIds.has(rowKekId);
  }

  unwrap(wrapped: string, rowKekId: string, ctx: WrapContext): Buffer {
    if (!this.knownIds.has(rowKekId)) {
      throw new CryptoError(
        'CRYPTO_KEK_MISMATCH',
        `${ctx.kind} key ${ctx.id} was wrapped by master key ${rowKekId}, but the configured master key is ${this.kekId}; ` +
          'check YIXIANG_MASTER_KEY or <dataDir>/master.key (after `yixiang keys rotate-master` every instance needs the new key; an interrupted rotation is finished by running it again)',
      );
    }
    const envelope = decodeEnvelope(wrapped);
    try {
      return openEnvelope(envelope, this.subkey(envelope.cipher), contextAad(ctx));
    } catch (cause) {
      if (cause instanceof DecryptError) {
        throw new CryptoError('CRYPTO_DECRYPT_FAILED', `cannot unwrap ${ctx.kind} key ${ctx.id}: the stored key is corrupt or was altered`, {
          cause,
        });
      }
      throw cause;
    }
  }
}
