import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../../test/support/app.js';
import { DIALECTS, skipDialect } from '../../test/support/databases.js';
import { demoId } from '../demo/index.js';

const INTERNAL = demoId('department', 'NK');
const SURGERY = demoId('department', 'WK');

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`organisation management (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    let staff: Session;
    let head: Session;
    let auditor: Session;
    let sysadmin: Session;
    const call = (session: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      platform.app.inject({ method, url: `/api/v1${url}`, headers: bearer(session), ...(payload && { payload }) });

    beforeAll(async () => {
      platform = await createTestApp(dialect);
      const sessions = await Promise.all(['infoadmin', 'dr.wang', 'head.internal', 'auditor', 'sysadmin'].map((u) => signIn(platform.app, u)));
      [admin, staff, head, auditor, sysadmin] = sessions as [Session, Session, Session, Session, Session];
    });
    afterAll(async () => platform?.close());

    describe('departments', () => {
      it('lists the demo departments to every signed-in user', async () => {
        const response = await call(staff, 'GET', '/departments');
        expect(response.statusCode).toBe(200);
        const names = response.json().items.map((d: { name: { zh: string } }) => d.name.zh);
        expect(names).toEqual(expect.arrayContaining(['医务部', '护理部', '财务部', '药剂部', '检验科', '影像科', '信息科', '内科', '外科', '儿科', '急诊科']));
      });

      it('creates, reads and changes a department', async () => {
        const created = await call(admin, 'POST', '/departments', { code: 'KFK', name: { zh: '康复科', en: 'Rehabilitation' }, type: 'clinical' });
        expect(created.statusCode).toBe(201);
        const id = created.json().id;
        expect((await call(staff, 'GET', `/departments/${id}`)).json()).toMatchObject({ code: 'KFK', status: 'active' });
        const changed = await call(admin, 'PATCH', `/departments/${id}`, { name: { zh: '康复医学科', en: 'Rehabilitation Medicine' } });
        expect(changed.json().name.zh).toBe('康复医学科');
      });

      it('refuses duplicates, bad codes, unknown fields, staff writers and unknown ids', async () => {
        expectProblem(await call(admin, 'POST', '/departments', { code: 'NK', name: { zh: '内科', en: 'x' }, type: 'clinical' }), 409, 'DEPARTMENT_CODE_TAKEN');
        expectProblem(await call(admin, 'POST', '/departments', { code: 'bad code', name: { zh: 'x', en: 'x' }, type: 'clinical' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'POST', '/departments', { code: 'ABC', name: { zh: 'x', en: 'x' }, type: 'ward' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'PATCH', `/departments/${INTERNAL}`, { colour: 'red' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'PATCH', `/departments/${INTERNAL}`, {}), 400, 'VALIDATION_FAILED');
        expectProblem(await call(staff, 'POST', '/departments', { code: 'ABC', name: { zh: 'x', en: 'x' }, type: 'clinical' }), 403, 'FORBIDDEN');
        expectProblem(await call(auditor, 'PATCH', `/departments/${INTERNAL}`, { type: 'clinical' }), 403, 'FORBIDDEN');
        expectProblem(await call(admin, 'GET', '/departments/no-such-id'), 404, 'DEPARTMENT_NOT_FOUND');
        expect((await call(staff, 'GET', '/departments')).json().items.some((d: { code: string }) => d.code === 'ABC')).toBe(false);
      });

      it('refuses to deactivate a department that still has active staff', async () => {
        expectProblem(await call(admin, 'PATCH', `/departments/${INTERNAL}`, { status: 'inactive' }), 409, 'DEPARTMENT_IN_USE');
      });
    });

    describe('institutions and API clients', () => {
      it('registers an institution and checks its agreement dates', async () => {
        const created = await call(admin, 'POST', '/institutions', { code: 'PARTNER2', name: { zh: '合作医院', en: 'Partner Hospital' }, kind: 'partner_hospital', agreementStart: '2026-01-01', agreementEnd: '2027-12-31' });
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({ status: 'active', agreementEnd: '2027-12-31' });
        expectProblem(await call(admin, 'PATCH', `/institutions/${created.json().id}`, { agreementEnd: '2025-01-01' }), 400, 'AGREEMENT_DATES_INVALID');
        expectProblem(await call(admin, 'POST', '/institutions', { code: 'PARTNER3', name: { zh: 'x', en: 'x' }, kind: 'partner_hospital', agreementStart: '2026-13-45' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'POST', '/institutions', { code: 'PARTNER2', name: { zh: 'x', en: 'x' }, kind: 'partner_hospital' }), 409, 'INSTITUTION_CODE_TAKEN');
        expectProblem(await call(staff, 'POST', '/institutions', { code: 'PARTNER4', name: { zh: 'x', en: 'x' }, kind: 'partner_hospital' }), 403, 'FORBIDDEN');
        expectProblem(await call(admin, 'GET', '/institutions/nope'), 404, 'INSTITUTION_NOT_FOUND');
      });

      it('registers an API client from a PEM key, refuses private keys, and makes revocation final', async () => {
        const institution = demoId('institution', 'JCRM1');
        const pem = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const created = await call(admin, 'POST', `/institutions/${institution}/clients`, { name: 'HIS gateway', publicKeyPem: pem });
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({ status: 'active', keys: [{ kty: 'EC', alg: 'ES384' }] });
        expect(created.json().clientId).toMatch(/^jcrm1-/);
        const clientId = created.json().clientId;
        const privatePem = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
        expectProblem(await call(admin, 'POST', `/institutions/${institution}/clients`, { name: 'leaky', publicKeyPem: privatePem }), 400, 'API_CLIENT_KEY_INVALID');
        expectProblem(await call(staff, 'GET', `/institutions/${institution}/clients`), 403, 'FORBIDDEN');
        expect((await call(auditor, 'GET', `/institutions/${institution}/clients`)).json().items).toHaveLength(1);
        expect((await call(admin, 'PATCH', `/institutions/${institution}/clients/${clientId}`, { status: 'revoked' })).json().status).toBe('revoked');
        expectProblem(await call(admin, 'PATCH', `/institutions/${institution}/clients/${clientId}`, { status: 'active' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'PATCH', `/institutions/${institution}/clients/unknown`, { status: 'active' }), 404, 'API_CLIENT_NOT_FOUND');
      });
    });

    describe('users', () => {
      const newUser = { username: 'dr.qian', displayName: '钱医生', departmentId: INTERNAL, roles: ['staff'], password: 'Welcome@2026x' };

      it('creates a user who can then sign in', async () => {
        const created = await call(admin, 'POST', '/users', newUser);
        expect(created.statusCode).toBe(201);
        expect(created.json()).toMatchObject({ username: 'dr.qian', roles: ['staff'], status: 'active', departmentName: { zh: '内科', en: 'Internal Medicine' } });
        await signIn(platform.app, 'dr.qian', 'Welcome@2026x');
      });

      it('refuses duplicates, unknown departments, weak passwords, role conflicts and bad usernames, writing nothing', async () => {
        const before = (await call(admin, 'GET', '/users?limit=1')).json().total;
        expectProblem(await call(admin, 'POST', '/users', newUser), 409, 'USERNAME_TAKEN');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'x.one', departmentId: 'missing' }), 400, 'DEPARTMENT_UNKNOWN');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'x.two', password: 'password' }), 400, 'PASSWORD_POLICY');
        expectProblem(await call(sysadmin, 'POST', '/users', { ...newUser, username: 'x.three', roles: ['system_admin', 'staff'] }), 400, 'ROLE_CONFLICT');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'x.four', roles: ['auditor'] }), 403, 'ROLE_NOT_ASSIGNABLE');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'Bad Name' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'x.five', roles: 'staff' }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'POST', '/users', { ...newUser, username: 'x.six', displayName: '长'.repeat(65) }), 400, 'VALIDATION_FAILED');
        expectProblem(await call(staff, 'POST', '/users', { ...newUser, username: 'x.seven' }), 403, 'FORBIDDEN');
        expect((await call(admin, 'GET', '/users?limit=1')).json().total).toBe(before);
      });

      it('pages with a cursor and filters by text, department, role and status', async () => {
        const first = (await call(admin, 'GET', '/users?limit=5')).json();
        expect(first.items).toHaveLength(5);
        expect(first.total).toBeGreaterThanOrEqual(20);
        const second = (await call(admin, 'GET', `/users?limit=5&cursor=${first.nextCursor}`)).json();
        expect(second.items[0].username > first.items[4].username).toBe(true);
        expect((await call(admin, 'GET', '/users?q=WANG')).json().items.map((u: { username: string }) => u.username)).toEqual(['dr.wang']);
        expect((await call(admin, 'GET', '/users?q=%E7%8E%8B')).json().items.map((u: { username: string }) => u.username)).toEqual(['dr.wang']);
        expect((await call(admin, 'GET', `/users?departmentId=${SURGERY}`)).json().items.map((u: { username: string }) => u.username).sort()).toEqual(['dr.li', 'head.surgery']);
        expect((await call(admin, 'GET', '/users?role=auditor')).json().total).toBe(1);
        expect((await call(admin, 'GET', '/users?q=%25')).json().total).toBe(0);
        // _ and % are literal characters, not wildcards.
        expect((await call(admin, 'GET', '/users?q=_')).json().total).toBe(0);
        expect((await call(admin, 'GET', '/users?q=r.w')).json().items.map((u: { username: string }) => u.username)).toEqual(['dr.wang']);
        expectProblem(await call(admin, 'GET', '/users?cursor=garbage'), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'GET', '/users?limit=1000'), 400, 'VALIDATION_FAILED');
        expectProblem(await call(admin, 'GET', '/users?status=asleep'), 400, 'VALIDATION_FAILED');
      });

      it('limits a department head to their own department and to the staff role', async () => {
        const list = (await call(head, 'GET', '/users')).json();
        expect(list.items.every((u: { departmentId: string }) => u.departmentId === INTERNAL)).toBe(true);
        const surgeon = demoId('user', 'dr.li');
        expectProblem(await call(head, 'GET', `/users/${surgeon}`), 404, 'USER_NOT_FOUND');
        expectProblem(await call(head, 'PATCH', `/users/${surgeon}`, { displayName: 'x' }), 404, 'USER_NOT_FOUND');
        expectProblem(await call(head, 'POST', '/users', { ...newUser, username: 'dr.sun', departmentId: SURGERY }), 403, 'FORBIDDEN');
        expectProblem(await call(head, 'POST', '/users', { ...newUser, username: 'dr.sun', roles: ['dept_head'] }), 403, 'ROLE_NOT_ASSIGNABLE');
        const created = await call(head, 'POST', '/users', { ...newUser, username: 'dr.sun' });
        expect(created.statusCode).toBe(201);
        expectProblem(await call(staff, 'GET', '/users'), 403, 'FORBIDDEN');
      });

      it('suspending a user ends their sessions at once', async () => {
        const victim = await signIn(platform.app, 'fin.zheng');
        expect((await call(victim, 'GET', '/me')).statusCode).toBe(200);
        const suspended = await call(admin, 'PATCH', `/users/${victim.userId}`, { status: 'suspended' });
        expect(suspended.json().status).toBe('suspended');
        expectProblem(await call(victim, 'GET', '/me'), 401, 'UNAUTHENTICATED');
        expectProblem(await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'fin.zheng', password: 'Yixiang@2026' } }), 403, 'ACCOUNT_SUSPENDED');
        await call(admin, 'PATCH', `/users/${victim.userId}`, { status: 'active' });
        await signIn(platform.app, 'fin.zheng');
      });

      it('lets an administrator reset a password but not lock themselves out', async () => {
        const target = demoId('user', 'staff.medical');
        expect((await call(admin, 'POST', `/users/${target}/password`, { newPassword: 'Reset@2026xy' })).statusCode).toBe(204);
        await signIn(platform.app, 'staff.medical', 'Reset@2026xy');
        expectProblem(await call(admin, 'POST', `/users/${target}/password`, { newPassword: 'weak' }), 400, 'PASSWORD_POLICY');
        expectProblem(await call(admin, 'PATCH', `/users/${admin.userId}`, { status: 'disabled' }), 409, 'SELF_LOCKOUT');
        expectProblem(await call(admin, 'PATCH', `/users/${admin.userId}`, { roles: ['staff'] }), 409, 'SELF_LOCKOUT');
        expectProblem(await call(admin, 'PATCH', `/users/${demoId('user', 'sysadmin')}`, { displayName: 'x' }), 403, 'FORBIDDEN');
        expectProblem(await call(admin, 'POST', '/users/missing/password', { newPassword: 'Reset@2026xy' }), 404, 'USER_NOT_FOUND');
      });

      it('shows the auditor users but lets them change nothing', async () => {
        expect((await call(auditor, 'GET', '/users')).statusCode).toBe(200);
        expectProblem(await call(auditor, 'PATCH', `/users/${demoId('user', 'dr.wang')}`, { displayName: 'x' }), 403, 'FORBIDDEN');
        expectProblem(await call(auditor, 'POST', '/users', { ...newUser, username: 'x.eight' }), 403, 'FORBIDDEN');
      });
    });
  });
}
