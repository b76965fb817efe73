import { randomBytes } from 'node:crypto';
import { assertPurpose } from './data-keys.js';
import { CryptoError } from './errors.js';
import type { KeyWrapper, WrapContext } from './key-wrap.js';
import { type SignatureScheme, signatureScheme } from './signature.js';
import { type CryptoDb, type SigningKeyRow, findActiveSigningKey, findSigningKey, insertSigningKeyRetiringActive, listSigningKeys } from './store.js';

export interface SigningKey {
  id: string;
  purpose: string;
  algorithm: string;
  publicKey: string;
  privateKey: Buffer;
}

export interface PublicSigningKey {
  id: string;
  purpose: string;
  algorithm: string;
  /** SPKI PEM. */
  publicKey: string;
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

export const SIGNING_KEY_ID_PATTERN = /^sk_[0-9a-f]{20}$/;

function context(row: Pick<SigningKeyRow, 'id' | 'purpose' | 'algorithm'>): WrapContext {
  return { kind: 'signing', id: row.id, purpose: row.purpose, algorithm: row.algorithm };
}

export function toPublicSigningKey(row: SigningKeyRow): PublicSigningKey {
  return {
    id: row.id,
    purpose: row.purpose,
    algorithm: row.algorithm,
    publicKey: row.public_key,
    status: row.status,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

/**
 * Signing keys follow the data-key lifecycle (one active per purpose, rotation retires, retired
 * keys stay) because a checkpoint signed years ago must still verify under its original key.
 */
export class SigningKeyManager {
  private readonly privateById = new Map<string, SigningKey>();
  private readonly active = new Map<string, { key: SigningKey; fetchedAt: number }>();
  private readonly pending = new Map<string, Promise<SigningKey>>();

  constructor(
    private readonly db: CryptoDb,
    private readonly wrapper: KeyWrapper,
    private readonly clock: () => Date,
    private readonly activeTtlMs: number,
  ) {}

  async activeKey(purpose: string, scheme: SignatureScheme): Promise<SigningKey> {
    assertPurpose(purpose);
    const cached = this.active.get(purpose);
    if (cached && cached.key.algorithm === scheme.name && this.clock().getTime() - cached.fetchedAt < this.activeTtlMs) {
      return cached.key;
    }
    const slot = `${purpose}\0${scheme.name}`;
    let inflight = this.pending.get(slot);
    if (!inflight) {
      inflight = this.loadOrCreate(purpose, scheme).finally(() => this.pending.delete(slot));
      this.pending.set(slot, inflight);
    }
    return inflight;
  }

  private async loadOrCreate(purpose: string, scheme: SignatureScheme): Promise<SigningKey> {
    const row = await findActiveSigningKey(this.db, purpose);
    if (row && row.algorithm === scheme.name) return this.remember(this.unwrapRow(row));
    return this.create(purpose, scheme);
  }

  async rotate(purpose: string, scheme: SignatureScheme): Promise<SigningKey> {
    assertPurpose(purpose);
    return this.create(purpose, scheme);
  }

  private async create(purpose: string, scheme: SignatureScheme): Promise<SigningKey> {
    const pair = scheme.generateKeyPair();
    const key: SigningKey = {
      id: `sk_${randomBytes(10).toString('hex')}`,
      purpose,
      algorithm: scheme.name,
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    };
    const row: SigningKeyRow = {
      id: key.id,
      purpose,
      algorithm: scheme.name,
      kek_id: this.wrapper.kekId,
      wrapped_private_key: this.wrapper.wrap(key.privateKey, context(key)),
      public_key: key.publicKey,
      status: 'active',
      created_at: this.clock().toISOString(),
      retired_at: null,
    };
    try {
      await insertSigningKeyRetiringActive(this.db, row);
    } catch (error) {
      const winner = await findActiveSigningKey(this.db, purpose);
      if (!winner || winner.algorithm !== scheme.name) throw error;
      return this.remember(this.unwrapRow(winner));
    }
    return this.remember(key);
  }

  /** Public half of any key, active or retired; no unwrapping needed to verify. */
  async publicKey(id: string): Promise<PublicSigningKey> {
    const row = await findSigningKey(this.db, id);
    if (!row) throw new CryptoError('CRYPTO_KEY_NOT_FOUND', `signing key ${id} does not exist in this keyring`);
    return toPublicSigningKey(row);
  }

  async publicKeys(): Promise<PublicSigningKey[]> {
    return (await listSigningKeys(this.db)).map(toPublicSigningKey);
  }

  private unwrapRow(row: SigningKeyRow): SigningKey {
    const cached = this.privateById.get(row.id);
    if (cached) return cached;
    signatureScheme(row.algorithm);
    const privateKey = this.wrapper.unwrap(row.wrapped_private_key, row.kek_id, context(row));
    return { id: row.id, purpose: row.purpose, algorithm: row.algorithm, publicKey: row.public_key, privateKey };
  }

  /** Only active keys are ever unwrapped here: signing always uses the active key. */
  private remember(key: SigningKey): SigningKey {
    this.privateById.set(key.id, key);
    this.active.set(key.purpose, { key, fetchedAt: this.clock().getTime() });
    return key;
  }
}
