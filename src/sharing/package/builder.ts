import { randomUUID } from 'node:crypto';
import type { AccessService, Grant, ParallelScanOptions } from '../../access/index.js';
import { isLive } from '../../access/grants.js';
import { DEFAULT_MASKING_RULES, type MaskingRule } from '../../access/masking.js';
import { type Keyring, hmacWith } from '../../crypto/index.js';
import type { Clock } from '../../lib/clock.js';
import type { UserPrincipal } from '../../org/index.js';
import type { IdentificationLevel } from '../types.js';
import { DEFAULT_CHUNK_SIZE, type PackageHeader } from './container.js';
import { PackageError } from './errors.js';
import { EquivalenceClasses, MIN_K, type KAnonymityResult } from './kanonymity.js';
import type { DataFormat, PackageManifest } from './manifest.js';
import { planRelease } from './plan.js';
import { encapsulate, keyFingerprint, parseRecipientPublicKey, recipientAlgorithmFor } from './recipient-keys.js';
import { releaseTransform, type GrantKeys, type ReleaseSetup } from './release-transform.js';
import { sinkFor, type RecordSink } from './render.js';
import { type ManifestFacts, manifestOf, signManifest } from './sign-manifest.js';
import { PackageWriter } from './writer.js';

/** Keyring purpose of the MAC key the per-grant pseudonym and date-shift keys derive from. */
export const PACKAGE_KEY_PURPOSE = 'export-package';
export const DEFAULT_DATE_SHIFT_DAYS = 30;
export const DEFAULT_PAGE_SIZE = 1000;

export interface BuildPackageInput {
  /** The only way to records: the package holds what access returns for the grant, nothing else. */
  access: Pick<AccessService, 'scanTransformed' | 'definition'>;
  keyring: Keyring;
  grant: Grant;
  /** Who the package is built for: a member of the grantee (the grant's user, or a user of its department). */
  principal: UserPrincipal;
  /** The recipient's SPKI PEM public key: X25519 under the standard profile, SM2 under gm. */
  recipientPublicKey: string;
  format: DataFormat;
  /** Defaults to the approved level (the grant's masking profile); may only be stricter. */
  identification?: IdentificationLevel;
  /** Where the package file goes; it must not exist. Written as `<outFile>.partial` until complete. */
  outFile: string;
  /** Until when the package may be downloaded; defaults to, and may not exceed, the grant's end. */
  expiresAt?: Date;
  dateShiftMaxDays?: number;
  /** k-anonymity demanded of a de-identified package; never below 5. */
  minK?: number;
  /** The access.masking policy in force; defaults to the built-in rules. */
  maskingRules?: readonly MaskingRule[];
  pageSize?: number;
  /** How the bulk read spreads over threads; tests point it at the compiled worker. */
  scanOptions?: ParallelScanOptions;
  chunkSize?: number;
  clock?: Clock;
}

export interface BuiltPackage {
  file: string;
  bytes: number;
  packageId: string;
  manifest: PackageManifest;
  recordCount: number;
  kAnonymity: KAnonymityResult | null;
}

function checkGrant(input: BuildPackageInput, now: Date): void {
  const { grant, principal } = input;
  if (grant.channel !== 'export') throw new PackageError('PACKAGE_GRANT', `grant ${grant.id} is for delivery by "${grant.channel}", not by export package`);
  if (!isLive(grant, now)) throw new PackageError('PACKAGE_GRANT', `grant ${grant.id} is not in force (status ${grant.status}, valid ${grant.validFrom} to ${grant.validTo})`);
  const { kind, id } = grant.grantee;
  if (kind === 'institution') throw new PackageError('PACKAGE_GRANT', 'grants to external institutions cannot be read through access by a user yet, so they cannot be packaged');
  if ((kind === 'user' && principal.userId !== id) || (kind === 'department' && principal.departmentId !== id)) {
    throw new PackageError('PACKAGE_GRANT', `${principal.username} is not the grantee of grant ${grant.id}`);
  }
}

function expiryOf(input: BuildPackageInput, now: Date): Date {
  const end = new Date(input.grant.validTo);
  const expiresAt = input.expiresAt ?? end;
  if (expiresAt.getTime() > end.getTime()) throw new PackageError('PACKAGE_INPUT', 'a package cannot outlive its grant', { grantEnds: end.toISOString() });
  if (expiresAt.getTime() <= now.getTime()) throw new PackageError('PACKAGE_INPUT', 'the package expiry is in the past');
  return expiresAt;
}

async function grantKeys(keyring: Keyring, grantId: string): Promise<GrantKeys> {
  const seed = await keyring.hmac(PACKAGE_KEY_PURPOSE, `yixiang export package keys v1\u0000${grantId}`);
  return { algorithm: seed.algorithm, pseudonym: hmacWith(seed.algorithm, seed.mac, 'pseudonym'), dateShift: hmacWith(seed.algorithm, seed.mac, 'date-shift') };
}

/**
 * Access names the first rule that opens each row. A row opened by another rule (the builder's own
 * department or care team, or an earlier export grant for the same purpose) would be shown as that
 * rule allows, not as this grant allows, and leaving it out would deliver less than was approved; so
 * the build stops and says why.
 */
function otherBasis(basis: string, grant: Grant): PackageError {
  return new PackageError('PACKAGE_GRANT', `a record in the grant's scope is opened for ${basis === 'department' || basis === 'care-team' ? `${basis} access of the builder` : `another rule (${basis})`} before grant ${grant.id}; the package would not be exactly this grant's data. Build it as a grantee member without that access, or revoke the overlapping grant`, { basis });
}

