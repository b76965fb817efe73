import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Checkpoint } from './checkpoint.js';
import { systemActor, type AuditRecord } from './entry.js';
import type { AuditVerificationRow } from './tables.js';
import type { VerificationResult } from './verify-log.js';

export type VerificationMode = 'full' | 'incremental';

/** A recorded verification run, as the API, the console and the quarterly report show it. */
export interface VerificationRun {
  id: string;
  mode: VerificationMode;
  /** The run started from this signed checkpoint (0 for a full run). */
  fromSize: number;
  /** The signed checkpoint the run reached; an incremental run covers [fromSize, treeSize). */
  treeSize: number;
  rootHash: string | null;
  ok: boolean;
  /** Entries re-hashed by this run (for an incremental run, only those after `fromSize`). */
  entriesChecked: number;
  checkpointsChecked: number;
  problem: string | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  trigger: string;
}

export interface VerificationRunPorts {
  db: Kysely<Database>;
  clock: Clock;
  verify(options: { from: number }): Promise<VerificationResult>;
  /** Signs a checkpoint at the log's current size, so the run ends on a signed root the next one can start from. */
  checkpoint(): Promise<Checkpoint>;
  append(record: AuditRecord): Promise<unknown>;
}

function present(row: AuditVerificationRow): VerificationRun {
  return {
    id: row.id,
    mode: row.mode as VerificationMode,
    fromSize: Number(row.from_size),
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    ok: Number(row.ok) === 1,
    entriesChecked: Number(row.entries_checked),
    checkpointsChecked: Number(row.checkpoints_checked),
    problem: row.problem,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: Number(row.duration_ms),
    trigger: row.trigger,
  };
}

/**
 * Verification runs of the audit log, recorded. A full run re-hashes every entry; an incremental
 * run starts at the signed checkpoint where the last sound run ended, rebuilds that root from the
 * stored subtree hashes and re-hashes only what came after — so a log of tens of millions of
 * entries is checked continuously at the cost of its growth, and a full run (daily) still catches
 * a change to old entries. Runs on one instance are serialised.
 */
export class AuditVerificationRuns {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ports: VerificationRunPorts) {}

  run(mode: VerificationMode, trigger: string): Promise<VerificationRun> {
    const next = this.queue.then(() => this.runNow(mode, trigger));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The latest run if it reached `size` (or finished within `freshMs`), otherwise a new incremental
   * run, which reaches the log's current size.
   */
  async covering(size: number, trigger: string, freshMs = 0): Promise<VerificationRun> {
    const latest = await this.latest();
    if (latest && (latest.treeSize >= size || this.ports.clock().getTime() - Date.parse(latest.finishedAt) <= freshMs)) return latest;
    return this.run('incremental', trigger);
  }

  async latest(mode?: VerificationMode): Promise<VerificationRun | null> {
    let query = this.ports.db.selectFrom('audit_verifications').selectAll().orderBy('finished_at', 'desc').orderBy('tree_size', 'desc').limit(1);
    if (mode) query = query.where('mode', '=', mode);
    const row = await query.executeTakeFirst();
    return row ? present(row) : null;
  }

  async list(limit: number, mode?: VerificationMode): Promise<VerificationRun[]> {
    let query = this.ports.db.selectFrom('audit_verifications').selectAll();
    if (mode) query = query.where('mode', '=', mode);
    const rows = await query.orderBy('finished_at', 'desc').orderBy('tree_size', 'desc').limit(limit).execute();
    return rows.map(present);
  }

  /**
   * Where an incremental run may start: the end of the latest sound run — but none from before a
   * failed full run, which found a problem in entries every later incremental run would stand on.
   * Until a full run passes again, every run is a full one and reports the problem again. Runs are
   * told apart by the size they reached: each run appends its own entry, so later runs reach further.
   */
  private async lastSoundSize(): Promise<number> {
    const failedFull = await this.ports.db.selectFrom('audit_verifications').select((eb) => eb.fn.max('tree_size').as('size')).where('mode', '=', 'full').where('ok', '=', 0).executeTakeFirst();
    let query = this.ports.db.selectFrom('audit_verifications').select('tree_size').where('ok', '=', 1);
    if (failedFull?.size !== null && failedFull?.size !== undefined) query = query.where('tree_size', '>', Number(failedFull.size));
    const row = await query.orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
    return row ? Number(row.tree_size) : 0;
  }

  private async runNow(requested: VerificationMode, trigger: string): Promise<VerificationRun> {
    const { clock } = this.ports;
    const startedAt = clock().toISOString();
    const started = performance.now();
    const checkpoint = await this.ports.checkpoint();
    // Without an earlier sound run there is nothing to stand on: the first run is a full one.
    const fromSize = requested === 'full' ? 0 : Math.min(await this.lastSoundSize(), checkpoint.treeSize);
    const mode: VerificationMode = fromSize === 0 ? 'full' : 'incremental';
    const result = await this.ports.verify({ from: fromSize });
    const row: AuditVerificationRow = {
      id: newId(),
      mode,
      from_size: fromSize,
      tree_size: checkpoint.treeSize,
      root_hash: checkpoint.rootHash,
      ok: result.ok ? 1 : 0,
      entries_checked: Math.max(0, result.entriesChecked - fromSize),
      checkpoints_checked: result.checkpointsChecked,
      problem: result.ok ? null : (result.problems[0]?.message ?? 'verification failed'),
      started_at: startedAt,
      finished_at: clock().toISOString(),
      duration_ms: Math.round(performance.now() - started),
      trigger,
    };
    await this.ports.db.insertInto('audit_verifications').values(row).execute();
    await this.ports.append({
      actor: systemActor('audit verification'),
      action: 'system',
      objectType: 'audit_verification',
      objectId: row.id,
      outcome: result.ok ? 'success' : 'error',
      reason: row.problem,
      details: { mode, fromSize, treeSize: row.tree_size, entriesChecked: row.entries_checked, firstBadSeq: result.firstBadSeq, trigger },
    });
    return present(row);
  }
}
