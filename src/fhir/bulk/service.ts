import path from 'node:path';
import type { Readable } from 'node:stream';
import type { GrantView } from '../../access/index.js';
import { isLive } from '../../access/grants.js';
import { systemActor } from '../../audit/index.js';
import { aeadByName } from '../../crypto/index.js';
import { AppError, Errors } from '../../http/index.js';
import { newId } from '../../lib/ids.js';
import type { InstitutionPrincipal } from '../../org/index.js';
import { READABLE_TYPES } from '../search-params.js';
import { scopesAllow } from '../smart/index.js';
import { ExportJobs, fileKeyAad, removeExportFiles, type BulkExportDeps } from './export-jobs.js';
import { groupOf } from './group.js';
import { planTypes, type KickoffRequest } from './kickoff.js';
import { openSealedFile, type SealedFileKey } from './sealed-file.js';
import { exportState, failureOf, INTERRUPTED, MAX_ACTIVE_PER_INSTITUTION, RETENTION_MS, STALE_AFTER_MS, type ExportState } from './status.js';
import { cancelExport, consentsWithdrawnSince, exportsToRetire, failExport, filesOf, findExport, findFile, insertInFreeSlot, markFilesDeleted, staleExports } from './store.js';
import type { BulkExportFileRow, BulkExportRow } from './tables.js';

const EXPORT_DIR = 'bulk-exports';

export interface KickedOff {
  id: string;
  grant: GrantView;
  types: string[];
  notes: string[];
}

/** What a status request sees: the row, its state as of now, and what the state needs to be told. */
export type ExportView =
  | { state: 'queued' | 'running'; row: BulkExportRow; progress: number }
  | { state: 'completed'; row: BulkExportRow; files: BulkExportFileRow[] }
  | { state: 'failed'; row: BulkExportRow; reason: string }
  | { state: 'withdrawn'; row: BulkExportRow; reason: { en: string; zh: string } };

export interface OpenedFile {
  row: BulkExportRow;
  file: BulkExportFileRow;
  stream: Readable;
}

/** A grant as a Group of the calling institution: to it, through the external channel, and in force. */
export function isOwnGroup(grant: Pick<GrantView, 'grantee' | 'channel' | 'status' | 'validFrom' | 'validTo'>, institutionId: string, now: Date): boolean {
  return grant.grantee.kind === 'institution' && grant.grantee.id === institutionId && grant.channel === 'external' && isLive(grant, now);
}

/**
 * FHIR Bulk Data export of a grant's data to the partner institution it was granted to (ADR 0021).
 * A kick-off is checked and recorded, then run in the background in this process: the bulk read of
 * access under the grant's purpose and the external channel, one sealed NDJSON file per type. Only
 * the institution that started an export sees it; it answers until a day after it ends (never past
 * the grant), and not at all once the grant ends or a patient withdraws consent after it ran.
 */
export class BulkExportService {
  private readonly directory: string;
  private readonly jobs: ExportJobs;

  constructor(private readonly deps: BulkExportDeps) {
    this.directory = path.join(deps.dataDir, EXPORT_DIR);
    this.jobs = new ExportJobs(deps, this.directory);
  }

  /** The grant as a Group, for its institution only; any other caller is told it does not exist. */
  async group(partner: InstitutionPrincipal, grantId: string): Promise<{ grant: GrantView; resource: Record<string, unknown> }> {
    const grant = await this.ownGroup(partner, grantId);
    const definition = await this.deps.access.definition(grant.catalogCode);
    return { grant, resource: groupOf(grant, `${definition?.name.zh ?? grant.catalogCode} (${grant.purpose})`) };
  }

  private async ownGroup(partner: InstitutionPrincipal, grantId: string): Promise<GrantView> {
    const grant = await this.deps.grants.get(grantId).catch(() => null);
    if (!grant || !isOwnGroup(grant, partner.institutionId, this.deps.clock())) throw new AppError(Errors.BULK_GROUP_NOT_FOUND);
    return grant;
  }