interface Streamed {
  records: number;
}

/**
 * Scans access under the grant (the bulk read: what search would page through, without totals),
 * released page by page by `releaseTransform` (on access's worker threads when it has them), and
 * streams each released page into the writer in scan order: memory stays at a few pages.
 */
async function streamRecords(input: BuildPackageInput, setup: ReleaseSetup, sink: RecordSink, writer: PackageWriter, classes: EquivalenceClasses | null): Promise<Streamed> {
  const { grant } = input;
  const context = { principal: input.principal, purpose: grant.purpose, channel: 'export' as const };
  const target = { catalogCodes: [grant.catalogCode], query: {} };
  const streamed: Streamed = { records: 0 };
  await writer.write(sink.header());
  // A package holds exactly the granted fields, so access need not present (and mask) the others.
  const scanOptions = { ...input.scanOptions, outsideGrant: 'omit' as const };
  for await (const page of input.access.scanTransformed(context, target, input.pageSize ?? DEFAULT_PAGE_SIZE, releaseTransform(setup), scanOptions)) {
    if (classes) for (let i = 0; i < page.classes.length; i += 1) classes.addToClass(page.classes[i]!, page.individuals[i]!);
    if (page.text !== '') await writer.write(page.text);
    streamed.records += page.records;
    if (page.foreignBasis !== null) throw otherBasis(page.foreignBasis, grant);
  }
  return streamed;
}

function refuseBelowK(result: KAnonymityResult): never {
  throw new PackageError(
    'PACKAGE_K_ANONYMITY',
    `de-identification reached k = ${result.k}, below the required ${result.threshold}: ${result.belowThreshold.map((c) => `${c.classes} class(es) of ${c.size}`).join(', ')}`,
    { k: result.k, threshold: result.threshold, classes: result.classes, belowThreshold: result.belowThreshold },
  );
}

/**
 * Builds the export package of a grant: reads through access exactly what the grant opens for the
 * export channel and its purpose, de-identifies to the approved level, encrypts to the recipient,
 * and signs a manifest. Refuses (and leaves no file) when a de-identified release is not k-anonymous.
 * Auditing the build and counting downloads belong to the caller (the download endpoint).
 */
export async function buildPackage(input: BuildPackageInput): Promise<BuiltPackage> {
  const now = (input.clock ?? (() => new Date()))();
  checkGrant(input, now);
  const expiresAt = expiryOf(input, now);
  const level = input.identification ?? input.grant.maskingProfile;
  const profile = input.keyring.profile;
  const recipient = parseRecipientPublicKey(input.recipientPublicKey);
  if (recipient.algorithm !== recipientAlgorithmFor(profile.name)) {
    throw new PackageError('PACKAGE_KEY', `the ${profile.name} crypto profile encrypts to ${recipientAlgorithmFor(profile.name)} keys; the recipient key is ${recipient.algorithm}`);
  }
  const definition = await input.access.definition(input.grant.catalogCode);
  if (!definition) throw new PackageError('PACKAGE_GRANT', `catalog resource ${input.grant.catalogCode} no longer exists`);
  const keys = await grantKeys(input.keyring, input.grant.id);
  const maskingRules = input.maskingRules ?? DEFAULT_MASKING_RULES;
  const plan = planRelease(definition, input.grant, level, maskingRules);
  const dateShiftMaxDays = input.dateShiftMaxDays ?? DEFAULT_DATE_SHIFT_DAYS;
  const setup: ReleaseSetup = { definition, grant: { id: input.grant.id, fields: input.grant.fields, maskingProfile: input.grant.maskingProfile }, level, keys, maskingRules, dateShiftMaxDays, format: input.format };
  const { key, encapsulation } = encapsulate(recipient);
  const packageId = randomUUID();
  const header: PackageHeader = {
    format: 'yixiang-export-package',
    version: 1,
    packageId,
    profile: profile.name,
    createdAt: now.toISOString(),
    recipient: { algorithm: recipient.algorithm, fingerprint: keyFingerprint(recipient, profile.hashAlgorithm) },
    keyEncapsulation: encapsulation,
    payloadCipher: profile.aeadAlgorithm,
    chunkSize: input.chunkSize ?? DEFAULT_CHUNK_SIZE,
  };
  const classes = level === 'de-identified' ? new EquivalenceClasses() : null;
  const writer = await PackageWriter.create(input.outFile, header, profile.aead, key, profile.hashAlgorithm);
  try {
    const streamed = await streamRecords(input, setup, sinkFor(input.format, plan), writer, classes);
    const kAnonymity = classes ? classes.result(Math.max(MIN_K, input.minK ?? MIN_K)) : null;
    if (kAnonymity && kAnonymity.k !== null && kAnonymity.k < kAnonymity.threshold) refuseBelowK(kAnonymity);
    const facts: ManifestFacts = {
      grant: input.grant,
      format: input.format,
      hashAlgorithm: profile.hashAlgorithm,
      packageId,
      header,
      plan,
      level,
      keyAlgorithm: keys.algorithm,
      dateShiftMaxDays,
      expiresAt,
      records: streamed.records,
      kAnonymity,
    };
    let manifest: PackageManifest | undefined;
    const written = await writer.finish(async (digests) => {
      const signed = await signManifest(input.keyring, (signer) => manifestOf(facts, digests, signer));
      manifest = signed.value;
      return signed;
    });
    return { file: written.file, bytes: written.bytes, packageId, manifest: manifest!, recordCount: streamed.records, kAnonymity };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
