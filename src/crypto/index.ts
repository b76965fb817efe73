/**
 * Public surface of the crypto module; other modules import only from here. Everything uses
 * node:crypto primitives except SM2 signatures, which Node cannot produce with a distinguishing
 * ID (see sm2.ts).
 */
export { CryptoError, DecryptError, type CryptoErrorCode } from './errors.js';
export {
  getProfile,
  profileFromEnv,
  isProfileName,
  PROFILE_NAMES,
  hashWith,
  hmacWith,
  type BinaryInput,
  type CryptoProfile,
  type HashAlgorithm,
  type MacAlgorithm,
  type ProfileName,
} from './profiles.js';
export { AES_256_GCM, SM4_CTR_HMAC_SM3, aeadByName, type AeadAlgorithm, type AeadCipher, type AeadSealed } from './aead.js';
export {
  ED25519,
  SM2,
  signatureScheme,
  detectSignatureAlgorithm,
  type PublicKeyInput,
  type SignatureAlgorithm,
  type SignatureScheme,
  type SigningKeyPair,
} from './signature.js';
export { SM2_DEFAULT_ID } from './sm2.js';
export { decodeEnvelope, envelopeKeyId, type DecodedEnvelope } from './envelope.js';
export { EnvelopeOpener, type ReleasedDataKey } from './envelope-opener.js';
export { normaliseForIndex, computeBlindIndex } from './blind-index.js';
export { rewrapUnderNewKek, type KekRotationResult } from './kek-rotation.js';
export {
  loadMasterKey,
  parseMasterKey,
  kekFingerprint,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  PENDING_MASTER_KEY_FILE,
  pendingMasterKey,
  promotePendingMasterKey,
  readKeyFile,
  type LoadMasterKeyOptions,
  type MasterKey,
  type MasterKeySource,
} from './master-key.js';
export {
  Keyring,
  createKeyring,
  openKeyringFromEnv,
  BLIND_INDEX_PURPOSE,
  DEFAULT_SIGNING_PURPOSE,
  type KeyringOptions,
  type MacResult,
  type SignatureResult,
} from './keyring.js';
export type { KeyInfo, KeyStatusReport } from './key-status.js';
export type { PublicSigningKey } from './signing-keys.js';
export { asCryptoDb, type CryptoDb } from './store.js';
export type { CryptoDataKeysTable, CryptoSigningKeysTable, CryptoTables, KeyStatus } from './tables.js';
export { sm2Encrypt, sm2Decrypt, sm2EncryptWithNonce } from './sm2-encrypt.js';
export { sm2GenerateKey, sm2PublicFromPrivate } from './sm2.js';
export { sm2JwkFromPoint, sm2JwsSign, sm2JwsVerify, sm2PointFromJwk, type Sm2PublicJwk } from './sm2-jws.js';
export { encodeSm2PrivateKey, encodeSm2PublicKey, encodeSm2PublicKeyPem, parseSm2PrivateKey, parseSm2PublicKey, type Sm2KeyPair } from './sm2-keys.js';
export type { AffinePoint } from './sm2-curve.js';
export { derToPem, pemToDer } from './der.js';
