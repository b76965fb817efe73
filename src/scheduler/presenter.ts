import type { JobTiming } from './schedule.js';
import type { ScheduledJobRow } from './tables.js';

/** A job as the jobs endpoint shows it. */
export interface JobView {
  name: string;
  /** The interval between due times; null for a calendar job. */
  everyMs: number | null;
  /** Whether this instance runs the job: a row left by a job another version registered is listed too. */
  registered: boolean;
  nextDueAt: string;
  /** An instance holds an unexpired lease on the job, so it is running there now. */
  running: boolean;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: 'success' | 'failed' | null;
  lastError: string | null;
  runCount: number;
  failureCount: number;
}

export function presentJob(row: ScheduledJobRow, timing: JobTiming | undefined, now: string): JobView {
  return {
    name: row.name,
    everyMs: timing?.everyMs ?? null,
    registered: timing !== undefined,
    nextDueAt: row.next_due_at,
    running: row.lease_until !== null && row.lease_until >= now,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastStartedAt: row.last_started_at,
    lastFinishedAt: row.last_finished_at,
    lastOutcome: row.last_outcome === 'success' || row.last_outcome === 'failed' ? row.last_outcome : null,
    lastError: row.last_error,
    runCount: Number(row.run_count),
    failureCount: Number(row.failure_count),
  };
}
