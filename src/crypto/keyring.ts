import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { computeBlindIndex } from './blind-index.js';
import { type DataKey, DataKeyManager, keyKind } from './data-keys.js';
import { decodeEnvelope, openEnvelope, sealEnvelope } from './envelope.js';
import type { ReleasedDataKey } from './envelope-opener.js';
import { CryptoError, DecryptError } from './errors.js';
import { KeyWrapper } from './key-wrap.js';
import { type KeyStatusReport, buildKeyStatus } from './key-status.js';
import { type LoadMasterKeyOptions, type MasterKey, type MasterKeySource, loadMasterKey } from './master-key.js';
import { type BinaryInput, type CryptoProfile, type MacAlgorithm, type ProfileName, getProfile, hmacWith, profileFromEnv, toBytes } from './profiles.js';
import { type PublicKeyInput, detectSignatureAlgorithm, signatureScheme } from './signature.js';
import { type PublicSigningKey, SIGNING_KEY_ID_PATTERN, SigningKeyManager } from './signing-keys.js';
import { type CryptoDb, asCryptoDb, findActiveDataKey } from './store.js';
import type { CryptoTables } from './tables.js';

export const BLIND_INDEX_PURPOSE = 'blind-index';
export const DEFAULT_SIGNING_PURPOSE = 'default';

export interface KeyringOptions<DB extends CryptoTables = CryptoTables> {
  /** The app's Kysely<Database> or any schema containing the keyring tables. */
  db: Kysely<DB>;
  profile: CryptoProfile | ProfileName;
  masterKey: MasterKey;
  /** Injected so tests can move time; defaults to the wall clock. */
  clock?: () => Date;
  /** How long this instance trusts its cached "active key" before re-reading (default 60 s). */
  activeKeyTtlMs?: number;
}

export interface MacResult {
  keyId: string;
  algorithm: MacAlgorithm;
  mac: Buffer;
}

export interface SignatureResult {
  keyId: string;
  algorithm: string;
  signature: Buffer;
}

/**
 * The one object other modules use for secrets at rest: envelope encryption, blind indexes,
 * keyed MACs and signatures, all over keys it creates, wraps, rotates and caches itself.
 */
export class Keyring {
  readonly profile: CryptoProfile;
  private readonly wrapper: KeyWrapper;
  private readonly dataKeys: DataKeyManager;
  private readonly signingKeys: SigningKeyManager;
  private readonly clock: () => Date;
  private readonly db: CryptoDb;
  private readonly masterKeySource: MasterKeySource;

  constructor(options: KeyringOptions<CryptoTables>) {
    this.db = asCryptoDb(options.db);
    this.masterKeySource = options.masterKey.source;
    this.profile = typeof options.profile === 'string' ? getProfile(options.profile) : options.profile;
    this.clock = options.clock ?? (() => new Date());
    const ttl = options.activeKeyTtlMs ?? 60_000;
    this.wrapper = new KeyWrapper(options.masterKey.key, this.profile);
    this.dataKeys = new DataKeyManager(this.db, this.wrapper, this.clock, ttl);
    this.signingKeys = new SigningKeyManager(this.db, this.wrapper, this.clock, ttl);
  }

  get kekId(): string {
    return this.wrapper.kekId;
  }

  /**
   * Encrypts under the purpose's active data key. `aad` (e.g. the record id) is not stored in the
   * envelope but must be presented again to decrypt, which stops ciphertext being moved between rows.
   */
  async encrypt(purpose: string, plaintext: BinaryInput, aad?: Uint8Array): Promise<Buffer> {
    if (purpose === BLIND_INDEX_PURPOSE) throw new CryptoError('CRYPTO_INVALID_INPUT', `purpose "${purpose}" is reserved for blind indexes`);
    const key = await this.dataKeys.activeKey(purpose, this.profile.aeadAlgorithm);
    return sealEnvelope(this.profile.aead, key.id, key.key, toBytes(plaintext), aad);
  }

