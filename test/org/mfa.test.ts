/**
 * Two-step sign-in (两步验证, ADR 0023) over HTTP on both databases: enrolment, sign-in with a TOTP
 * or recovery code (lockout, replay, step window), recovery codes, turning it off, the
 * administrator's reset, enforcement by the `auth.mfa` policy, sealing at rest and the audit trail.
 * The tests share one platform and run in order; the clock only moves forward.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpSecretAad } from '../../src/org/mfa-service.js';
import { base32Decode, totpCode } from '../../src/org/totp.js';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const PASSWORD = 'Yixiang@2026';
const NOT_ENROLLED = { enrolled: false, required: false, enrolledAt: null, recoveryCodesLeft: 0 };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`two-step sign-in (${dialect})`, () => {
    const clock = testClock();
    let platform: TestApp;
    const secrets = new Map<string, string>();
    let wangRecovery: string[] = [];

    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, session?: Session, payload?: object) =>
      platform.app.inject({ method, url: `/api/v1${url}`, ...(session && { headers: bearer(session) }), ...(payload && { payload }) });
    const login = (username: string, extra: Record<string, string> = {}) => inject('POST', '/auth/login', undefined, { username, password: PASSWORD, ...extra });
    /** The code an authenticator shows `steps` 30-second steps from now. */
    const code = (username: string, steps = 0) => totpCode(secrets.get(username)!, new Date(clock().getTime() + steps * 30_000));
    /** A six-digit code matching none of the steps the server accepts now. */
    const wrongCode = (username: string) => ['000000', '111111', '222222', '333333'].find((c) => ![-1, 0, 1].some((s) => code(username, s) === c))!;
    const nextStep = () => clock.advanceMinutes(0.5);
    const sessionOf = (response: LightMyRequestResponse): Session => {
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === 'yx_session')!;
      const csrf = response.cookies.find((c) => c.name === 'yx_csrf')!;
      return { token: response.json().accessToken, cookie: `yx_session=${cookie.value}; yx_csrf=${csrf.value}`, csrf: csrf.value, userId: response.json().user.id };
    };
    const me = async (session: Session) => (await inject('GET', '/me', session)).json().user;
    const failures = async (username: string) => Number((await platform.database.db.selectFrom('users').select('failed_login_count').where('username', '=', username).executeTakeFirstOrThrow()).failed_login_count);

    /** Enrols through the API and returns the recovery codes; the confirming code's step is then used. */
    const enrol = async (session: Session, username: string): Promise<string[]> => {
      const started = await inject('POST', '/me/mfa/totp', session);
      expect(started.statusCode).toBe(201);
      secrets.set(username, started.json().secret);
      const confirmed = await inject('POST', '/me/mfa/totp/confirm', session, { code: code(username) });
      expect(confirmed.statusCode).toBe(200);
      return confirmed.json().recoveryCodes;
    };
    /** Signs in with a fresh code: two steps on, beyond any code used so far (at most one step ahead). */
    const signInWithCode = async (username: string): Promise<Session> => {
      clock.advanceMinutes(1);
      return sessionOf(await login(username, { otp: code(username) }));
    };
    const setRequiredRoles = async (roles: string[]) => {
      const admin = await signIn(platform.app, 'infoadmin');
      const response = await inject('PUT', '/policy/settings/auth.mfa', admin, { value: { requiredRoles: roles }, note: 'two-step sign-in' });
      expect(response.statusCode).toBe(200);
    };
    const auditOf = async (filter: { objectType?: string; actorId?: string; action?: string }) => (await platform.audit.search(filter, 200)).items;

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
    });
    afterAll(async () => platform?.close());

    it('answers user.mfa for a user without a factor, and the default policy requires none', async () => {
      const wang = await signIn(platform.app, 'dr.wang');
      expect((await me(wang)).mfa).toEqual(NOT_ENROLLED);
      const admin = await signIn(platform.app, 'infoadmin');
      const setting = await inject('GET', '/policy/settings/auth.mfa', admin);
      expect(setting.json()).toMatchObject({ key: 'auth.mfa', value: { requiredRoles: [] }, version: null });
    });

    it('describes the new bodies and answers in the OpenAPI document', async () => {
      const document = (await platform.app.inject({ url: '/api/openapi.json' })).json();
      const body = (route: string) => document.paths[route].post.requestBody.content['application/json'].schema;
      expect(Object.keys(body('/api/v1/auth/login').properties)).toEqual(expect.arrayContaining(['username', 'password', 'otp', 'recoveryCode']));
      expect(body('/api/v1/me/mfa/totp/confirm').properties.code.pattern).toBe('^[0-9]{6}$');
      expect(Object.keys(body('/api/v1/me/mfa/totp/disable').properties)).toEqual(['password', 'code']);
      expect(Object.keys(body('/api/v1/me/mfa/recovery-codes').properties)).toEqual(['code']);
      expect(Object.keys(body('/api/v1/users/{id}/mfa/reset').properties)).toEqual(['reason']);
      expect(Object.keys(document.paths['/api/v1/me/mfa/totp'].post.responses['201'].content['application/json'].schema.properties)).toEqual(['secret', 'otpauthUri', 'expiresAt']);
      const user = document.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema.properties.user;
      expect(Object.keys(user.properties.mfa.properties)).toEqual(['enrolled', 'required', 'enrolledAt', 'recoveryCodesLeft']);
    });

    it('enrols: secret and otpauth URI, confirm with a first code, recovery codes once, other sessions ended', async () => {
      const wang = await signIn(platform.app, 'dr.wang');
      const other = await signIn(platform.app, 'dr.wang');
      const started = await inject('POST', '/me/mfa/totp', wang);
      expect(started.statusCode).toBe(201);
      const { secret, otpauthUri, expiresAt } = started.json();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauthUri).toBe(`otpauth://totp/Yixiang:dr.wang?secret=${secret}&issuer=Yixiang&algorithm=SHA1&digits=6&period=30`);
      expect(expiresAt).toBe(new Date(clock().getTime() + 10 * 60_000).toISOString());
      secrets.set('dr.wang', secret);
      // Still pending: not enrolled, and sign-in needs no code yet.
      expect((await me(wang)).mfa.enrolled).toBe(false);
      expect((await login('dr.wang')).statusCode).toBe(200);

      const wrong = await inject('POST', '/me/mfa/totp/confirm', wang, { code: wrongCode('dr.wang') });
      expectProblem(wrong, 422, 'MFA_INVALID');
      const confirmed = await inject('POST', '/me/mfa/totp/confirm', wang, { code: code('dr.wang') });
      expect(confirmed.statusCode).toBe(200);
      wangRecovery = confirmed.json().recoveryCodes;
      expect(wangRecovery).toHaveLength(10);
      for (const recovery of wangRecovery) expect(recovery).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}$/);

      expect((await me(wang)).mfa).toEqual({ enrolled: true, required: false, enrolledAt: clock().toISOString(), recoveryCodesLeft: 10 });
      expectProblem(await inject('GET', '/me', other), 401, 'UNAUTHENTICATED');
      expectProblem(await inject('POST', '/me/mfa/totp', wang), 409, 'MFA_ALREADY_ENROLLED');
      expectProblem(await inject('POST', '/me/mfa/totp/confirm', wang, { code: code('dr.wang', 1) }), 409, 'MFA_ALREADY_ENROLLED');
    });

    it('keeps the secret sealed at rest, bound to its user', async () => {
      const secret = secrets.get('dr.wang')!;
      const wangId = (await platform.org.users.findByUsername('dr.wang'))!.id;
      const liId = (await platform.org.users.findByUsername('dr.li'))!.id;
      const row = await platform.database.db.selectFrom('mfa_factors').selectAll().where('user_id', '=', wangId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'confirmed', method: 'totp', pending_expires_at: null });
      const raw = base32Decode(secret);
      for (const form of [secret, secret.toLowerCase(), raw.toString('hex'), raw.toString('base64')]) expect(JSON.stringify(row)).not.toContain(form);
      if (dialect === 'sqlite') {
        const file = path.join(platform.config.dataDir, 'yixiang.sqlite');
        const stored = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f));
        for (const bytes of stored) {
          expect(bytes.includes(Buffer.from(secret))).toBe(false);
          expect(bytes.includes(raw)).toBe(false);
        }
      }
      expect((await platform.keyring.decrypt(row.secret, totpSecretAad(wangId))).equals(raw)).toBe(true);
      // Copied onto another user's row, the envelope does not open.
      await expect(platform.keyring.decrypt(row.secret, totpSecretAad(liId))).rejects.toThrow();
      // Recovery codes are stored as keyed MACs only.
      const codes = await platform.database.db.selectFrom('mfa_recovery_codes').selectAll().where('user_id', '=', wangId).execute();
      expect(codes).toHaveLength(10);
      for (const recovery of wangRecovery) expect(JSON.stringify(codes)).not.toContain(recovery);
    });

    it('asks for the code after the right password, without a session or a counted failure', async () => {
      const response = await login('dr.wang');
      expectProblem(response, 401, 'MFA_REQUIRED');
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await failures('dr.wang')).toBe(0);
      // A wrong password still says only that, even with a right code.
      expectProblem(await inject('POST', '/auth/login', undefined, { username: 'dr.wang', password: 'Wrong@2026x', otp: code('dr.wang', 1) }), 401, 'INVALID_CREDENTIALS');
      expectProblem(await login('dr.wang', { otp: '12345' }), 400, 'VALIDATION_FAILED');
    });

    it('counts wrong codes toward the lockout: the fifth locks the account, even for the right code', async () => {
      nextStep();
      await inject('POST', '/auth/login', undefined, { username: 'dr.wang', password: PASSWORD, otp: code('dr.wang') }).then((r) => expect(r.statusCode).toBe(200));
      for (let attempt = 1; attempt <= 4; attempt++) {
        const response = await login('dr.wang', { otp: wrongCode('dr.wang') });
        expectProblem(response, 401, 'MFA_INVALID');
        expect(response.headers['set-cookie']).toBeUndefined();
      }
      expect(await failures('dr.wang')).toBe(4);
      expectProblem(await login('dr.wang', { otp: wrongCode('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      nextStep();
      expectProblem(await login('dr.wang', { otp: code('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      clock.advanceMinutes(16);
      const session = await signInWithCode('dr.wang');
      expect((await me(session)).mfa.enrolled).toBe(true);
      expect(await failures('dr.wang')).toBe(0);
    });

    it('takes each code once, accepts the previous step, and refuses one two steps old', async () => {
      nextStep();
      const current = code('dr.wang');
      expect((await login('dr.wang', { otp: current })).statusCode).toBe(200);
      expectProblem(await login('dr.wang', { otp: current }), 401, 'MFA_INVALID');

      // Two steps later, the code of the step before now (never used) still works…
      clock.advanceMinutes(1);
      expect((await login('dr.wang', { otp: code('dr.wang', -1) })).statusCode).toBe(200);
      // …and one of the next step too; a code from two steps ago does not.
      clock.advanceMinutes(1.5);
      expectProblem(await login('dr.wang', { otp: code('dr.wang', -2) }), 401, 'MFA_INVALID');
      expect((await login('dr.wang', { otp: code('dr.wang', 1) })).statusCode).toBe(200);
      // Having used the next step, the current one is behind it: refused.
      expectProblem(await login('dr.wang', { otp: code('dr.wang') }), 401, 'MFA_INVALID');
    });

    it('signs in with a recovery code once, audited as such', async () => {
      const [first, second] = wangRecovery as [string, string];
      const response = await login('dr.wang', { recoveryCode: first });
      const session = sessionOf(response);
      expect(response.json().user.mfa.recoveryCodesLeft).toBe(9);
      expectProblem(await login('dr.wang', { recoveryCode: first }), 401, 'MFA_INVALID');
      expectProblem(await login('dr.wang', { recoveryCode: 'zzzz-zzzz' }), 401, 'MFA_INVALID');
      // Typed in capitals without the dash, a code is still the code.
      expect((await login('dr.wang', { recoveryCode: second.replace('-', '').toUpperCase() })).statusCode).toBe(200);
      expect((await me(session)).mfa.recoveryCodesLeft).toBe(8);

      const logins = await auditOf({ actorId: session.userId, action: 'login' });
      const withRecovery = logins.filter((entry) => entry.details.secondFactor === 'recovery-code');
      expect(withRecovery.map((entry) => entry.details.recoveryCodesLeft)).toEqual(expect.arrayContaining([9, 8]));
      expect(logins.some((entry) => entry.details.secondFactor === 'totp')).toBe(true);
      expect(JSON.stringify(logins)).not.toContain(first);
    });

    it('regenerates recovery codes for a current code; the old ones stop working', async () => {
      const session = await signInWithCode('dr.wang');
      expectProblem(await inject('POST', '/me/mfa/recovery-codes', session, { code: wrongCode('dr.wang') }), 422, 'MFA_INVALID');
      nextStep();
      const regenerated = await inject('POST', '/me/mfa/recovery-codes', session, { code: code('dr.wang') });
      expect(regenerated.statusCode).toBe(200);
      const fresh: string[] = regenerated.json().recoveryCodes;
      expect(fresh).toHaveLength(10);
      expect(fresh.some((c) => wangRecovery.includes(c))).toBe(false);
      expect((await me(session)).mfa.recoveryCodesLeft).toBe(10);
      expectProblem(await login('dr.wang', { recoveryCode: wangRecovery[2]! }), 401, 'MFA_INVALID');
      expect((await login('dr.wang', { recoveryCode: fresh[0]! })).statusCode).toBe(200);
      wangRecovery = fresh.slice(1);
    });

    it('counts wrong codes on the signed-in routes toward the lockout too, and refuses codes while locked', async () => {
      const session = await signInWithCode('dr.wang');
      for (let attempt = 1; attempt <= 4; attempt++) expectProblem(await inject('POST', '/me/mfa/recovery-codes', session, { code: wrongCode('dr.wang') }), 422, 'MFA_INVALID');
      expectProblem(await inject('POST', '/me/mfa/recovery-codes', session, { code: wrongCode('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      nextStep();
      expectProblem(await inject('POST', '/me/mfa/recovery-codes', session, { code: code('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      expectProblem(await inject('POST', '/me/mfa/totp/disable', session, { password: PASSWORD, code: code('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      expectProblem(await login('dr.wang', { otp: code('dr.wang') }), 423, 'ACCOUNT_LOCKED');
      clock.advanceMinutes(16);
      const regenerated = await inject('POST', '/me/mfa/recovery-codes', session, { code: code('dr.wang') });
      expect(regenerated.statusCode).toBe(200);
      wangRecovery = regenerated.json().recoveryCodes;
    });

    it('turns off with the password and a current code', async () => {
      const session = await signInWithCode('dr.wang');
      nextStep();
      expectProblem(await inject('POST', '/me/mfa/totp/disable', session, { password: 'Wrong@2026x', code: code('dr.wang') }), 401, 'INVALID_CREDENTIALS');
      expectProblem(await inject('POST', '/me/mfa/totp/disable', session, { password: PASSWORD, code: wrongCode('dr.wang') }), 422, 'MFA_INVALID');
      expectProblem(await inject('POST', '/me/mfa/totp/disable', session, { password: PASSWORD }), 400, 'VALIDATION_FAILED');
      const disabled = await inject('POST', '/me/mfa/totp/disable', session, { password: PASSWORD, code: code('dr.wang') });
      expect(disabled.statusCode).toBe(204);
      expect((await me(session)).mfa).toEqual(NOT_ENROLLED);
      // Without a factor, sign-in takes the password alone and ignores a code.
      expect((await login('dr.wang')).statusCode).toBe(200);
      expect((await login('dr.wang', { otp: '123456' })).statusCode).toBe(200);
      expectProblem(await inject('POST', '/me/mfa/totp/disable', session, { password: PASSWORD, code: '123456' }), 404, 'MFA_NOT_ENROLLED');
      expectProblem(await inject('POST', '/me/mfa/recovery-codes', session, { code: '123456' }), 404, 'MFA_NOT_ENROLLED');
      expect(await platform.database.db.selectFrom('mfa_recovery_codes').select('user_id').where('user_id', '=', session.userId).execute()).toEqual([]);
    });

    it('refuses each endpoint without a session, nothing pending, an expired set-up and malformed codes', async () => {
      for (const [url, payload] of [['/me/mfa/totp', undefined], ['/me/mfa/totp/confirm', { code: '123456' }], ['/me/mfa/totp/disable', { password: PASSWORD, code: '123456' }], ['/me/mfa/recovery-codes', { code: '123456' }]] as const) {
        expectProblem(await inject('POST', url, undefined, payload), 401, 'UNAUTHENTICATED');
      }
      const li = await signIn(platform.app, 'dr.li');
      expectProblem(await inject('POST', '/me/mfa/totp/confirm', li, { code: '123456' }), 404, 'MFA_ENROLMENT_NOT_FOUND');
      const started = await inject('POST', '/me/mfa/totp', li);
      secrets.set('dr.li', started.json().secret);
      expectProblem(await inject('POST', '/me/mfa/totp/confirm', li, { code: 'abcdef' }), 400, 'VALIDATION_FAILED');
      expectProblem(await inject('POST', '/me/mfa/totp/confirm', li, { code: code('dr.li'), extra: 1 }), 400, 'VALIDATION_FAILED');
      clock.advanceMinutes(11);
      expectProblem(await inject('POST', '/me/mfa/totp/confirm', li, { code: code('dr.li') }), 404, 'MFA_ENROLMENT_NOT_FOUND');
      // Restarting gives a new secret and a new ten minutes.
      const restarted = await inject('POST', '/me/mfa/totp', li);
      expect(restarted.json().secret).not.toBe(secrets.get('dr.li'));
      secrets.set('dr.li', restarted.json().secret);
      const english = await platform.app.inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', headers: { ...bearer(li), 'accept-language': 'en' }, payload: { code: wrongCode('dr.li') } });
      expect(expectProblem(english, 422, 'MFA_INVALID').detail).toBe('The verification code is wrong, expired or already used');
      expect((await inject('POST', '/me/mfa/totp/confirm', li, { code: code('dr.li') })).statusCode).toBe(200);
    });

    it('lets an account administrator reset a factor, ending the user’s sessions', async () => {
      const liSession = await signInWithCode('dr.li');
      const liId = liSession.userId;
      const sysadmin = await signIn(platform.app, 'sysadmin');
      const staff = await signIn(platform.app, 'lab.sun');
      const internalHead = await signIn(platform.app, 'head.internal');
      const reason = { reason: '手机丢失，本人到信息科申请重置' };

      expectProblem(await inject('POST', `/users/${liId}/mfa/reset`, staff, reason), 403, 'FORBIDDEN');
      // A department head reaches only their own department: dr.li is in surgery.
      expectProblem(await inject('POST', `/users/${liId}/mfa/reset`, internalHead, reason), 404, 'USER_NOT_FOUND');
      expectProblem(await inject('POST', '/users/no-such-user/mfa/reset', sysadmin, reason), 404, 'USER_NOT_FOUND');
      expectProblem(await inject('POST', `/users/${staff.userId}/mfa/reset`, sysadmin, reason), 404, 'MFA_NOT_ENROLLED');
      expectProblem(await inject('POST', `/users/${liId}/mfa/reset`, sysadmin, {}), 400, 'VALIDATION_FAILED');
      expectProblem(await inject('POST', `/users/${liId}/mfa/reset`, undefined, reason), 401, 'UNAUTHENTICATED');

      const detail = await inject('GET', `/users/${liId}`, sysadmin);
      expect(detail.json().mfa).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
      expect((await inject('POST', `/users/${liId}/mfa/reset`, sysadmin, reason)).statusCode).toBe(204);
      expectProblem(await inject('GET', '/me', liSession), 401, 'UNAUTHENTICATED');
      expect((await inject('GET', `/users/${liId}`, sysadmin)).json().mfa).toEqual(NOT_ENROLLED);
      expect((await login('dr.li')).statusCode).toBe(200);

      const resets = await auditOf({ objectType: 'mfa_factor', action: 'delete' });
      expect(resets.find((entry) => entry.objectId === liId && entry.outcome === 'success')).toMatchObject({ actor: { name: 'sysadmin' }, details: { event: 'mfa-reset', reason: reason.reason } });
    });

    it('enforces the policy: required roles sign in, but only enrolment is open until they enrol', async () => {
      const earlier = await signIn(platform.app, 'pharm.wu');
      const admin = await signIn(platform.app, 'infoadmin');
      expectProblem(await inject('PUT', '/policy/settings/auth.mfa', admin, { value: { requiredRoles: ['nurse'] } }), 400, 'VALIDATION_FAILED');
      expectProblem(await inject('PUT', '/policy/settings/auth.mfa', admin, { value: { requiredRoles: ['staff', 'staff'] } }), 400, 'VALIDATION_FAILED');
      expectProblem(await inject('PUT', '/policy/settings/auth.mfa', earlier, { value: { requiredRoles: [] } }), 403, 'FORBIDDEN');
      await setRequiredRoles(['staff']);

      // Sessions opened before the change are held to it at once.
      expectProblem(await inject('GET', '/departments', earlier), 403, 'MFA_ENROLMENT_REQUIRED');

      const response = await login('lab.sun');
      const sun = sessionOf(response);
      expect(response.json().user.mfa).toEqual({ enrolled: false, required: true, enrolledAt: null, recoveryCodesLeft: 0 });
      expect((await me(sun)).mfa).toMatchObject({ enrolled: false, required: true });
      expectProblem(await inject('GET', '/departments', sun), 403, 'MFA_ENROLMENT_REQUIRED');
      expectProblem(await inject('GET', '/catalog/resources', sun), 403, 'MFA_ENROLMENT_REQUIRED');
      const fhir = await platform.app.inject({ url: '/fhir/R4/Patient?_count=1', headers: bearer(sun) });
      expect(fhir.statusCode).toBe(403);
      // Changing one's password stays open (the wrong current password is what refuses it here).
      expectProblem(await inject('POST', '/me/password', sun, { currentPassword: 'Wrong@2026x', newPassword: 'Laboratory#2027' }), 401, 'INVALID_CREDENTIALS');
      // Not required of an information administrator: they work on.
      expect((await inject('GET', '/departments', admin)).statusCode).toBe(200);
      expect((await me(admin)).mfa).toMatchObject({ required: false });

      await enrol(sun, 'lab.sun');
      expect((await inject('GET', '/departments', sun)).statusCode).toBe(200);
      expect((await me(sun)).mfa).toMatchObject({ enrolled: true, required: true });
      nextStep();
      expectProblem(await inject('POST', '/me/mfa/totp/disable', sun, { password: PASSWORD, code: code('lab.sun') }), 409, 'MFA_REQUIRED_BY_POLICY');
      // And from now on the code is needed to sign in.
      expectProblem(await login('lab.sun'), 401, 'MFA_REQUIRED');
      const again = await signInWithCode('lab.sun');
      expect((await inject('GET', '/departments', again)).statusCode).toBe(200);

      const list = await inject('GET', '/users?q=lab.sun', admin);
      expect(list.json().items[0].mfa).toMatchObject({ enrolled: true, required: true, recoveryCodesLeft: 10 });
      expect((await inject('POST', '/auth/logout', earlier)).statusCode).toBe(204);
      await setRequiredRoles([]);
      expect((await inject('GET', '/departments', await signIn(platform.app, 'pharm.wu'))).statusCode).toBe(200);
    });

    it('lets the installation itself reset a factor (the CLI path, for a lone administrator)', async () => {
      const sun = (await platform.org.users.findByUsername('lab.sun'))!;
      await platform.org.users.resetMfa({ kind: 'system' }, sun.id, 'lost phone');
      expect((await platform.org.users.view(sun.id))!.mfa).toEqual(NOT_ENROLLED);
      await expect(platform.org.users.resetMfa({ kind: 'system' }, sun.id, 'again')).rejects.toMatchObject({ code: 'MFA_NOT_ENROLLED' });
    });

    it('audits enrolment, confirmation, turning off and reset without secrets or codes', async () => {
      const entries = await auditOf({ objectType: 'mfa_factor' });
      const events = entries.filter((entry) => entry.outcome === 'success').map((entry) => `${entry.actor.name}:${String(entry.details.event)}`);
      expect(events).toEqual(expect.arrayContaining(['dr.wang:mfa-enrolment-started', 'dr.wang:mfa-enrolled', 'dr.wang:mfa-recovery-codes-regenerated', 'dr.wang:mfa-disabled', 'dr.li:mfa-enrolled', 'sysadmin:mfa-reset', 'lab.sun:mfa-enrolled']));
      const refused = entries.filter((entry) => entry.outcome !== 'success').map((entry) => entry.reason);
      expect(refused).toEqual(expect.arrayContaining(['MFA_INVALID', 'MFA_ALREADY_ENROLLED', 'MFA_ENROLMENT_NOT_FOUND', 'MFA_NOT_ENROLLED', 'MFA_REQUIRED_BY_POLICY', 'INVALID_CREDENTIALS']));
      const text = JSON.stringify(entries);
      for (const secret of secrets.values()) expect(text).not.toContain(secret);
      const failedLogins = await auditOf({ action: 'login_failed' });
      expect(failedLogins.map((entry) => entry.reason)).toEqual(expect.arrayContaining(['MFA_REQUIRED', 'MFA_INVALID']));
    });
  });
}
