/**
 * The scheduler's lease on both databases: two schedulers on separate connections stand for two
 * instances of the server sharing one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectFor, openDatabase, openMigratedDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { afterEachQuarter, Scheduler, type JobFailure, type ScheduledJob } from '../../src/scheduler/index.js';
import { testClock, type TestClock } from '../support/clock.js';
import { createTestDatabase, DIALECTS, skipDialect, type TestDatabase } from '../support/databases.js';

const T0 = new Date('2026-11-25T09:00:00.000Z');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run the test finishes by hand, to hold a lease for as long as it likes. */
function heldRun(): { started: Promise<void>; finish(): void; run: () => Promise<void> } {
  let markStarted!: () => void;
  let finish!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { started, finish, run: async () => (markStarted(), done) };
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`scheduler with a database lease (${dialect})`, () => {
    let database: TestDatabase;
    let one: DatabaseHandle;
    let two: DatabaseHandle;
    let clock: TestClock;
    const row = (name: string) => one.db.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    /** Two instances, each with its own copy of the job, on their own connections. */
    const pair = (job: ScheduledJob, onFailure?: (failure: JobFailure) => void): [Scheduler, Scheduler] => {
      const a = new Scheduler(one.db, clock, { instanceName: 'a', onFailure });
      const b = new Scheduler(two.db, clock, { instanceName: 'b', onFailure });
      a.register(job);
      b.register(job);
      return [a, b];
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      const location = { databaseUrl: database.databaseUrl, dataDir: database.dataDir };
      one = await openMigratedDatabase(location);
      two = await openDatabase(dialectFor(location));
    });
    afterAll(async () => {
      await two?.close();
      await one?.close();
      await database?.drop();
    });

    it('runs a due job once when two instances tick together, and again once per due time', async () => {
      clock = testClock(T0);
      let runs = 0;
      const [a, b] = pair({
        name: 'once-per-due',
        everyMs: 60_000,
        run: async () => {
          runs += 1;
          // Widen the window in which the other instance could wrongly start the same run.
          await pause(20);
        },
      });
      for (let round = 1; round <= 3; round++) {
        const ran = (await Promise.all([a.tick(), b.tick()])).flat();
        expect(ran).toEqual(['once-per-due']);
        expect(runs).toBe(round);
        // Not due again until the next minute, however often the instances tick.
        expect((await Promise.all([a.tick(), b.tick()])).flat()).toEqual([]);
        clock.advanceMinutes(1);
      }
      expect(await row('once-per-due')).toMatchObject({ run_count: 3, failure_count: 0, last_outcome: 'success', lease_owner: null, lease_until: null, next_due_at: '2026-11-25T09:03:00.000Z' });
    });

    it('lets another instance take over a lease its holder let lapse, and keeps the newer record', async () => {
      clock = testClock(T0);
      const held = heldRun();
      let takeovers = 0;
      const a = new Scheduler(one.db, clock, { instanceName: 'a' });
      const b = new Scheduler(two.db, clock, { instanceName: 'b' });
      a.register({ name: 'lease-takeover', everyMs: 60 * 60_000, leaseMs: 5 * 60_000, run: held.run });
      b.register({ name: 'lease-takeover', everyMs: 60 * 60_000, leaseMs: 5 * 60_000, run: async () => void (takeovers += 1) });

      // 1. Instance a claims the job and hangs in it, as a crashed or stalled instance would.
      const stalled = a.tick();
      await held.started;
      expect((await row('lease-takeover')).lease_owner).toBe(a.owner);
      // 2. While a's lease holds, b leaves the job alone.
      clock.advanceMinutes(4);
      expect(await b.tick()).toEqual([]);
      expect(takeovers).toBe(0);
      // 3. Once the lease has lapsed, b runs the job that is still due.
      clock.advanceMinutes(2);
      expect(await b.tick()).toEqual(['lease-takeover']);
      expect(takeovers).toBe(1);
      const afterTakeover = await row('lease-takeover');
      expect(afterTakeover).toMatchObject({ run_count: 1, last_outcome: 'success', lease_owner: null, last_started_at: '2026-11-25T09:06:00.000Z', next_due_at: '2026-11-25T10:00:00.000Z' });
      // 4. a finishing late does not overwrite b's record or move the schedule.
      held.finish();
      expect(await stalled).toEqual(['lease-takeover']);
      expect(await row('lease-takeover')).toEqual(afterTakeover);
    });

    it('records a failing run, goes on with the next job, and retries at the next due time', async () => {
      clock = testClock(T0);
      const failures: JobFailure[] = [];
      let attempts = 0;
      const [a] = pair(
        {
          name: 'flaky',
          everyMs: 60_000,
          run: async () => {
            attempts += 1;
            if (attempts === 1) throw new Error(`disk full\n${'x'.repeat(2_000)}`);
          },
        },
        (failure) => void failures.push(failure),
      );
      a.register({ name: 'after-flaky', everyMs: 60_000, run: async () => undefined });

      expect(await a.tick()).toEqual(['flaky', 'after-flaky']);
      const failed = await row('flaky');
      expect(failed).toMatchObject({ run_count: 1, failure_count: 1, last_outcome: 'failed', lease_owner: null, next_due_at: '2026-11-25T09:01:00.000Z' });
      expect(failed.last_error).toMatch(/^Error: disk full x+…$/);
      expect(failed.last_error!.length).toBe(500);
      expect(failures).toEqual([{ job: 'flaky', owner: a.owner, startedAt: T0.toISOString(), error: failed.last_error, manual: false }]);
      expect((await row('after-flaky')).last_outcome).toBe('success');

      // Not retried at once: a failure waits for the next due time like a success does.
      clock.advanceMinutes(0.5);
      expect(await a.tick()).toEqual([]);
      clock.advanceMinutes(0.5);
      expect(await a.tick()).toEqual(['flaky', 'after-flaky']);
      expect(await row('flaky')).toMatchObject({ run_count: 2, failure_count: 1, last_outcome: 'success', last_error: null, next_due_at: '2026-11-25T09:02:00.000Z' });
      expect(failures).toHaveLength(1);
    });

    it('runs a job on demand whatever its schedule, without moving the schedule', async () => {
      clock = testClock(T0);
      let runs = 0;
      const a = new Scheduler(one.db, clock, { instanceName: 'a' });
      a.register({ name: 'on-demand', everyMs: 60 * 60_000, run: async () => void (runs += 1) });
      a.register({ name: 'on-demand-fails', everyMs: 60 * 60_000, run: async () => Promise.reject(new RangeError('bad range')) });
      await a.tick();
      clock.advanceMinutes(5);
      await a.runNow('on-demand');
      expect(runs).toBe(2);
      expect(await row('on-demand')).toMatchObject({ run_count: 2, last_started_at: '2026-11-25T09:05:00.000Z', next_due_at: '2026-11-25T10:00:00.000Z' });
      await expect(a.runNow('on-demand-fails')).rejects.toThrow(RangeError);
      expect(await row('on-demand-fails')).toMatchObject({ run_count: 2, failure_count: 2, last_error: 'RangeError: bad range', next_due_at: '2026-11-25T10:00:00.000Z' });
      await expect(a.runNow('no-such-job')).rejects.toThrow(/No job named/);
    });

    it('runs a calendar job shortly after each quarter ends', async () => {
      clock = testClock(T0);
      const runs: string[] = [];
      const a = new Scheduler(one.db, clock, { instanceName: 'a' });
      a.register({ name: 'quarter-report', next: afterEachQuarter(60 * 60_000), run: async (now) => void runs.push(now.toISOString()) });
      expect(await a.tick()).toEqual([]);
      // 01:00 on 1 January in Beijing.
      expect((await row('quarter-report')).next_due_at).toBe('2026-12-31T17:00:00.000Z');
      clock.set(new Date('2026-12-31T17:00:30.000Z'));
      expect(await a.tick()).toEqual(['quarter-report']);
      expect(runs).toEqual(['2026-12-31T17:00:30.000Z']);
      expect((await row('quarter-report')).next_due_at).toBe('2027-03-31T17:00:00.000Z');
    });

    it('stops its timer only after the run in progress has finished', async () => {
      clock = testClock(T0);
      const held = heldRun();
      const a = new Scheduler(one.db, clock, { instanceName: 'a' });
      a.register({ name: 'stop-waits', everyMs: 60_000, run: held.run });
      a.start(10);
      await held.started;
      let stopped = false;
      const stopping = a.stop().then(() => void (stopped = true));
      await pause(50);
      expect(stopped).toBe(false);
      held.finish();
      await stopping;
      expect(await row('stop-waits')).toMatchObject({ run_count: 1, lease_owner: null });
      // A stopped scheduler claims nothing more, even when asked directly.
      clock.advanceMinutes(5);
      expect(await a.tick()).toEqual([]);
    });

    it('refuses a second job of the same name and a timing that would spin', () => {
      clock = testClock(T0);
      const a = new Scheduler(one.db, clock);
      a.register({ name: 'unique-name', everyMs: 60_000, run: async () => undefined });
      expect(() => a.register({ name: 'unique-name', everyMs: 60_000, run: async () => undefined })).toThrow(/already registered/);
      expect(() => a.register({ name: 'too-fast', everyMs: 5, run: async () => undefined })).toThrow(/everyMs/);
      expect(() => a.register({ name: 'Bad Name', everyMs: 60_000, run: async () => undefined })).toThrow(/lower-case/);
    });
  });
}
