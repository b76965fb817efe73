import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from '../../test/support/app.js';
import { testClock } from '../../test/support/clock.js';
import { DIALECTS, skipDialect } from '../../test/support/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`sign-in and sessions (${dialect})`, () => {
    const clock = testClock();
    let platform: TestApp;
    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
    });
    afterAll(async () => platform?.close());

    it('signs in, sets httpOnly session and readable CSRF cookies, and answers /me', async () => {
      const response = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'infoadmin', password: 'Yixiang@2026' } });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.user).toMatchObject({ username: 'infoadmin', roles: ['info_admin'], departmentName: { zh: '信息科' } });
      expect(body.user).not.toHaveProperty('passwordHash');
      expect(JSON.stringify(body)).not.toContain('scrypt$');
      const session = response.cookies.find((c) => c.name === 'yx_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(response.cookies.find((c) => c.name === 'yx_csrf')!.httpOnly).toBeFalsy();

      const me = await platform.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json().permissions).toContain('user:write');
    });

    it('refuses a wrong password with a localised problem, without saying which part was wrong', async () => {
      const zh = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.wang', password: 'nope' } });
      expect(expectProblem(zh, 401, 'INVALID_CREDENTIALS').detail).toBe('用户名或密码错误');
      const en = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en-US' }, payload: { username: 'nobody', password: 'nope' } });
      expect(expectProblem(en, 401, 'INVALID_CREDENTIALS').detail).toBe('Wrong username or password');
    });

    it('locks an account for 15 minutes after 5 failures, even for the right password', async () => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const response = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.li', password: 'Wrong@2026x' } });
        expectProblem(response, 401, 'INVALID_CREDENTIALS');
      }
      expectProblem(await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.li', password: 'Wrong@2026x' } }), 423, 'ACCOUNT_LOCKED');
      expectProblem(await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.li', password: 'Yixiang@2026' } }), 423, 'ACCOUNT_LOCKED');
      clock.advanceMinutes(16);
      expect((await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.li', password: 'Yixiang@2026' } })).statusCode).toBe(200);
    });

    it('refuses malformed, mistyped and over-long sign-in bodies', async () => {
      const malformed = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      const wrongType = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 42, password: 'x' } });
      expect(expectProblem(wrongType, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ path: 'body/username' })]);
      const unknown = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'b', admin: true } });
      expect(expectProblem(unknown, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ path: 'body/admin' })]);
      const long = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a'.repeat(65), password: 'b' } });
      expectProblem(long, 400, 'VALIDATION_FAILED');
    });

    it('refuses missing, forged and malformed tokens and cookies', async () => {
      expectProblem(await platform.app.inject({ url: '/api/v1/me' }), 401, 'UNAUTHENTICATED');
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer yx_forgedforgedforgedforged' } }), 401, 'UNAUTHENTICATED');
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHENTICATED');
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: { cookie: 'yx_session=forged' } }), 401, 'UNAUTHENTICATED');
    });

    it('requires the CSRF token for cookie-authenticated writes but not for bearer tokens', async () => {
      const session = await signIn(platform.app, 'head.internal');
      const body = { newPassword: 'x' };
      const withoutCsrf = await platform.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: session.cookie }, payload: { currentPassword: 'a', ...body } });
      expectProblem(withoutCsrf, 403, 'CSRF_FAILED');
      const wrongCsrf = await platform.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: session.cookie, 'x-csrf-token': 'wrong' }, payload: { currentPassword: 'a', ...body } });
      expectProblem(wrongCsrf, 403, 'CSRF_FAILED');
      const withCsrf = await platform.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, payload: { currentPassword: 'Wrong@2026', ...body } });
      expectProblem(withCsrf, 401, 'INVALID_CREDENTIALS');
      const cookieRead = await platform.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } });
      expect(cookieRead.statusCode).toBe(200);
    });

    it('expires sessions after the idle timeout', async () => {
      const session = await signIn(platform.app, 'lab.sun');
      clock.advanceMinutes(29);
      expect((await platform.app.inject({ url: '/api/v1/me', headers: bearer(session) })).statusCode).toBe(200);
      clock.advanceMinutes(31);
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: bearer(session) }), 401, 'UNAUTHENTICATED');
    });

    it('ends the session on logout', async () => {
      const session = await signIn(platform.app, 'img.zhou');
      expect((await platform.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(session) })).statusCode).toBe(204);
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: bearer(session) }), 401, 'UNAUTHENTICATED');
    });

    it('changes the own password under the policy and ends other sessions', async () => {
      const first = await signIn(platform.app, 'pharm.wu');
      const second = await signIn(platform.app, 'pharm.wu');
      const weak = await platform.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { ...bearer(first), 'accept-language': 'en' }, payload: { currentPassword: 'Yixiang@2026', newPassword: 'short' } });
      expect(expectProblem(weak, 400, 'PASSWORD_POLICY').detail).toContain('at least 10 characters');
      const ok = await platform.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: bearer(first), payload: { currentPassword: 'Yixiang@2026', newPassword: 'Pharmacy#2027' } });
      expect(ok.statusCode).toBe(204);
      expect((await platform.app.inject({ url: '/api/v1/me', headers: bearer(first) })).statusCode).toBe(200);
      expectProblem(await platform.app.inject({ url: '/api/v1/me', headers: bearer(second) }), 401, 'UNAUTHENTICATED');
      await signIn(platform.app, 'pharm.wu', 'Pharmacy#2027');
    });
  });
}
