import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { ScheduledJobRow } from './tables.js';

type Db = Kysely<Database>;

/** Adds a job's row unless another instance (or an earlier start) already did; the stored due time wins. */
export async function insertJobIfMissing(db: Db, name: string, nextDueAt: string, now: string): Promise<void> {
  await db
    .insertInto('scheduled_jobs')
    .values({ name, next_due_at: nextDueAt, lease_owner: null, lease_until: null, last_started_at: null, last_finished_at: null, last_outcome: null, last_error: null, run_count: 0, failure_count: 0, created_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
}

/** Names of jobs due at `now` whose lease is free or lapsed: a cheap read before any claim takes a write lock. */
export async function claimableNames(db: Db, now: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('scheduled_jobs')
    .select('name')
    .where('next_due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .execute();
  return new Set(rows.map((row) => row.name));
}

/**
 * Takes the job's lease if it is due and nobody holds it, in one conditional UPDATE: of several
 * instances racing, exactly one sees its row updated (PostgreSQL re-checks the WHERE on the row it
 * waited for; SQLite runs writes one at a time). Answers the due time claimed, or null.
 */
export async function claimJob(db: Db, claim: { name: string; owner: string; now: string; leaseUntil: string }): Promise<string | null> {
  const row = await db
    .updateTable('scheduled_jobs')
    .set({ lease_owner: claim.owner, lease_until: claim.leaseUntil, last_started_at: claim.now })
    .where('name', '=', claim.name)
    .where('next_due_at', '<=', claim.now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', claim.now)]))
    .returning('next_due_at')
    .executeTakeFirst();
  return row?.next_due_at ?? null;
}

export interface RunResult {
  name: string;
  finishedAt: string;
  outcome: 'success' | 'failed';
  error: string | null;
}

/**
 * Records a leased run and frees the lease. Only while `owner` still holds it: an instance whose
 * lease lapsed mid-run must not overwrite the run of the instance that took over. Answers whether
 * the result was recorded.
 */
export async function finishJob(db: Db, result: RunResult & { owner: string; nextDueAt: string }): Promise<boolean> {
  const updated = await db
    .updateTable('scheduled_jobs')
    .set((eb) => ({ ...resultColumns(result), run_count: eb('run_count', '+', 1), failure_count: eb('failure_count', '+', result.outcome === 'failed' ? 1 : 0), next_due_at: result.nextDueAt, lease_owner: null, lease_until: null }))
    .where('name', '=', result.name)
    .where('lease_owner', '=', result.owner)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Records a run made on demand (outside the lease); the schedule and any lease are left as they are. */
export async function recordManualRun(db: Db, result: RunResult & { startedAt: string }): Promise<void> {
  await db
    .updateTable('scheduled_jobs')
    .set((eb) => ({ ...resultColumns(result), last_started_at: result.startedAt, run_count: eb('run_count', '+', 1), failure_count: eb('failure_count', '+', result.outcome === 'failed' ? 1 : 0) }))
    .where('name', '=', result.name)
    .execute();
}

function resultColumns(result: RunResult): Pick<ScheduledJobRow, 'last_finished_at' | 'last_outcome' | 'last_error'> {
  return { last_finished_at: result.finishedAt, last_outcome: result.outcome, last_error: result.error };
}

export function allJobs(db: Db): Promise<ScheduledJobRow[]> {
  return db.selectFrom('scheduled_jobs').selectAll().orderBy('name').execute();
}
