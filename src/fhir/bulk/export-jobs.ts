import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AccessService, GrantService, GrantView, ParallelScanOptions } from '../../access/index.js';
import { isLive } from '../../access/grants.js';
import { systemActor, type AuditRecord } from '../../audit/index.js';
import type { Keyring } from '../../crypto/index.js';
import type { Database } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import type { InstitutionPrincipal } from '../../org/index.js';
import { writeExport, type ExportResult } from './runner.js';
import { expiryOf, HEARTBEAT_MS, RETENTION_MS } from './status.js';
import { completeExport, failExport, markRunning, touch } from './store.js';

/** Keyring purpose of the data key that wraps each export file's own key. */
export const BULK_EXPORT_KEY_PURPOSE = 'bulk-export';
const DEFAULT_PAGE_SIZE = 1000;
const STOPPED = 'the server stopped while the export ran; start a new export';
const FAILED = 'an internal error stopped the export; start a new export';

export interface BulkExportDeps {
  db: Kysely<Database>;
  access: Pick<AccessService, 'scanTransformed' | 'definition'>;
  grants: Pick<GrantService, 'get'>;
  keyring: Keyring;
  /** The audit log's append: the job's end and the sweep's deletions are recorded as the system. */
  audit: (record: AuditRecord) => Promise<unknown>;
  clock: Clock;
  dataDir: string;
  pageSize?: number;
  /** How the bulk read spreads over threads (tests and the benchmark set it). */
  scanOptions?: ParallelScanOptions;
  /** Where unexpected failures of a job are reported (the job's status says only that it failed). */
  logError?: (error: unknown, message: string) => void;
}

/** An export to run, as decided at its kick-off. */
export interface ExportJob {
  id: string;
  partner: InstitutionPrincipal;
  grant: GrantView;
  types: string[];
  groupTypes: string[];
  since: string | null;
  notes: string[];
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
  progress: number;
}

/** The AAD binding a file's sealed key to its row. */
export const fileKeyAad = (fileId: string) => Buffer.from(`bulk-export-file\u0000${fileId}`, 'utf8');

export function removeExportFiles(directory: string, exportId: string): Promise<void> {
  return rm(path.join(directory, exportId), { recursive: true, force: true });
}

/** A failure whose message the client may read in the export's status. */
class JobFailure extends Error {}

/**
 * The exports running in this process: each in the background, touching its row every few seconds
 * so other processes can tell it is alive, stopping between pages when cancelled (here or, seen
 * through its row, elsewhere) or when the server stops. Its end — completed, failed or stopped — is
 * recorded conditionally on the row still being running, and audited as the system.
 */
