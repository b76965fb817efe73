import { createPublicKey } from 'node:crypto';
import { type HashAlgorithm, type SignatureAlgorithm, detectSignatureAlgorithm, parseSm2PublicKey, encodeSm2PublicKey, signatureScheme } from '../../crypto/index.js';
import type { MaskingProfile } from '../../access/index.js';
import type { MaskingStrategy } from '../../access/masking.js';
import type { IdentificationLevel } from '../types.js';
import { PackageError } from './errors.js';
import type { KAnonymityResult } from './kanonymity.js';
import type { RecipientAlgorithm } from './recipient-keys.js';

export type DataFormat = 'ndjson' | 'csv';

export interface PackageFile {
  /** A bare file name; readers refuse anything with a path in it. */
  name: string;
  mediaType: string;
  bytes: number;
  records: number;
  /** Hex digest of the plaintext file under `hashAlgorithm`. */
  checksum: string;
}

/**
 * What the recipient is told about the package, signed by the hospital. It names the grant it
 * delivers, the key it is for, what was done to the data and the checksums of every byte; it never
 * holds a key or a record value.
 */
export interface PackageManifest {
  format: 'yixiang-export-package-manifest';
  version: 1;
  packageId: string;
  grantId: string;
  shareRequestId: string | null;
  catalogCode: string;
  purpose: string;
  recipient: { algorithm: RecipientAlgorithm; fingerprint: string };
  createdAt: string;
  expiresAt: string;
  recordCount: number;
  dataFormat: DataFormat;
  hashAlgorithm: HashAlgorithm;
  files: PackageFile[];
  /** Digests of the container prefix (magic to header) and of all payload frames as stored. */
  container: { prefix: string; payload: string };
  deidentification: {
    level: IdentificationLevel;
    approvedLevel: MaskingProfile;
    fields: string[];
    removedFields: string[];
    maskedFields: { field: string; strategy: MaskingStrategy }[];
    pseudonymisation: { method: string; keyScope: 'grant'; form: string } | null;
    dateShift: { maxDays: number; unit: 'day'; scope: 'patient'; zeroExcluded: true } | null;
    kAnonymity: (Omit<KAnonymityResult, 'belowThreshold'> & { quasiIdentifiers: string[]; counts: 'individuals' }) | null;
  };
  signer: { keyId: string; algorithm: SignatureAlgorithm; publicKey: string };
}

export function serialiseManifest(manifest: PackageManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const HEX = /^[0-9a-f]{64}$/;

/** Parses and checks the shape the reader relies on; the signature is checked separately. */
export function parseManifest(bytes: Buffer): PackageManifest {
  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as PackageManifest;
  } catch (cause) {
    throw new PackageError('PACKAGE_TAMPERED', 'the manifest is not JSON', {}, { cause });
  }
  const ok =
    manifest?.format === 'yixiang-export-package-manifest' &&
    manifest.version === 1 &&
    (manifest.hashAlgorithm === 'SHA-256' || manifest.hashAlgorithm === 'SM3') &&
    Array.isArray(manifest.files) &&
    manifest.files.every((file) => typeof file?.name === 'string' && SAFE_NAME.test(file.name) && Number.isSafeInteger(file.bytes) && file.bytes >= 0 && HEX.test(String(file.checksum))) &&
    new Set(manifest.files.map((file) => file.name)).size === manifest.files.length &&
    HEX.test(String(manifest.container?.prefix)) &&
    HEX.test(String(manifest.container?.payload)) &&
    typeof manifest.signer?.publicKey === 'string' &&
    (manifest.signer.algorithm === 'Ed25519' || manifest.signer.algorithm === 'SM2');
  if (!ok) throw new PackageError('PACKAGE_TAMPERED', 'the manifest is incomplete or names an unsafe file');
  return manifest;
}

/** SPKI DER of a signing public key, so two PEM spellings of one key compare equal. */
function spkiOf(pem: string): Buffer {
  try {
    return encodeSm2PublicKey(parseSm2PublicKey(pem));
  } catch {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' });
  }
}

/**
 * Checks the manifest signature with the key the manifest names, and — when the recipient pinned
 * the hospital's key with `trusted` — that the manifest names exactly that key. Without a pinned key
 * the signature only proves the file is internally consistent, which the caller must say.
 */
export function verifyManifestSignature(manifestBytes: Buffer, manifest: PackageManifest, signature: Buffer, trusted?: string): { trusted: boolean } {
  let signerSpki: Buffer;
  try {
    signerSpki = spkiOf(manifest.signer.publicKey);
    if (detectSignatureAlgorithm(manifest.signer.publicKey) !== manifest.signer.algorithm) throw new Error('algorithm mismatch');
  } catch (cause) {
    throw new PackageError('PACKAGE_SIGNATURE', 'the manifest names an unusable signer key', {}, { cause });
  }
  if (trusted !== undefined) {
    let trustedSpki: Buffer;
    try {
      trustedSpki = spkiOf(trusted);
    } catch (cause) {
      throw new PackageError('PACKAGE_INPUT', 'the trusted signer key is not a readable PEM public key', {}, { cause });
    }
    if (!trustedSpki.equals(signerSpki)) throw new PackageError('PACKAGE_SIGNATURE', `the package is signed by key ${manifest.signer.keyId}, which is not the trusted key`, { keyId: manifest.signer.keyId });
  }
  if (!signatureScheme(manifest.signer.algorithm).verify(manifest.signer.publicKey, manifestBytes, signature)) {
    throw new PackageError('PACKAGE_SIGNATURE', 'the manifest signature does not verify: the manifest was altered or signed by someone else');
  }
  return { trusted: trusted !== undefined };
}