  /**
   * Checks a kick-off against the group and the token, records the export and starts it in the
   * background. The purpose is the grant's: an `X-Purpose-Of-Use` header may only repeat it.
   */
  async kickOff(partner: InstitutionPrincipal, grantId: string, input: { request: KickoffRequest; requestUrl: string; purposeHeader?: string }): Promise<KickedOff> {
    const grant = await this.ownGroup(partner, grantId);
    if (input.purposeHeader !== undefined && input.purposeHeader !== grant.purpose) throw new AppError(Errors.BULK_EXPORT_PURPOSE, { expected: grant.purpose });
    const definition = await this.deps.access.definition(grant.catalogCode);
    if (!definition) throw new AppError(Errors.BULK_GROUP_NOT_FOUND);
    const groupTypes = definition.fhirResourceTypes.filter((type) => (READABLE_TYPES as readonly string[]).includes(type));
    const plan = planTypes(input.request.types, groupTypes, (type) => scopesAllow(partner.scopes, type, 'search'));
    if (plan.denied.length) throw new AppError(Errors.SMART_SCOPE_INSUFFICIENT, { type: plan.denied.join(', '), interaction: { en: 'bulk export', zh: '批量导出' } });
    // Slots of exports whose process is gone are freed first, or a crash would hold them for good.
    await this.failStale();
    const now = this.deps.clock().toISOString();
    const id = newId();
    const row = { id, institution_id: partner.institutionId, api_client_id: partner.apiClientId, grant_id: grant.id, request_url: input.requestUrl, types: JSON.stringify(plan.types), since: input.request.since, purpose: grant.purpose, created_at: now, heartbeat_at: now };
    if (!(await insertInFreeSlot(this.deps.db, row, MAX_ACTIVE_PER_INSTITUTION))) throw new AppError(Errors.BULK_EXPORT_TOO_MANY, { max: MAX_ACTIVE_PER_INSTITUTION });
    const notes = [
      ...input.request.ignored.map((name) => `The parameter ${name} is not supported and was ignored (Prefer: handling=lenient)`),
      ...plan.notInGroup.map((type) => `Group/${grant.id} opens no ${type} resources (its grant is for ${grant.catalogCode})`),
    ];
    this.jobs.launch({ id, partner, grant, types: plan.types, groupTypes, since: input.request.since, notes });
    return { id, grant, types: plan.types, notes };
  }

  /** An export as its institution sees it; anyone else, and a cancelled or expired export, get 404. */
  async view(partner: InstitutionPrincipal, exportId: string): Promise<ExportView> {
    const row = await this.visible(partner, exportId);
    const state = exportState(row, this.deps.clock());
    if (state === 'cancelled' || state === 'expired') throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    if (state === 'queued' || state === 'running') return { state, row, progress: Math.max(Number(row.progress), this.jobs.progress(row.id)) };
    if (state === 'failed') return { state, row, reason: failureOf(row) };
    const withdrawn = await this.withdrawal(row);
    if (withdrawn) return { state: 'withdrawn', row, reason: withdrawn };
    return { state, row, files: await filesOf(this.deps.db, row.id) };
  }

  /** Opens one file of a completed export for streaming, decrypted; the same refusals as `view`. */
  async openFile(partner: InstitutionPrincipal, exportId: string, fileId: string): Promise<OpenedFile> {
    const view = await this.view(partner, exportId);
    if (view.state === 'withdrawn') throw new AppError(Errors.BULK_EXPORT_WITHDRAWN, { reason: view.reason });
    if (view.state !== 'completed') throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    const file = await findFile(this.deps.db, exportId, fileId);
    if (!file) throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    const sealing: SealedFileKey = { cipher: aeadByName(file.cipher), key: await this.deps.keyring.decrypt(file.sealed_key, fileKeyAad(file.id)), fileId: file.id };
    try {
      return { row: view.row, file, stream: await openSealedFile(path.join(this.directory, exportId, file.file_name), sealing) };
    } catch (error) {
      // Deleted by the sweep between the check and the open: it has just expired.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
      throw error;
    }
  }

