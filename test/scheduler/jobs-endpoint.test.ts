import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const HOUSEKEEPING = ['grant-expiry', 'package-retirement', 'reminders'];
/** Every job due on a fixed interval, in registration order; report-drafts waits for a quarter's end. */
const INTERVAL_JOBS = [...HOUSEKEEPING, 'audit-verify', 'audit-verify-full', 'report-rollup', 'anomaly-scan', 'bulk-export-expiry'];

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`scheduled jobs in the server (${dialect})`, () => {
    const clock = testClock(new Date('2026-11-25T09:00:00.000Z'));
    let platform: TestApp;
    const jobsAs = async (username: string) => platform.app.inject({ url: '/api/v1/jobs', headers: bearer(await signIn(platform.app, username)) });
    type Job = { name: string; runCount: number; lastOutcome: string | null; lastError: string | null; everyMs: number | null; registered: boolean; running: boolean };
    const jobNamed = (items: Job[], name: string) => items.find((job) => job.name === name);

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
    }, 120_000);
    afterAll(async () => platform?.close());

    it('runs the housekeeping jobs on demand and lists them for an information administrator', async () => {
      await platform.housekeeping();
      const response = await jobsAs('infoadmin');
      expect(response.statusCode).toBe(200);
      const items = response.json().items as Job[];
      for (const name of HOUSEKEEPING) {
        expect(jobNamed(items, name)).toMatchObject({ everyMs: 60_000, registered: true, running: false, runCount: 1, lastOutcome: 'success', lastError: null, nextDueAt: '2026-11-25T09:00:00.000Z', lastStartedAt: '2026-11-25T09:00:00.000Z' });
      }
    });

    it('shows the jobs to the system administrator and the auditor, and to nobody else', async () => {
      for (const username of ['sysadmin', 'auditor']) expect((await jobsAs(username)).statusCode).toBe(200);
      expectProblem(await jobsAs('dr.wang'), 403, 'FORBIDDEN');
      expectProblem(await platform.app.inject({ url: '/api/v1/jobs' }), 401, 'UNAUTHENTICATED');
      const refused = (await platform.audit.search({ objectType: 'scheduled_job', outcome: 'denied' }, 10)).items;
      expect(refused.map((entry) => entry.actor.name)).toContain('dr.wang');
    });

    it('audits a failed run and shows its error, while the other jobs run on', async () => {
      platform.scheduler.register({
        name: 'always-fails',
        everyMs: 60_000,
        run: async () => {
          throw new Error('anomaly source unreachable');
        },
      });
      clock.advanceMinutes(1);
      expect(await platform.scheduler.tick()).toEqual([...INTERVAL_JOBS, 'always-fails']);
      const [entry] = (await platform.audit.search({ objectType: 'scheduled_job', objectId: 'always-fails' }, 10)).items;
      expect(entry).toMatchObject({ action: 'system', outcome: 'error', reason: 'Error: anomaly source unreachable', actor: { type: 'system', name: 'scheduler' }, details: { manual: false } });
      const items = (await jobsAs('auditor')).json().items as Job[];
      expect(jobNamed(items, 'always-fails')).toMatchObject({ runCount: 1, lastOutcome: 'failed', lastError: 'Error: anomaly source unreachable' });
      expect(jobNamed(items, 'grant-expiry')).toMatchObject({ runCount: 2, lastOutcome: 'success' });
    });

    it('runs the jobs on the server timer when one is asked for, and stops the timer on close', async () => {
      const timed = await createTestApp(dialect, { demo: false, housekeepingEveryMs: 20 });
      try {
        const ran = async () => (await timed.database.db.selectFrom('scheduled_jobs').select(['name', 'run_count']).where('run_count', '>', 0).execute()).map((row) => row.name).sort();
        for (let wait = 0; wait < 100 && (await ran()).length < INTERVAL_JOBS.length; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await ran()).toEqual([...INTERVAL_JOBS].sort());
      } finally {
        await timed.close();
      }
    });

    it('documents the jobs endpoint in the OpenAPI document', async () => {
      const document = (await platform.app.inject({ url: '/api/openapi.json' })).json();
      const listing = document.paths['/api/v1/jobs'].get;
      expect(Object.keys(listing.responses['200'].content['application/json'].schema.properties.items.items.properties)).toEqual(expect.arrayContaining(['name', 'nextDueAt', 'lastOutcome', 'lastError', 'runCount', 'leaseUntil']));
    });
  });
}
