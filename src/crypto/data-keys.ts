import { randomBytes } from 'node:crypto';
import { isAeadAlgorithm } from './aead.js';
import { CryptoError, DecryptError } from './errors.js';
import type { KeyWrapper, WrapContext } from './key-wrap.js';
import { isMacAlgorithm } from './profiles.js';
import { type CryptoDb, type DataKeyRow, findActiveDataKey, findDataKey, insertDataKeyRetiringActive, listDataKeys } from './store.js';

export interface DataKey {
  id: string;
  purpose: string;
  algorithm: string;
  key: Buffer;
}

export type KeyKind = 'aead' | 'mac';

const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function assertPurpose(purpose: string): void {
  if (!PURPOSE_PATTERN.test(purpose)) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', `key purpose must match ${PURPOSE_PATTERN} (got "${purpose}")`);
  }
}

export function keyKind(algorithm: string): KeyKind {
  if (isAeadAlgorithm(algorithm)) return 'aead';
  if (isMacAlgorithm(algorithm)) return 'mac';
  throw new CryptoError('CRYPTO_UNSUPPORTED_ALGORITHM', `unknown data key algorithm "${algorithm}"`);
}

function context(row: Pick<DataKeyRow, 'id' | 'purpose' | 'algorithm'>): WrapContext {
  return { kind: 'data', id: row.id, purpose: row.purpose, algorithm: row.algorithm };
}

interface CachedActive {
  key: DataKey;
  fetchedAt: number;
}

/**
 * Data keys: one active key per purpose, created on first use and replaced on rotation or when
 * the profile's algorithm changes. Unwrapped keys stay cached for the life of the process (old
 * keys keep decrypting old data); the pointer to the *active* key expires after `activeTtlMs` so
 * a rotation done by another instance is picked up without a restart.
 */
export class DataKeyManager {
  private readonly byId = new Map<string, DataKey>();
  private readonly active = new Map<string, CachedActive>();
  private readonly pending = new Map<string, Promise<DataKey>>();

  constructor(
    private readonly db: CryptoDb,
    private readonly wrapper: KeyWrapper,
    private readonly clock: () => Date,
    private readonly activeTtlMs: number,
  ) {}

  /** The active key of `purpose`, ensuring it uses `algorithm` (creating or replacing it if not). */
  async activeKey(purpose: string, algorithm: string): Promise<DataKey> {
    assertPurpose(purpose);
    const cached = this.active.get(purpose);
    const now = this.clock().getTime();
    if (cached && cached.key.algorithm === algorithm && now - cached.fetchedAt < this.activeTtlMs) return cached.key;
    const slot = `${purpose}\0${algorithm}`;
    let inflight = this.pending.get(slot);
    if (!inflight) {
      // Concurrent first uses in this process share one lookup instead of racing to create keys.
      inflight = this.loadOrCreateActive(purpose, algorithm).finally(() => this.pending.delete(slot));
      this.pending.set(slot, inflight);
    }
    return inflight;
  }

  private async loadOrCreateActive(purpose: string, algorithm: string): Promise<DataKey> {
    const row = await findActiveDataKey(this.db, purpose);
    if (row && row.algorithm === algorithm) return this.remember(this.unwrapRow(row), true);
    if (row && keyKind(row.algorithm) !== keyKind(algorithm)) {
      throw new CryptoError(
        'CRYPTO_INVALID_INPUT',
        `key purpose "${purpose}" holds ${keyKind(row.algorithm).toUpperCase()} keys and cannot be used for ${keyKind(algorithm).toUpperCase()}`,
      );
    }
    return this.create(purpose, algorithm);
  }

  /** Makes a new active key for `purpose`, retiring the current one, which still decrypts. */
  async rotate(purpose: string, algorithm: string): Promise<DataKey> {
    assertPurpose(purpose);
    return this.create(purpose, algorithm);
  }

  private async create(purpose: string, algorithm: string): Promise<DataKey> {
    keyKind(algorithm);
    const key: DataKey = { id: `dk_${randomBytes(10).toString('hex')}`, purpose, algorithm, key: randomBytes(32) };
    const row: DataKeyRow = {
      id: key.id,
      purpose,
      algorithm,
      kek_id: this.wrapper.kekId,
      wrapped_key: this.wrapper.wrap(key.key, context(key)),
      status: 'active',
      created_at: this.clock().toISOString(),
      retired_at: null,
    };
    try {
      await insertDataKeyRetiringActive(this.db, row);
    } catch (error) {
      // Another instance created or rotated this purpose at the same moment; use its key.
      const winner = await findActiveDataKey(this.db, purpose);
      if (!winner || winner.algorithm !== algorithm) throw error;
      return this.remember(this.unwrapRow(winner), true);
    }
    return this.remember(key, true);
  }

  /** Any key by id, active or retired, for decryption. */
  async byKeyId(id: string): Promise<DataKey> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await findDataKey(this.db, id);
    if (!row) throw new DecryptError('CRYPTO_KEY_NOT_FOUND', `data key ${id} does not exist in this keyring`);
    return this.remember(this.unwrapRow(row), false);
  }

  /** Every key of a purpose, active first, then newest first, e.g. to search blind indexes made before a rotation. */
  async allKeys(purpose: string): Promise<DataKey[]> {
    assertPurpose(purpose);
    const rows = await listDataKeys(this.db, purpose);
    // Timestamps can tie (same clock tick), so status decides first rather than insertion order.
    rows.sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || b.created_at.localeCompare(a.created_at));
    return rows.map((row) => this.byId.get(row.id) ?? this.remember(this.unwrapRow(row), false));
  }

  private unwrapRow(row: DataKeyRow): DataKey {
    const key = this.wrapper.unwrap(row.wrapped_key, row.kek_id, context(row));
    if (key.length !== 32) throw new CryptoError('CRYPTO_DECRYPT_FAILED', `data key ${row.id} has the wrong length`);
    return { id: row.id, purpose: row.purpose, algorithm: row.algorithm, key };
  }

  private remember(key: DataKey, isActive: boolean): DataKey {
    this.byId.set(key.id, key);
    if (isActive) this.active.set(key.purpose, { key, fetchedAt: this.clock().getTime() });
    return key;
  }
}