  /** Opens an envelope (binary or base64) using whatever key and cipher it names, whatever the profile. */
  async decrypt(envelope: Uint8Array | string, aad?: Uint8Array): Promise<Buffer> {
    const decoded = decodeEnvelope(envelope);
    const key = await this.dataKeys.byKeyId(decoded.keyId);
    if (key.algorithm !== decoded.cipher.name) {
      throw new DecryptError('CRYPTO_DECRYPT_FAILED', `envelope cipher ${decoded.cipher.name} does not match key ${key.id} (${key.algorithm})`);
    }
    return openEnvelope(decoded, key.key, aad);
  }

  /**
   * The data keys with these ids, unwrapped, for an `EnvelopeOpener` on a worker thread of this
   * process (the bulk read spreads decryption over threads that have no database to unwrap keys
   * from). Only decryption keys of records and similar envelopes; never hand them further.
   */
  async releaseDataKeys(ids: Iterable<string>): Promise<ReleasedDataKey[]> {
    const released: ReleasedDataKey[] = [];
    for (const id of new Set(ids)) {
      const key = await this.dataKeys.byKeyId(id);
      if (keyKind(key.algorithm) !== 'aead') throw new CryptoError('CRYPTO_INVALID_INPUT', `data key ${id} is not an encryption key`);
      released.push({ id: key.id, algorithm: key.algorithm, key: Buffer.from(key.key) });
    }
    return released;
  }