export class ExportJobs {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly deps: BulkExportDeps,
    private readonly directory: string,
  ) {}

  has(exportId: string): boolean {
    return this.running.has(exportId);
  }

  /** Resources written so far by an export running here (0 if none is). */
  progress(exportId: string): number {
    return this.running.get(exportId)?.progress ?? 0;
  }

  /** Resolves when the export's run in this process has ended; at once if none is running. */
  async settled(exportId: string): Promise<void> {
    await this.running.get(exportId)?.done;
  }

  /** Stops an export running here whose row was cancelled, and waits until it has let go of its files. */
  async cancel(exportId: string): Promise<void> {
    const running = this.running.get(exportId);
    running?.controller.abort('cancelled');
    await running?.done;
  }

  /** Stops every export running here (each is failed as stopped, and audited) and waits for them. */
  async close(): Promise<void> {
    this.stopping = true;
    for (const running of this.running.values()) running.controller.abort('shutdown');
    await Promise.allSettled([...this.running.values()].map((running) => running.done));
  }

  launch(job: ExportJob): void {
    const controller = new AbortController();
    const running: Running = { controller, progress: 0, done: Promise.resolve() };
    // After the kick-off's answer is on its way: the request does not wait for any of the work.
    running.done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.execute(job, running))
      .catch((error: unknown) => this.deps.logError?.(error, 'bulk export bookkeeping failed'))
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, running);
    if (this.stopping) controller.abort('shutdown');
  }

  private async execute(job: ExportJob, running: Running): Promise<void> {
    const { db, clock } = this.deps;
    const { signal } = running.controller;
    if (signal.aborted || !(await markRunning(db, job.id, clock().toISOString()))) {
      if (signal.reason === 'shutdown') await this.fail(job, STOPPED);
      return;
    }
    let beating = Promise.resolve();
    const heartbeat = setInterval(() => {
      beating = beating.then(async () => {
        // No longer running in the database: cancelled, or failed as stale by another process.
        if (!(await touch(db, job.id, clock().toISOString(), running.progress))) running.controller.abort('cancelled');
      }, () => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const result = await this.write(job, running);
      clearInterval(heartbeat);
      await beating;
      await this.complete(job, result);
    } catch (error) {
      clearInterval(heartbeat);
      await beating;
      await removeExportFiles(this.directory, job.id);
      if (signal.reason === 'cancelled') return;
      if (!(signal.reason === 'shutdown' || error instanceof JobFailure)) this.deps.logError?.(error, `bulk export ${job.id} failed`);
      await this.fail(job, signal.reason === 'shutdown' ? STOPPED : error instanceof JobFailure ? error.message : FAILED);
    }
  }

  private async write(job: ExportJob, running: Running): Promise<ExportResult> {
    const { keyring, clock } = this.deps;
    if (!isLive(await this.deps.grants.get(job.grant.id), clock())) throw new JobFailure(`the grant behind Group/${job.grant.id} is no longer in force`);
    const cipher = keyring.profile.aead;
    return writeExport({
      access: this.deps.access,
      context: { principal: job.partner, purpose: job.grant.purpose, channel: 'external' },
      grantId: job.grant.id,
      catalogCode: job.grant.catalogCode,
      types: job.types,
      groupTypes: job.groupTypes,
      since: job.since,
      notes: job.notes,
      directory: path.join(this.directory, job.id),
      // Each file has its own key, sealed by the keyring (envelope encryption) and bound to the file's row.
      fileKey: async (fileId) => {
        const key = randomBytes(cipher.keyLength);
        const sealedKey = (await keyring.encrypt(BULK_EXPORT_KEY_PURPOSE, key, fileKeyAad(fileId))).toString('base64');
        return { sealing: { cipher, key, fileId }, sealedKey };
      },
      pageSize: this.deps.pageSize ?? DEFAULT_PAGE_SIZE,
      ...(this.deps.scanOptions ? { scanOptions: this.deps.scanOptions } : {}),
      signal: running.controller.signal,
      now: () => clock().toISOString(),
      progress: (records) => {
        running.progress = records;
      },
    });
  }

  /** Records the files and the completion, then audits it; an export whose end cannot be audited is not served. */
  private async complete(job: ExportJob, result: ExportResult): Promise<void> {
    const { db, clock } = this.deps;
    const ended = clock();
    const grant = await this.deps.grants.get(job.grant.id);
    if (!isLive(grant, ended)) throw new JobFailure(`the grant behind Group/${job.grant.id} ended while the export ran`);
    const files = result.files.map((file) => ({ ...file, export_id: job.id }));
    if (!(await completeExport(db, job.id, files, ended.toISOString(), expiryOf(ended, grant.validTo), result.records))) {
      // Cancelled (or failed as stale elsewhere) meanwhile: nothing of it may stay.
      await removeExportFiles(this.directory, job.id);
      return;
    }
    const patients = [...result.patients];
    try {
      await this.deps.audit({
        actor: systemActor('bulk export'),
        action: 'export',
        objectType: 'bulk_export',
        objectId: job.id,
        patientId: patients.length === 1 ? patients[0]! : null,
        purposeOfUse: job.grant.purpose,
        grantId: job.grant.id,
        accessBasis: `grant:${job.grant.id}`,
        outcome: 'success',
        details: {
          institution: job.partner.institutionCode,
          client: job.partner.clientId,
          records: result.records,
          counts: result.counts,
          files: files.length,
          bytes: files.reduce((sum, file) => sum + Number(file.bytes), 0),
          patientCount: patients.length,
          // Bounded so the entry stays under the audit log's details limit; the count is exact.
          patients: patients.slice(0, 40),
          ...(job.since ? { since: job.since } : {}),
          ...(Object.keys(result.otherBasis).length ? { leftOut: result.otherBasis } : {}),
        },
      });
    } catch (error) {
      this.deps.logError?.(error, `bulk export ${job.id}: completion could not be audited`);
      await removeExportFiles(this.directory, job.id);
      await failExport(db, job.id, 'the export could not be recorded in the audit log; start a new export', clock().toISOString(), new Date(ended.getTime() + RETENTION_MS).toISOString(), ['completed']);
    }
  }

  private async fail(job: ExportJob, reason: string): Promise<void> {
    const now = this.deps.clock();
    if (!(await failExport(this.deps.db, job.id, reason, now.toISOString(), new Date(now.getTime() + RETENTION_MS).toISOString()))) return;
    await this.deps.audit({ actor: systemActor('bulk export'), action: 'export', objectType: 'bulk_export', objectId: job.id, purposeOfUse: job.grant.purpose, grantId: job.grant.id, outcome: 'error', reason, details: { institution: job.partner.institutionCode, client: job.partner.clientId } });
  }
}
