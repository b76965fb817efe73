import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { errorSummary } from './error-summary.js';
import { presentJob, type JobView } from './presenter.js';
import { firstDueAt, nextDueAt, timingProblem, type JobTiming } from './schedule.js';
import { allJobs, claimableNames, claimJob, finishJob, insertJobIfMissing, recordManualRun, type RunResult } from './store.js';

/**
 * A named piece of background work. Runs must be idempotent: a run that outlives its lease may
 * overlap the next instance's run, and an instance that dies mid-run leaves the work to be redone.
 */
export type ScheduledJob = JobTiming & {
  /** Stable across versions and instances: it is the row's key. */
  name: string;
  /** `now` is the time the run was claimed. */
  run(now: Date): Promise<unknown>;
  /** How long a claim holds before another instance may take the job over; longer than the longest run. */
  leaseMs?: number;
};

export interface JobFailure {
  job: string;
  owner: string;
  startedAt: string;
  error: string;
  /** Run on demand (`runNow`) rather than by the schedule. */
  manual: boolean;
}

export interface SchedulerOptions {
  /** Names this instance in lease rows (default: host name and process id). */
  instanceName?: string;
  /** Lease of jobs that do not state their own. */
  leaseMs?: number;
  /** Told of every failed run after it is recorded; its own errors are swallowed. */
  onFailure?: (failure: JobFailure) => Promise<void> | void;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const JOB_NAME = /^[a-z][a-z0-9-]{1,62}$/;

/**
 * Runs named jobs when they fall due, each due time once across all instances sharing the
 * database (ADR 0014). Runs within one instance never overlap: ticks and on-demand runs take turns.
 */
export class Scheduler {
  /** Unique per scheduler, so two in one process (tests) are two lease holders. */
  readonly owner: string;
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly stored = new Set<string>();
  private turn: Promise<unknown> = Promise.resolve();
  private pendingTick: Promise<string[]> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: SchedulerOptions = {},
  ) {
    this.owner = `${options.instanceName ?? `${hostname()}:${process.pid}`}:${randomBytes(3).toString('hex')}`;
  }

  /** Adds a job; its row is written on the next tick, run or listing. Names are unique. */
  register(job: ScheduledJob): void {
    if (!JOB_NAME.test(job.name)) throw new Error(`Job name "${job.name}" must be lower-case letters, digits and hyphens`);
    if (this.jobs.has(job.name)) throw new Error(`Job "${job.name}" is already registered`);
    const problem = timingProblem(job, this.clock());
    if (problem) throw new Error(`Job "${job.name}": ${problem}`);
    this.jobs.set(job.name, job);
  }

  /** Ticks every `everyMs` on an unref'd timer, so the timer alone never keeps the process alive. */
  start(everyMs: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in progress: it may write files and audit entries, which must not outlive the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.turn;
  }

  /**
   * Runs, in registration order, every job that is due and not leased elsewhere. A tick asked for
   * while one runs joins it. Answers the names of the jobs this instance ran.
   */
  tick(): Promise<string[]> {
    if (this.stopped) return Promise.resolve([]);
    this.pendingTick ??= this.inTurn(() => this.runDue()).finally(() => {
      this.pendingTick = null;
    });
    return this.pendingTick;
  }

  /**
   * Runs one job at once, whether due or not and ignoring leases, and records the run without
   * moving its schedule. For tests and operator commands; a failure is recorded, reported and rethrown.
   */
  runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`No job named "${name}"`));
    return this.inTurn(async () => {
      await this.storeNewJobs();
      const startedAt = this.clock().toISOString();
      const result = await this.attempt(job, new Date(startedAt));
      await recordManualRun(this.db, { ...result, startedAt });
      if (result.error === null) return;
      await this.report({ job: name, owner: this.owner, startedAt, error: result.error, manual: true });
      throw result.thrown;
    });
  }

  /** Every job row, registered here or not, with its last run and lease. */
  async list(): Promise<JobView[]> {
    await this.storeNewJobs();
    const now = this.clock().toISOString();
    return (await allJobs(this.db)).map((row) => presentJob(row, this.jobs.get(row.name), now));
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async runDue(): Promise<string[]> {
    await this.storeNewJobs();
    const claimable = await claimableNames(this.db, this.clock().toISOString());
    const ran: string[] = [];
    for (const job of this.jobs.values()) {
      if (this.stopped) break;
      if (!claimable.has(job.name)) continue;
      // Read the clock per job: earlier jobs of this tick took time, and the lease runs from the claim.
      const now = this.clock();
      const leaseUntil = new Date(now.getTime() + (job.leaseMs ?? this.options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
      const due = await claimJob(this.db, { name: job.name, owner: this.owner, now: now.toISOString(), leaseUntil });
      if (due === null) continue;
      await this.runLeased(job, now, new Date(due));
      ran.push(job.name);
    }
    return ran;
  }

  private async runLeased(job: ScheduledJob, startedAt: Date, due: Date): Promise<void> {
    const result = await this.attempt(job, startedAt);
    const nextDue = nextDueAt(job, due, new Date(result.finishedAt)).toISOString();
    await finishJob(this.db, { ...result, owner: this.owner, nextDueAt: nextDue });
    if (result.error !== null) await this.report({ job: job.name, owner: this.owner, startedAt: startedAt.toISOString(), error: result.error, manual: false });
  }

  private async attempt(job: ScheduledJob, startedAt: Date): Promise<RunResult & { thrown: unknown }> {
    try {
      await job.run(startedAt);
      return { name: job.name, finishedAt: this.clock().toISOString(), outcome: 'success', error: null, thrown: null };
    } catch (thrown) {
      return { name: job.name, finishedAt: this.clock().toISOString(), outcome: 'failed', error: errorSummary(thrown), thrown };
    }
  }

  private async report(failure: JobFailure): Promise<void> {
    try {
      await this.options.onFailure?.(failure);
    } catch {
      // The failure is already in the job's row; a listener that fails too must not stop the other jobs.
    }
  }

  private async storeNewJobs(): Promise<void> {
    for (const job of this.jobs.values()) {
      if (this.stored.has(job.name)) continue;
      const now = this.clock();
      await insertJobIfMissing(this.db, job.name, firstDueAt(job, now).toISOString(), now.toISOString());
      this.stored.add(job.name);
    }
  }
}
