import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AccessService, GrantService, GrantView } from '../access/index.js';
import { isLive } from '../access/grants.js';
import { hashWith, type Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import type { UserPrincipal } from '../org/index.js';
import type { PolicyService } from '../policy/index.js';
import { buildPackage, PackageError, type DataFormat } from './package/index.js';
import { serialiseManifest } from './package/manifest.js';
import type { ExportPackageRow } from './tables.js';
import type { IdentificationLevel } from './types.js';

export const PACKAGE_STATUSES = ['ready', 'exhausted', 'expired', 'withdrawn'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

export interface PackageRequest {
  /** The recipient's SPKI PEM public key: X25519 under the standard profile, SM2 under gm. */
  recipientPublicKey: string;
  format: DataFormat;
  /** Stricter than approved only; defaults to the approved level. */
  identification?: IdentificationLevel;
}

export interface PackageView {
  id: string;
  grantId: string;
  builtBy: string;
  recipientFingerprint: string;
  format: string;
  identification: string;
  recordCount: number;
  bytes: number;
  manifestHash: string;
  kAnonymity: number | null;
  createdAt: string;
  expiresAt: string;
  downloadsAllowed: number;
  downloadsUsed: number;
  downloadsLeft: number;
  firstDownloadedAt: string | null;
  lastDownloadedAt: string | null;
  /** As of now: a ready package past its expiry is expired even before the timer marks it. */
  status: PackageStatus;
}

/** A download the caller may now stream: the file is already open, so deleting it meanwhile does not matter. */
export interface ClaimedDownload {
  view: PackageView;
  fileName: string;
  stream: ReadStream;
}

/** A package whose file the housekeeping job removed, for its audit entry. */
export interface RetiredPackage {
  id: string;
  grantId: string;
  status: PackageStatus;
}

const PACKAGE_DIR = 'packages';
const EXTENSION = '.yxpk';

/** Whether the principal is the grant's grantee: its user, or a member of its department. */
export function isGrantee(grant: Pick<GrantView, 'grantee'>, principal: Pick<UserPrincipal, 'userId' | 'departmentId'>): boolean {
  if (grant.grantee.kind === 'user') return grant.grantee.id === principal.userId;
  if (grant.grantee.kind === 'department') return principal.departmentId !== null && grant.grantee.id === principal.departmentId;
  return false;
}

/** The status as of `now`, on the row's facts. */
export function packageStatus(row: Pick<ExportPackageRow, 'status' | 'expires_at' | 'downloads_used' | 'downloads_allowed'>, now: Date): PackageStatus {
  if (row.status !== 'ready') return row.status as PackageStatus;
  if (Date.parse(row.expires_at) <= now.getTime()) return 'expired';
  if (row.downloads_used >= row.downloads_allowed) return 'exhausted';
  return 'ready';
}

/** PackageError codes as API problems; the builder's English message becomes the detail's reason. */
function problemFor(error: PackageError): AppError {
  const reason = error.message;
  switch (error.code) {
    case 'PACKAGE_GRANT':
      return new AppError(Errors.PACKAGE_GRANT_UNSUITABLE, { reason });
    case 'PACKAGE_KEY':
      return new AppError(Errors.PACKAGE_RECIPIENT_KEY, { reason }, [{ path: 'body/recipientPublicKey', message: reason, code: 'recipient-key' }]);
    case 'PACKAGE_K_ANONYMITY': {
      const k = error.details.k as number | null | undefined;
      const threshold = error.details.threshold as number | undefined;
      return new AppError(Errors.PACKAGE_K_ANONYMITY, { k: k ?? '—', threshold: threshold ?? '—' }, [{ path: 'kAnonymity', message: reason, code: 'k-anonymity' }], { kAnonymity: error.details });
    }
    default:
      return new AppError(Errors.PACKAGE_REQUEST_INVALID, { reason }, [{ path: 'body', message: reason, code: error.code.toLowerCase() }]);
  }
}

/**
 * Delivery of export packages over HTTP (policy 5.3 step 3; ADR 0011). A grantee builds a package
 * of an export-channel grant for a recipient key; the file is kept in the data directory and may be
 * downloaded by the grantee a limited number of times until it expires. The first download starts
 * the usage-feedback clock. Expired and used-up packages are deleted by the housekeeping timer.
 */
export class PackageDelivery {
  private readonly directory: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: AccessService,
    private readonly keyring: Keyring,
    private readonly grants: GrantService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
    dataDir: string,
  ) {
    this.directory = path.join(dataDir, PACKAGE_DIR);
  }

  /** The grant, if the principal is its grantee; anyone else is told it does not exist. */
  async grantOf(principal: UserPrincipal, grantId: string): Promise<GrantView> {
    const grant = await this.grants.get(grantId);
    if (!isGrantee(grant, principal)) throw new AppError(Errors.GRANT_NOT_FOUND);
    return grant;
  }

  async build(principal: UserPrincipal, grantId: string, input: PackageRequest): Promise<PackageView> {
    const grant = await this.grantOf(principal, grantId);
    const settings = await this.policy.get('sharing.packages');
    const now = this.clock();
    const ready = (await this.rowsOf(grantId)).filter((row) => packageStatus(row, now) === 'ready').length;
    if (ready >= settings.maxReadyPerGrant) throw new AppError(Errors.PACKAGE_LIMIT, { count: ready });
    const expiresAt = new Date(Math.min(Date.parse(grant.validTo), now.getTime() + settings.expiryDays * 86_400_000));
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const partial = path.join(this.directory, `.build-${randomUUID()}${EXTENSION}`);
    let built;
    try {
      built = await buildPackage({
        access: this.access,
        keyring: this.keyring,
        grant,
        principal,
        recipientPublicKey: input.recipientPublicKey,
        format: input.format,
        ...(input.identification ? { identification: input.identification } : {}),
        outFile: partial,
        expiresAt,
        maskingRules: await this.policy.get('access.masking'),
        clock: this.clock,
      });
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof PackageError) throw problemFor(error);
      throw error;
    }
    const fileName = `${built.packageId}${EXTENSION}`;
    const row: ExportPackageRow = {
      id: built.packageId,
      grant_id: grant.id,
      built_by: principal.userId,
      recipient_fingerprint: built.manifest.recipient.fingerprint,
      data_format: input.format,
      identification: built.manifest.deidentification.level,
      record_count: built.recordCount,
      bytes: built.bytes,
      manifest_hash: hashWith(this.keyring.profile.hashAlgorithm, serialiseManifest(built.manifest)).toString('hex'),
      k_anonymity: built.kAnonymity?.k ?? null,
      file_name: fileName,
      created_at: now.toISOString(),
      expires_at: built.manifest.expiresAt,
      downloads_allowed: settings.maxDownloads,
      downloads_used: 0,
      first_downloaded_at: null,
      last_downloaded_at: null,
      status: 'ready',
      file_deleted_at: null,
    };
    try {
      await rename(built.file, path.join(this.directory, fileName));
      await this.db.insertInto('export_packages').values(row).execute();
    } catch (error) {
      await rm(built.file, { force: true });
      await rm(path.join(this.directory, fileName), { force: true });
      throw error;
    }
    return this.view(row);
  }

  /** The packages of a grant, newest first (the route decides who may list them). */
  async list(grantId: string): Promise<PackageView[]> {
    return (await this.rowsOf(grantId)).map((row) => this.view(row));
  }

  /** The package row, for naming its grant in the audit entry before anything is decided. */
  async find(packageId: string): Promise<ExportPackageRow | undefined> {
    return this.db.selectFrom('export_packages').selectAll().where('id', '=', packageId).executeTakeFirst();
  }

  /**
   * Counts one download and opens the file for streaming, or refuses: 404 for anyone but the
   * grantee, 410 once the package expired, its downloads are used up or its grant ended. The count
   * is taken before the bytes go out (conditional on the count read), so concurrent downloads can
   * never exceed the limit.
   */
  async download(principal: UserPrincipal, row: ExportPackageRow): Promise<ClaimedDownload> {
    const grant = await this.grants.get(row.grant_id).catch(() => null);
    if (!grant || !isGrantee(grant, principal)) throw new AppError(Errors.PACKAGE_NOT_FOUND);
    let current = row;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const now = this.clock();
      const status = packageStatus(current, now);
      if (status === 'expired') throw new AppError(Errors.PACKAGE_EXPIRED, { expiresAt: current.expires_at });
      if (status === 'exhausted') throw new AppError(Errors.PACKAGE_DOWNLOADS_USED, { allowed: current.downloads_allowed });
      if (status === 'withdrawn' || !isLive(grant, now)) throw new AppError(Errors.PACKAGE_GRANT_ENDED, { status: { en: grant.effectiveStatus, zh: GRANT_STATUS_ZH[grant.effectiveStatus] ?? grant.effectiveStatus } });
      let handle: FileHandle;
      try {
        handle = await open(path.join(this.directory, current.file_name), 'r');
      } catch {
        throw new AppError(Errors.PACKAGE_EXPIRED, { expiresAt: current.expires_at });
      }
      const at = now.toISOString();
      const used = current.downloads_used + 1;
      const claimed = await this.db
        .updateTable('export_packages')
        .set({ downloads_used: used, first_downloaded_at: current.first_downloaded_at ?? at, last_downloaded_at: at, status: used >= current.downloads_allowed ? 'exhausted' : 'ready' })
        .where('id', '=', current.id)
        .where('status', '=', 'ready')
        .where('downloads_used', '=', current.downloads_used)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) {
        const updated = { ...current, downloads_used: used, first_downloaded_at: current.first_downloaded_at ?? at, last_downloaded_at: at };
        return { view: this.view(updated), fileName: current.file_name, stream: handle.createReadStream({ autoClose: true }) };
      }
      await handle.close();
      const again = await this.find(current.id);
      if (!again) throw new AppError(Errors.PACKAGE_NOT_FOUND);
      current = again;
    }
    throw new AppError(Errors.PACKAGE_DOWNLOADS_USED, { allowed: current.downloads_allowed });
  }

  /**
   * Housekeeping (the 60 s timer): packages past their expiry, used up, or whose grant ended lose
   * their file; each is returned once so the caller audits it.
   */
  async retireDue(): Promise<RetiredPackage[]> {
    const now = this.clock();
    const rows = await this.db
      .selectFrom('export_packages as p')
      .innerJoin('grants as g', 'g.id', 'p.grant_id')
      .select(['p.id', 'p.grant_id', 'p.file_name', 'p.status', 'p.expires_at', 'p.downloads_used', 'p.downloads_allowed', 'g.status as grant_status', 'g.valid_from', 'g.valid_to'])
      .where('p.file_deleted_at', 'is', null)
      .where((eb) => eb.or([eb('p.status', '!=', 'ready'), eb('p.expires_at', '<=', now.toISOString()), eb('g.status', '!=', 'active'), eb('g.valid_to', '<=', now.toISOString())]))
      .execute();
    const retired: RetiredPackage[] = [];
    for (const row of rows) {
      let status = packageStatus(row, now);
      if (status === 'ready' && !isLive({ status: row.grant_status as GrantView['status'], validFrom: row.valid_from, validTo: row.valid_to }, now)) status = 'withdrawn';
      if (status === 'ready') continue;
      await rm(path.join(this.directory, row.file_name), { force: true });
      const changed = await this.db.updateTable('export_packages').set({ status, file_deleted_at: now.toISOString() }).where('id', '=', row.id).where('file_deleted_at', 'is', null).executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1) retired.push({ id: row.id, grantId: row.grant_id, status });
    }
    return retired;
  }

  /** First download of any package per grant: it starts the usage-feedback clock. */
  async firstDownloads(grantIds: readonly string[]): Promise<Map<string, string>> {
    return firstDownloadsOf(this.db, grantIds);
  }

  private rowsOf(grantId: string): Promise<ExportPackageRow[]> {
    return this.db.selectFrom('export_packages').selectAll().where('grant_id', '=', grantId).orderBy('created_at', 'desc').orderBy('id').execute();
  }

  private view(row: ExportPackageRow): PackageView {
    const status = packageStatus(row, this.clock());
    return {
      id: row.id,
      grantId: row.grant_id,
      builtBy: row.built_by,
      recipientFingerprint: row.recipient_fingerprint,
      format: row.data_format,
      identification: row.identification,
      recordCount: Number(row.record_count),
      bytes: Number(row.bytes),
      manifestHash: row.manifest_hash,
      kAnonymity: row.k_anonymity,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      downloadsAllowed: row.downloads_allowed,
      downloadsUsed: row.downloads_used,
      downloadsLeft: status === 'ready' ? Math.max(0, row.downloads_allowed - row.downloads_used) : 0,
      firstDownloadedAt: row.first_downloaded_at,
      lastDownloadedAt: row.last_downloaded_at,
      status,
    };
  }
}

const GRANT_STATUS_ZH: Record<string, string> = { revoked: '撤销', expired: '过期', suspended: '暂停', active: '生效' };

/** Earliest package download per grant, for the feedback due date. */
export async function firstDownloadsOf(db: Kysely<Database>, grantIds: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (let i = 0; i < grantIds.length; i += 500) {
    const rows = await db
      .selectFrom('export_packages')
      .select(['grant_id', (eb) => eb.fn.min<string>('first_downloaded_at').as('first')])
      .where('grant_id', 'in', grantIds.slice(i, i + 500))
      .where('first_downloaded_at', 'is not', null)
      .groupBy('grant_id')
      .execute();
    for (const row of rows) if (row.first) map.set(row.grant_id, row.first);
  }
  return map;
}
