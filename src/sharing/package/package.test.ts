import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessContext, Grant, MaskingProfile, PageTransform, PresentedRecord, SearchTarget } from '../../access/index.js';
import { DEFAULT_MASKING_RULES } from '../../access/masking.js';
import { presentRecord, type Presenter } from '../../access/present.js';
import { LAB_REPORT } from '../../catalog/builtin/lab-report.js';
import { type CryptoTables, ED25519, type Keyring, type ProfileName, SM2, createKeyring } from '../../crypto/index.js';
import { up } from '../../db/migrations/0002-keyring.js';
import type { UserPrincipal } from '../../org/index.js';
import type { FhirResource } from '../../records/index.js';
import { buildPackage, type BuildPackageInput } from './builder.js';
import { PACKAGE_SIGNING_PURPOSE } from './sign-manifest.js';
import { encodeTrailer } from './container.js';
import { PackageError } from './errors.js';
import { serialiseManifest, type PackageManifest } from './manifest.js';
import { openPackage } from './open.js';
import { generateRecipientKeyPair } from './recipient-keys.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
let db: Kysely<CryptoTables>;
let dir: string;

beforeEach(async () => {
  db = new Kysely<CryptoTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
  dir = mkdtempSync(path.join(tmpdir(), 'yixiang-package-'));
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function keyring(profile: ProfileName): Keyring {
  return createKeyring({ db, profile, masterKey: { key: randomBytes(32), source: { kind: 'env', variable: 'YIXIANG_MASTER_KEY' }, created: false }, clock: () => NOW });
}

const principal: UserPrincipal = { kind: 'user', userId: 'u-wang', username: 'dr.wang', displayName: '王医生', departmentId: 'd-nk', roles: ['staff'], permissions: [], sessionTokenHash: '', via: 'bearer', csrfToken: '' };

function grant(maskingProfile: MaskingProfile, overrides: Partial<Grant> = {}): Grant {
  return {
    id: 'grant-1',
    grantee: { kind: 'department', id: 'd-nk' },
    catalogCode: 'CLIN_LAB_REPORT',
    fields: ['patient', 'testCode', 'resultQuantity', 'collectedAt', 'issued'],
    patientScope: { kind: 'all' },
    purpose: 'quality-control',
    channel: 'export',
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: '2026-12-31T00:00:00.000Z',
    status: 'active',
    maskingProfile,
    shareRequestId: 'sr-1',
    reason: null,
    createdBy: 'u-admin',
    createdAt: '2026-11-01T00:00:00.000Z',
    statusChangedAt: null,
    statusChangedBy: null,
    statusReason: null,
    ...overrides,
  };
}

function observation(patient: number, index: number): FhirResource {
  const day = String(1 + (index % 28)).padStart(2, '0');
  return {
    resourceType: 'Observation',
    id: `obs-${patient}-${index}`,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '6690-2' }], text: '白细胞计数' },
    subject: { reference: `Patient/pat-${patient}`, display: `患者${patient}` },
    effectiveDateTime: `2026-09-${day}T10:36:54+08:00`,
    issued: `2026-09-${day}T13:36:54+08:00`,
    performer: [{ reference: 'Practitioner/lab-1', display: '程静婷' }],
    valueQuantity: { value: 4 + patient / 10, unit: '10*9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' },
  };
}

/**
 * Access as the builder sees it: pages of what the real presentRecord shows for the grant. It also
 * checks that the builder asks as the grantee only (no roles), for the export channel and purpose
 * (recorded once per page).
 */
function fakeAccess(records: FhirResource[], forGrant: Grant, seen: AccessContext[] = []): BuildPackageInput['access'] {
  const presenter: Presenter = { pseudonymiser: (scope) => (value) => `p-${Buffer.from(`${scope}:${value}`).toString('hex').slice(-24)}` };
  return withTransform(async function* (context: AccessContext, target: SearchTarget, pageSize: number) {
    expect(target.catalogCodes).toEqual([forGrant.catalogCode]);
    for (let start = 0; start < records.length; start += pageSize) {
      seen.push(context);
      yield records
        .slice(start, start + pageSize)
        .map((resource) => presentRecord(presenter, { resource, definition: LAB_REPORT, clause: { basis: `grant:${forGrant.id}`, grant: forGrant }, rules: DEFAULT_MASKING_RULES, catalogCode: LAB_REPORT.code, patientId: null }));
    }
  });
}

type Pages = (context: AccessContext, target: SearchTarget, pageSize: number) => AsyncGenerator<PresentedRecord[]>;

/** Access's transformed scan over presented pages, on this thread (the in-process path of parallel-scan.ts). */
function withTransform(pages: Pages): BuildPackageInput['access'] {
  return {
    definition: async (code: string) => (code === LAB_REPORT.code ? LAB_REPORT : undefined),
    scanTransformed: async function* <Setup, Result>(context: AccessContext, target: SearchTarget, pageSize: number, transform: PageTransform<Setup, Result>) {
      const apply = transform.create(transform.setup);
      for await (const items of pages(context, target, pageSize)) yield apply(items);
    },
  };
}

