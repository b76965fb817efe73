/**
 * Row shapes of the keyring tables (migration 0002-keyring). Portable column types only:
 * text and integer, timestamps as ISO-8601 UTC text, binary as base64 text.
 */

export type KeyStatus = 'active' | 'retired';

export interface CryptoDataKeysTable {
  /** `dk_` + 20 hex characters; also written into every envelope made with this key. */
  id: string;
  /** What the key protects, e.g. 'records', 'audit', 'blind-index'. One active key per purpose. */
  purpose: string;
  /** AEAD or MAC algorithm label, e.g. 'AES-256-GCM', 'SM4-CTR+HMAC-SM3', 'HMAC-SM3'. */
  algorithm: string;
  /** Fingerprint of the KEK that wrapped this key. */
  kek_id: string;
  /** The key wrapped by the KEK, as a base64 envelope (names its own cipher). */
  wrapped_key: string;
  status: KeyStatus;
  created_at: string;
  retired_at: string | null;
}

export interface CryptoSigningKeysTable {
  /** `sk_` + 20 hex characters. */
  id: string;
  purpose: string;
  /** 'Ed25519' or 'SM2'. */
  algorithm: string;
  kek_id: string;
  /** PKCS#8 DER private key wrapped by the KEK, as a base64 envelope. */
  wrapped_private_key: string;
  /** SPKI PEM; public by design so checkpoints can be verified offline. */
  public_key: string;
  status: KeyStatus;
  created_at: string;
  retired_at: string | null;
}

export interface CryptoTables {
  crypto_data_keys: CryptoDataKeysTable;
  crypto_signing_keys: CryptoSigningKeysTable;
}
