import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { rawSql } from './log-fixture.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`when the audit log cannot be written (${dialect})`, () => {
    const clock = testClock();
    let platform: TestApp;
    let admin: Session;
    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
      admin = await signIn(platform.app, 'infoadmin');
    });
    afterAll(async () => platform?.close());

    it('answers 503, withholds the result, refuses further actions and reports /healthz failing', async () => {
      await rawSql(platform, 'ALTER TABLE audit_entries RENAME TO audit_entries_away');
      const failed = await platform.app.inject({ url: '/api/v1/departments', headers: bearer(admin) });
      expectProblem(failed, 503, 'AUDIT_UNAVAILABLE');
      expect(failed.body).not.toContain('内科');

      const login = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.wang', password: 'Yixiang@2026' } });
      expectProblem(login, 503, 'AUDIT_UNAVAILABLE');
      expect(login.headers['set-cookie']).toBeUndefined();

      const countBefore = (await platform.org.users.list((await platform.org.auth.authenticate(admin.token, 'bearer'))!, {}, 200)).total;
      const create = await platform.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(admin), payload: { username: 'not.created', displayName: 'x', departmentId: null, roles: ['staff'], password: 'Welcome@2026x' } });
      expectProblem(create, 503, 'AUDIT_UNAVAILABLE');
      const countAfter = (await platform.org.users.list((await platform.org.auth.authenticate(admin.token, 'bearer'))!, {}, 200)).total;
      expect(countAfter).toBe(countBefore);

      const health = await platform.app.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json().checks.auditLog).toMatchObject({ status: 'failing' });
    });

    it('recovers once the log is writable again, recording the outage', async () => {
      await rawSql(platform, 'ALTER TABLE audit_entries_away RENAME TO audit_entries');
      clock.advanceMinutes(1);
      const response = await platform.app.inject({ url: '/api/v1/departments', headers: bearer(admin) });
      expect(response.statusCode).toBe(200);
      expect((await platform.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      const recovered = await platform.audit.search({ action: 'system' }, 10);
      expect(recovered.items[0]!.details).toMatchObject({ event: 'audit-log-recovered' });
      expect((await platform.audit.verify()).ok).toBe(true);
    });
  });
}
