import type { Grant } from '../../access/index.js';
import type { HashAlgorithm, Keyring, MacAlgorithm } from '../../crypto/index.js';
import type { IdentificationLevel } from '../types.js';
import type { PackageHeader } from './container.js';
import { PackageError } from './errors.js';
import type { KAnonymityResult } from './kanonymity.js';
import { type DataFormat, type PackageManifest, serialiseManifest } from './manifest.js';
import type { ReleasePlan } from './plan.js';
import { MEDIA_TYPES } from './render.js';
import type { WrittenDigests } from './writer.js';

/**
 * The manifest of a finished payload, and its signature by the hospital. Packages have their own
 * signing purpose in the keyring, so rotating or revoking the audit log's key never touches them.
 */
export const PACKAGE_SIGNING_PURPOSE = 'export-package';

export type Signer = PackageManifest['signer'];

/**
 * Signs with the keyring's package signing key. The manifest names its signer, so the key is
 * learnt first (a signature over its own id) and the real signature must come from the same key.
 */
export async function signManifest(keyring: Keyring, build: (signer: Signer) => PackageManifest): Promise<{ manifest: Buffer; signature: Buffer; value: PackageManifest }> {
  const probe = await keyring.signStatement(PACKAGE_SIGNING_PURPOSE, (keyId) => keyId);
  const stored = (await keyring.getPublicSigningKeys()).find((key) => key.id === probe.keyId);
  if (!stored) throw new PackageError('PACKAGE_INPUT', `signing key ${probe.keyId} vanished`);
  const value = build({ keyId: stored.id, algorithm: stored.algorithm as Signer['algorithm'], publicKey: stored.publicKey });
  const manifest = serialiseManifest(value);
  const signed = await keyring.signStatement(PACKAGE_SIGNING_PURPOSE, (keyId) => {
    if (keyId !== stored.id) throw new PackageError('PACKAGE_INPUT', 'the package signing key was rotated during the build; build again');
    return manifest;
  });
  return { manifest, signature: signed.signature, value };
}

export interface ManifestFacts {
  grant: Grant;
  format: DataFormat;
  hashAlgorithm: HashAlgorithm;
  packageId: string;
  header: PackageHeader;
  plan: ReleasePlan;
  level: IdentificationLevel;
  keyAlgorithm: MacAlgorithm;
  dateShiftMaxDays: number;
  expiresAt: Date;
  records: number;
  kAnonymity: KAnonymityResult | null;
}

/** Everything the recipient is told; record values and keys never appear here. */
export function manifestOf(facts: ManifestFacts, digests: WrittenDigests, signer: Signer): PackageManifest {
  const { grant, plan, level } = facts;
  const deidentified = level !== 'identified';
  const k = facts.kAnonymity;
  return {
    format: 'yixiang-export-package-manifest',
    version: 1,
    packageId: facts.packageId,
    grantId: grant.id,
    shareRequestId: grant.shareRequestId,
    catalogCode: grant.catalogCode,
    purpose: grant.purpose,
    recipient: facts.header.recipient,
    createdAt: facts.header.createdAt,
    expiresAt: facts.expiresAt.toISOString(),
    recordCount: facts.records,
    dataFormat: facts.format,
    hashAlgorithm: facts.hashAlgorithm,
    files: [{ name: `${grant.catalogCode}.${facts.format}`, mediaType: MEDIA_TYPES[facts.format], bytes: digests.plaintextBytes, records: facts.records, checksum: digests.plaintext }],
    container: { prefix: digests.prefix, payload: digests.payload },
    deidentification: {
      level,
      approvedLevel: grant.maskingProfile,
      fields: plan.columns.map((column) => column.field.name),
      removedFields: plan.removed,
      maskedFields: plan.masked,
      pseudonymisation: deidentified ? { method: facts.keyAlgorithm, keyScope: 'grant', form: 'px-<32 hex>; references keep their resource type' } : null,
      dateShift: deidentified ? { maxDays: facts.dateShiftMaxDays, unit: 'day', scope: 'patient', zeroExcluded: true } : null,
      kAnonymity: k ? { k: k.k, threshold: k.threshold, classes: k.classes, individuals: k.individuals, quasiIdentifiers: plan.quasiIdentifiers.map((q) => q.field.name), counts: 'individuals' } : null,
    },
    signer,
  };
}