  async encryptJson(purpose: string, value: unknown, aad?: Uint8Array): Promise<Buffer> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new CryptoError('CRYPTO_INVALID_INPUT', 'value is not JSON-serialisable');
    return this.encrypt(purpose, json, aad);
  }

  async decryptJson<T = unknown>(envelope: Uint8Array | string, aad?: Uint8Array): Promise<T> {
    const plaintext = await this.decrypt(envelope, aad);
    try {
      return JSON.parse(plaintext.toString('utf8')) as T;
    } catch (cause) {
      throw new DecryptError('CRYPTO_MALFORMED', 'decrypted payload is not JSON', { cause });
    }
  }

  /** Deterministic index of a normalised identifier under the active blind-index key. */
  async blindIndex(kind: string, value: string): Promise<string> {
    const key = await this.dataKeys.activeKey(BLIND_INDEX_PURPOSE, this.profile.macAlgorithm);
    return computeBlindIndex(key.algorithm as MacAlgorithm, key.key, kind, value);
  }

  /**
   * The value's index under every blind-index key, active first. Search with `IN (...)` so rows
   * indexed before a rotation or profile switch are still found until they are re-indexed.
   */
  async blindIndexCandidates(kind: string, value: string): Promise<string[]> {
    await this.dataKeys.activeKey(BLIND_INDEX_PURPOSE, this.profile.macAlgorithm);
    const keys = await this.dataKeys.allKeys(BLIND_INDEX_PURPOSE);
    return [...new Set(keys.map((key) => computeBlindIndex(key.algorithm as MacAlgorithm, key.key, kind, value)))];
  }

  hash(data: BinaryInput): Buffer {
    return this.profile.hash(data);
  }

  /** Keyed MAC (e.g. the audit hash chain) under the purpose's active MAC key. */
  async hmac(purpose: string, data: BinaryInput): Promise<MacResult> {
    const key = await this.dataKeys.activeKey(purpose, this.profile.macAlgorithm);
    const algorithm = key.algorithm as MacAlgorithm;
    return { keyId: key.id, algorithm, mac: hmacWith(algorithm, key.key, data) };
  }

  async verifyHmac(keyId: string, data: BinaryInput, mac: Uint8Array): Promise<boolean> {
    const key = await this.dataKeys.byKeyId(keyId);
    if (keyKind(key.algorithm) !== 'mac') throw new CryptoError('CRYPTO_INVALID_INPUT', `key ${keyId} is not a MAC key`);
    const expected = hmacWith(key.algorithm as MacAlgorithm, key.key, data);
    return expected.length === mac.length && timingSafeEqual(expected, mac);
  }

  async sign(data: BinaryInput, purpose: string = DEFAULT_SIGNING_PURPOSE): Promise<SignatureResult> {
    const key = await this.signingKeys.activeKey(purpose, this.profile.signer);
    const signature = signatureScheme(key.algorithm).sign(key.privateKey, toBytes(data));
    return { keyId: key.id, algorithm: key.algorithm, signature };
  }

  /**
   * Signs a statement that must name its own signing key (e.g. an audit checkpoint): the active key
   * is chosen first and its id handed to `statement`, so the signed text and the key always agree.
   */
  async signStatement(purpose: string, statement: (keyId: string) => BinaryInput): Promise<SignatureResult & { data: Buffer }> {
    const key = await this.signingKeys.activeKey(purpose, this.profile.signer);
    const data = Buffer.from(toBytes(statement(key.id)));
    const signature = signatureScheme(key.algorithm).sign(key.privateKey, data);
    return { keyId: key.id, algorithm: key.algorithm, signature, data };
  }

  /** Verifies against a stored key id (active or retired) or a bare SPKI public key. */
  async verify(keyIdOrPublicKey: string | PublicKeyInput, data: BinaryInput, signature: Uint8Array): Promise<boolean> {
    if (typeof keyIdOrPublicKey === 'string' && SIGNING_KEY_ID_PATTERN.test(keyIdOrPublicKey)) {
      const stored = await this.signingKeys.publicKey(keyIdOrPublicKey);
      return signatureScheme(stored.algorithm).verify(stored.publicKey, toBytes(data), signature);
    }
    const scheme = signatureScheme(detectSignatureAlgorithm(keyIdOrPublicKey));
    return scheme.verify(keyIdOrPublicKey, toBytes(data), signature);
  }

  async getPublicSigningKeys(): Promise<PublicSigningKey[]> {
    return this.signingKeys.publicKeys();
  }

  /** Replaces the purpose's active data key; envelopes made with the old key still decrypt. */
  async rotateDataKey(purpose: string): Promise<{ id: string; purpose: string; algorithm: string }> {
    const current = await findActiveDataKey(this.db, purpose);
    if (!current) throw new CryptoError('CRYPTO_KEY_NOT_FOUND', `no active data key for purpose "${purpose}"; nothing to rotate`);
    const algorithm: string = keyKind(current.algorithm) === 'mac' ? this.profile.macAlgorithm : this.profile.aeadAlgorithm;
    const key: DataKey = await this.dataKeys.rotate(purpose, algorithm);
    return { id: key.id, purpose: key.purpose, algorithm: key.algorithm };
  }

  async rotateSigningKey(purpose: string = DEFAULT_SIGNING_PURPOSE): Promise<{ id: string; purpose: string; algorithm: string }> {
    const key = await this.signingKeys.rotate(purpose, this.profile.signer);
    return { id: key.id, purpose: key.purpose, algorithm: key.algorithm };
  }

  /** Metadata only — safe to print or return from an admin endpoint. */
  async keyStatus(): Promise<KeyStatusReport> {
    return buildKeyStatus(this.db, this.profile, this.kekId, this.masterKeySource, this.clock());
  }
}

export function createKeyring<DB extends CryptoTables>(options: KeyringOptions<DB>): Keyring {
  return new Keyring({ ...options, db: asCryptoDb(options.db) });
}

/** Composition-root helper: profile from YIXIANG_CRYPTO_PROFILE, KEK from YIXIANG_MASTER_KEY or master.key. */
export function openKeyringFromEnv<DB extends CryptoTables>(
  options: LoadMasterKeyOptions & { db: Kysely<DB>; clock?: () => Date },
): Keyring {
  const keyringOptions: KeyringOptions = { db: asCryptoDb(options.db), profile: profileFromEnv(options.env), masterKey: loadMasterKey(options) };
  if (options.clock) keyringOptions.clock = options.clock;
  return new Keyring(keyringOptions);
}
