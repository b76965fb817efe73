/** One row per scheduled job, shared by every instance on the database (migration 0012). */
export interface ScheduledJobRow {
  name: string;
  /** The next time the job is due; a run is claimed only once this has passed. */
  next_due_at: string;
  /** Which scheduler instance holds the run, while it runs; null when idle. */
  lease_owner: string | null;
  /** When the holder's claim lapses, so a crashed instance does not keep the job forever. */
  lease_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  /** success | failed */
  last_outcome: string | null;
  /** The last failure's message, truncated; null after a success. */
  last_error: string | null;
  run_count: number;
  failure_count: number;
  created_at: string;
}

export interface SchedulerTables {
  scheduled_jobs: ScheduledJobRow;
}