  /** Cancels a queued or running export, or deletes a finished one's files (Bulk Data delete request). */
  async cancel(partner: InstitutionPrincipal, exportId: string): Promise<BulkExportRow> {
    const row = await this.visible(partner, exportId);
    const state: ExportState = exportState(row, this.deps.clock());
    if (state === 'cancelled' || state === 'expired') throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    const now = this.deps.clock().toISOString();
    if (!(await cancelExport(this.deps.db, row.id, now))) throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    await this.jobs.cancel(row.id);
    await removeExportFiles(this.directory, row.id);
    await markFilesDeleted(this.deps.db, row.id, now);
    return row;
  }

  /** Resolves when the export's background run (in this process) has ended; at once if none is running. */
  settled(exportId: string): Promise<void> {
    return this.jobs.settled(exportId);
  }

  /**
   * The scheduler's `bulk-export-expiry` job: exports whose process is gone are failed, and the
   * files of expired, cancelled and failed exports, and of exports whose grant ended, are deleted.
   * Each is audited as the system.
   */
  async sweep(): Promise<void> {
    await this.failStale();
    const now = this.deps.clock();
    for (const row of await exportsToRetire(this.deps.db, now.toISOString())) {
      await removeExportFiles(this.directory, row.id);
      if (!(await markFilesDeleted(this.deps.db, row.id, now.toISOString()))) continue;
      const why = row.status === 'cancelled' ? 'cancelled' : row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'grant no longer in force';
      await this.deps.audit({ actor: systemActor('bulk export expiry'), action: 'delete', objectType: 'bulk_export', objectId: row.id, grantId: row.grant_id, outcome: 'success', reason: why, details: { files: 'deleted', institutionId: row.institution_id } });
    }
  }

  /**
   * Fails queued and running exports no process has touched within `STALE_AFTER_MS` (their process
   * stopped: a restart or a crash) and removes what they had written. Run at start-up and by the sweep.
   */
  async failStale(): Promise<number> {
    const now = this.deps.clock();
    let failed = 0;
    for (const row of await staleExports(this.deps.db, new Date(now.getTime() - STALE_AFTER_MS).toISOString())) {
      if (this.jobs.has(row.id)) continue;
      if (!(await failExport(this.deps.db, row.id, INTERRUPTED, now.toISOString(), new Date(now.getTime() + RETENTION_MS).toISOString()))) continue;
      await removeExportFiles(this.directory, row.id);
      failed += 1;
      await this.deps.audit({ actor: systemActor('bulk export'), action: 'export', objectType: 'bulk_export', objectId: row.id, grantId: row.grant_id, purposeOfUse: row.purpose, outcome: 'error', reason: 'interrupted', details: { institutionId: row.institution_id, error: INTERRUPTED } });
    }
    return failed;
  }

  /** Stops the exports running in this process (each is failed as stopped) and waits for them. */
  close(): Promise<void> {
    return this.jobs.close();
  }

  private async visible(partner: InstitutionPrincipal, exportId: string): Promise<BulkExportRow> {
    const row = await findExport(this.deps.db, exportId);
    if (!row || row.institution_id !== partner.institutionId) throw new AppError(Errors.BULK_EXPORT_NOT_FOUND);
    return row;
  }

  /**
   * Why a completed export may no longer be served, if it may not: its grant is no longer in force,
   * or, where the grant needed patients' consent, a consent of the institution for the grant's purpose
   * and resource was withdrawn after the export ran (the files do not say whose records they hold,
   * so any such withdrawal retires them; a new export leaves that patient out).
   */
  private async withdrawal(row: BulkExportRow): Promise<{ en: string; zh: string } | null> {
    const grant = await this.deps.grants.get(row.grant_id).catch(() => null);
    if (!grant || !isLive(grant, this.deps.clock())) return { en: `the grant behind Group/${row.grant_id} is no longer in force`, zh: `分组 ${row.grant_id} 对应的授权已失效` };
    if (grant.maskingProfile === 'de-identified') return null;
    const withdrawn = await consentsWithdrawnSince(this.deps.db, row.institution_id, row.purpose, row.started_at ?? row.created_at);
    return withdrawn.some((codes) => codes === null || codes.includes(grant.catalogCode)) ? { en: 'a patient withdrew consent to sharing this data after the export ran', zh: '导出完成后有患者撤回了对共享该数据的同意' } : null;
  }
}