const cohort = (patients: number, each: number): FhirResource[] => Array.from({ length: patients * each }, (_, i) => observation(i % patients, Math.floor(i / patients)));

async function signingKeyPem(kr: Keyring): Promise<string> {
  const key = (await kr.getPublicSigningKeys()).find((k) => k.purpose === PACKAGE_SIGNING_PURPOSE && k.status === 'active');
  return key!.publicKey;
}

function input(kr: Keyring, forGrant: Grant, records: FhirResource[], recipientPublicKey: string, overrides: Partial<BuildPackageInput> = {}): BuildPackageInput {
  return { access: fakeAccess(records, forGrant), keyring: kr, grant: forGrant, principal, recipientPublicKey, format: 'ndjson', outFile: path.join(dir, 'out.yxpkg'), clock: () => NOW, pageSize: 7, ...overrides };
}

describe.each(['standard', 'gm'] as const)('an export package under the %s profile', (profile) => {
  it('carries exactly the granted data, decrypts for the recipient and verifies against the pinned signer', async () => {
    const kr = keyring(profile);
    const recipient = generateRecipientKeyPair(profile);
    const forGrant = grant('identified');
    const contexts: AccessContext[] = [];
    const records = cohort(3, 5);
    const built = await buildPackage({ ...input(kr, forGrant, records, recipient.publicKeyPem), access: fakeAccess(records, forGrant, contexts), chunkSize: 512 });
    expect(built.recordCount).toBe(15);
    expect(contexts.length).toBeGreaterThan(1);
    for (const context of contexts) expect(context).toMatchObject({ purpose: 'quality-control', channel: 'export', principal: { userId: 'u-wang' } });
    expect(existsSync(`${built.file}.partial`)).toBe(false);

    const out = path.join(dir, 'opened');
    const opened = await openPackage(built.file, { privateKeyPem: recipient.privateKeyPem, outDir: out, trustedSignerKey: await signingKeyPem(kr), now: NOW });
    expect(opened.signerTrusted).toBe(true);
    expect(opened.expired).toBe(false);
    expect(opened.manifest).toMatchObject({
      grantId: 'grant-1',
      shareRequestId: 'sr-1',
      recordCount: 15,
      expiresAt: forGrant.validTo,
      hashAlgorithm: profile === 'gm' ? 'SM3' : 'SHA-256',
      recipient: { algorithm: profile === 'gm' ? 'SM2' : 'X25519' },
      signer: { algorithm: profile === 'gm' ? 'SM2' : 'Ed25519' },
      deidentification: { level: 'identified', pseudonymisation: null, dateShift: null, kAnonymity: null },
    });
    expect(readdirSync(out).sort()).toEqual(['CLIN_LAB_REPORT.ndjson', 'manifest.json', 'manifest.sig']);
    const lines = readFileSync(path.join(out, 'CLIN_LAB_REPORT.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as FhirResource);
    expect(lines).toHaveLength(15);
    // Identified: values in clear, but nothing outside the grant (the performer access showed masked).
    expect(lines[0]).toMatchObject({ resourceType: 'Observation', id: 'obs-0-0', subject: { reference: 'Patient/pat-0' }, effectiveDateTime: '2026-09-01T10:36:54+08:00' });
    expect(lines.every((line) => line.performer === undefined && line.interpretation === undefined)).toBe(true);
    // The status FHIR requires travels with every record: it is about the report, not the patient.
    expect(lines.every((line) => line.status === 'final')).toBe(true);
  });

  it('de-identifies into CSV, reports k and refuses to open with the wrong key or an untrusted signer', async () => {
    const kr = keyring(profile);
    const recipient = generateRecipientKeyPair(profile);
    const built = await buildPackage({ ...input(kr, grant('de-identified'), cohort(6, 4), recipient.publicKeyPem), format: 'csv' });
    expect(built.kAnonymity).toMatchObject({ k: 6, classes: 1, individuals: 6, belowThreshold: [] });
    const out = path.join(dir, 'csv');
    const opened = await openPackage(built.file, { privateKeyPem: recipient.privateKeyPem, outDir: out, now: NOW });
    expect(opened.signerTrusted).toBe(false);
    expect(opened.manifest.deidentification).toMatchObject({ level: 'de-identified', fields: ['patient', 'testCode', 'collectedAt', 'issued', 'resultQuantity'], kAnonymity: { k: 6, quasiIdentifiers: ['collectedAt', 'issued'] } });
    const csv = readFileSync(path.join(out, 'CLIN_LAB_REPORT.csv'), 'utf8');
    const [head, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe('resourceType,id,patient,testCode,collectedAt,issued,resultQuantity');
    expect(first).toMatch(/^Observation,px-[0-9a-f]{32},Patient\/px-[0-9a-f]{32},http:\/\/loinc.org\|6690-2,2026,2026,4 10\*9\/L$/);
    expect(csv).not.toMatch(/pat-|obs-|患者|程静婷/);

    const stranger = generateRecipientKeyPair(profile);
    await expect(openPackage(built.file, { privateKeyPem: stranger.privateKeyPem })).rejects.toMatchObject({ code: 'PACKAGE_WRONG_KEY' });
    const otherSigner = (profile === 'gm' ? SM2 : ED25519).generateKeyPair().publicKey;
    await expect(openPackage(built.file, { privateKeyPem: recipient.privateKeyPem, trustedSignerKey: otherSigner })).rejects.toMatchObject({ code: 'PACKAGE_SIGNATURE' });
  });
});

describe('tampering', () => {
  let file: string;
  let recipient: ReturnType<typeof generateRecipientKeyPair>;
  let trusted: string;
  let original: Buffer;

  beforeEach(async () => {
    const kr = keyring('standard');
    recipient = generateRecipientKeyPair('standard');
    const built = await buildPackage({ ...input(kr, grant('pseudonymised'), cohort(4, 10), recipient.publicKeyPem), chunkSize: 1024 });
    file = built.file;
    trusted = await signingKeyPem(kr);
    original = readFileSync(file);
  });

  const open = (bytes: Buffer) => {
    writeFileSync(file, bytes);
    return openPackage(file, { privateKeyPem: recipient.privateKeyPem, trustedSignerKey: trusted, outDir: path.join(dir, `out-${randomBytes(4).toString('hex')}`) });
  };
  const flip = (at: number) => {
    const copy = Buffer.from(original);
    copy[at]! ^= 0x01;
    return copy;
  };
  const headerEnd = () => 9 + original.readUInt32BE(5);
  const recordCountDigit = () => original.lastIndexOf(Buffer.from('"recordCount": 40')) + '"recordCount": '.length;

  it('opens untouched', async () => {
    await expect(open(original)).resolves.toMatchObject({ manifest: { recordCount: 40 } });
  });

  it('refuses a changed version byte or magic', async () => {
    await expect(open(flip(4))).rejects.toThrow(/unsupported package format version 0/);
    await expect(open(flip(0))).rejects.toMatchObject({ code: 'PACKAGE_MALFORMED' });
  });

  it('refuses an altered header, payload, manifest or signature, and writes nothing', async () => {
    const headerText = original.subarray(9, headerEnd()).toString();
    const createdAt = 9 + Buffer.byteLength(headerText.slice(0, headerText.indexOf('"createdAt":"') + 13));
    await expect(open(flip(createdAt + 3))).rejects.toMatchObject({ code: 'PACKAGE_TAMPERED', message: expect.stringContaining('header checksum') });
    await expect(open(flip(headerEnd() + 200))).rejects.toMatchObject({ code: 'PACKAGE_TAMPERED', message: expect.stringContaining('payload checksum') });
    // 40 records → 50: still a well-formed manifest, so only the signature can catch it.
    expect(recordCountDigit()).toBeGreaterThan(headerEnd());
    await expect(open(flip(recordCountDigit()))).rejects.toMatchObject({ code: 'PACKAGE_SIGNATURE' });
    await expect(open(flip(original.length - 3))).rejects.toMatchObject({ code: 'PACKAGE_SIGNATURE' });
    await expect(open(original.subarray(0, original.length - 100))).rejects.toMatchObject({ code: 'PACKAGE_TAMPERED' });
    await expect(open(Buffer.concat([original, Buffer.from([0])]))).rejects.toThrow(/bytes follow the signature/);
    expect(readdirSync(dir).filter((name) => name.startsWith('out-')).flatMap((name) => readdirSync(path.join(dir, name)))).toEqual([]);
  });

  it('catches reordered frames by their AEAD even when a forger re-signs the manifest (no pinned signer)', async () => {
    const frames: Buffer[] = [];
    let at = headerEnd();
    for (;;) {
      const length = 5 + original.readUInt32BE(at + 1);
      frames.push(original.subarray(at, at + length));
      const final = original[at] === 1;
      at += length;
      if (final) break;
    }
    expect(frames.length).toBeGreaterThan(2);
    const swapped = [frames[1]!, frames[0]!, ...frames.slice(2)];
    const manifest = JSON.parse(original.subarray(at + 4, at + 4 + original.readUInt32BE(at)).toString()) as PackageManifest;
    const forger = ED25519.generateKeyPair();
    manifest.container.payload = createHash('sha256').update(Buffer.concat(swapped)).digest('hex');
    manifest.signer = { keyId: 'sk_forged', algorithm: 'Ed25519', publicKey: forger.publicKey };
    const bytes = serialiseManifest(manifest);
    const forged = Buffer.concat([original.subarray(0, headerEnd()), ...swapped, encodeTrailer(bytes, ED25519.sign(forger.privateKey, bytes))]);
    writeFileSync(file, forged);
    await expect(openPackage(file, { privateKeyPem: recipient.privateKeyPem })).rejects.toThrow(/payload frame 0 fails authentication/);
    // With the hospital's key pinned, the forgery is refused before any decryption.
    await expect(openPackage(file, { privateKeyPem: recipient.privateKeyPem, trustedSignerKey: trusted })).rejects.toMatchObject({ code: 'PACKAGE_SIGNATURE' });
  });
});

describe('refusals before anything is written', () => {
  const recipient = generateRecipientKeyPair('standard');
  const outFile = () => path.join(dir, 'out.yxpkg');

  it('refuses a de-identified release below k = 5, reporting class sizes only', async () => {
    const kr = keyring('standard');
    const error = await buildPackage(input(kr, grant('de-identified'), cohort(3, 4), recipient.publicKeyPem)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageError);
    expect(error).toMatchObject({ code: 'PACKAGE_K_ANONYMITY', details: { k: 3, threshold: 5, belowThreshold: [{ size: 3, classes: 1 }] } });
    expect((error as Error).message).toMatch(/k = 3, below the required 5/);
    expect(existsSync(outFile())).toBe(false);
    expect(existsSync(`${outFile()}.partial`)).toBe(false);
  });

  it('refuses grants that cannot be exported and inputs that weaken the approval', async () => {
    const kr = keyring('standard');
    const records = cohort(6, 1);
    const attempt = (forGrant: Grant, overrides: Partial<BuildPackageInput> = {}) => buildPackage({ ...input(kr, forGrant, records, recipient.publicKeyPem), ...overrides });
    await expect(attempt(grant('identified', { channel: 'api' }))).rejects.toThrow(/not by export package/);
    await expect(attempt(grant('identified', { status: 'revoked' }))).rejects.toThrow(/not in force/);
    await expect(attempt(grant('identified', { grantee: { kind: 'department', id: 'd-other' } }))).rejects.toThrow(/not the grantee/);
    await expect(attempt(grant('pseudonymised'), { identification: 'identified' })).rejects.toThrow(/weaker than the approved/);
    await expect(attempt(grant('identified'), { expiresAt: new Date('2027-06-01T00:00:00Z') })).rejects.toThrow(/outlive its grant/);
    await expect(attempt(grant('identified'), { recipientPublicKey: generateRecipientKeyPair('gm').publicKeyPem })).rejects.toThrow(/standard crypto profile encrypts to X25519 keys/);
    writeFileSync(outFile(), 'x');
    await expect(attempt(grant('identified'))).rejects.toMatchObject({ code: 'PACKAGE_OUTPUT' });
  });

  it('refuses when access opens a record of the grant by another rule first', async () => {
    const kr = keyring('standard');
    const forGrant = grant('de-identified');
    const records = cohort(6, 1);
    const presenter: Presenter = { pseudonymiser: (scope) => (value) => `p-${scope}-${value}` };
    const viaDepartment = withTransform(async function* (_context, _target, pageSize) {
      for (let start = 0; start < records.length; start += pageSize) {
        yield records.slice(start, start + pageSize).map((resource, index) =>
          start + index === 0
            ? presentRecord(presenter, { resource, definition: LAB_REPORT, clause: { basis: 'department', maxLevel: 4, departmentCode: null }, rules: DEFAULT_MASKING_RULES, catalogCode: LAB_REPORT.code, patientId: 'pat-0' })
            : presentRecord(presenter, { resource, definition: LAB_REPORT, clause: { basis: `grant:${forGrant.id}`, grant: forGrant }, rules: DEFAULT_MASKING_RULES, catalogCode: LAB_REPORT.code, patientId: null }),
        );
      }
    });
    await expect(buildPackage({ ...input(kr, forGrant, records, recipient.publicKeyPem), access: viaDepartment })).rejects.toThrow(/opened for department access of the builder before grant grant-1/);
    expect(existsSync(outFile())).toBe(false);
    expect(existsSync(`${outFile()}.partial`)).toBe(false);
  });

  it('builds an empty package when the grant opens nothing', async () => {
    const kr = keyring('standard');
    const built = await buildPackage(input(kr, grant('de-identified'), [], recipient.publicKeyPem));
    expect(built).toMatchObject({ recordCount: 0, kAnonymity: { k: null } });
    const opened = await openPackage(built.file, { privateKeyPem: recipient.privateKeyPem });
    expect(opened.manifest.files[0]).toMatchObject({ bytes: 0, records: 0 });
  });
});
