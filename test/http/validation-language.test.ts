/**
 * Field-level validation messages (problem+json `errors[].message`) follow Accept-Language like the
 * detail does: Chinese by default and for zh-CN, ajv's English wording for en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type Session, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

type Problem = { detail: string; errors: { path: string; message: string }[] };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`validation messages in the caller's language (${dialect})`, () => {
    let platform: TestApp;
    let admin: Session;
    beforeAll(async () => {
      platform = await createTestApp(dialect);
      admin = await signIn(platform.app, 'infoadmin');
    });
    afterAll(async () => platform?.close());

    const login = (payload: object, language?: string) => platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: language ? { 'accept-language': language } : {}, payload });

    it('writes body problems in Chinese for zh-CN and by default, in English for en', async () => {
      for (const language of ['zh-CN,zh;q=0.9', undefined]) {
        const body = expectProblem(await login({ username: 5, password: 'x' }, language), 400, 'VALIDATION_FAILED') as unknown as Problem;
        expect(body.detail).toBe('请求内容不合法');
        expect(body.errors).toEqual([{ path: 'body/username', message: '应为字符串' }]);
      }
      const english = expectProblem(await login({ username: 5, password: 'x' }, 'en-US'), 400, 'VALIDATION_FAILED') as unknown as Problem;
      expect(english.detail).toBe('The request is not valid');
      expect(english.errors).toEqual([{ path: 'body/username', message: 'must be string' }]);
    });

    it('names unknown and missing fields in Chinese', async () => {
      const unknown = expectProblem(await login({ username: 'dr.wang', password: 'x', remember: true }, 'zh-CN'), 400, 'VALIDATION_FAILED') as unknown as Problem;
      expect(unknown.errors).toEqual([{ path: 'body/remember', message: '不允许的字段 “remember”' }]);
      const missing = expectProblem(await login({ username: 'dr.wang' }, 'zh-CN'), 400, 'VALIDATION_FAILED') as unknown as Problem;
      expect(missing.errors).toEqual([{ path: 'body/password', message: '缺少必填字段 “password”' }]);
    });

    it('localises query-string problems too', async () => {
      const request = (language: string) => platform.app.inject({ url: '/api/v1/audit/events?limit=0', headers: { ...bearer(admin), 'accept-language': language } });
      const zh = expectProblem(await request('zh-CN'), 400, 'VALIDATION_FAILED') as unknown as Problem;
      expect(zh.errors).toEqual([{ path: 'querystring/limit', message: '应大于或等于 1' }]);
      const en = expectProblem(await request('en'), 400, 'VALIDATION_FAILED') as unknown as Problem;
      expect(en.errors).toEqual([{ path: 'querystring/limit', message: 'must be >= 1' }]);
    });
  });
}
