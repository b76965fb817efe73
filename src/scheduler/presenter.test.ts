import { describe, expect, it } from 'vitest';
import { presentJob } from './presenter.js';
import type { ScheduledJobRow } from './tables.js';

const row: ScheduledJobRow = {
  name: 'grant-expiry',
  next_due_at: '2026-11-25T09:01:00.000Z',
  lease_owner: 'host-a:42:abcdef',
  lease_until: '2026-11-25T09:10:00.000Z',
  last_started_at: '2026-11-25T09:00:00.000Z',
  last_finished_at: null,
  last_outcome: null,
  last_error: null,
  run_count: 3,
  failure_count: 1,
  created_at: '2026-11-20T00:00:00.000Z',
};

describe('presentJob', () => {
  it('shows a job as running while its lease holds, and no longer once it has lapsed', () => {
    expect(presentJob(row, { everyMs: 60_000 }, '2026-11-25T09:05:00.000Z')).toMatchObject({ running: true, leaseOwner: 'host-a:42:abcdef', everyMs: 60_000, registered: true });
    expect(presentJob(row, { everyMs: 60_000 }, '2026-11-25T09:10:00.001Z').running).toBe(false);
  });

  it('lists a calendar job without an interval and a job no instance here registered', () => {
    expect(presentJob(row, { next: (d) => new Date(d.getTime() + 1) }, '2026-11-25T09:05:00.000Z')).toMatchObject({ everyMs: null, registered: true });
    expect(presentJob(row, undefined, '2026-11-25T09:05:00.000Z')).toMatchObject({ everyMs: null, registered: false });
  });

  it('answers only the outcomes it knows', () => {
    expect(presentJob({ ...row, last_outcome: 'failed', last_error: 'Error: x' }, undefined, row.next_due_at)).toMatchObject({ lastOutcome: 'failed', lastError: 'Error: x' });
    expect(presentJob({ ...row, last_outcome: 'weird' }, undefined, row.next_due_at).lastOutcome).toBeNull();
  });
});
