/**
 * The console over plain HTTP from another host (http://192.0.2.2:8080/): the Content-Security-Policy
 * must not tell the browser to upgrade its asset requests to https unless the server's public URL is
 * https, or the console stays blank. Every other directive, and HSTS, stays as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';

const directives = (csp: unknown) => String(csp).split(';').map((d) => d.trim().split(' ')[0]);

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`security headers on the console (${dialect})`, () => {
    let plain: TestApp;
    let secure: TestApp;
    beforeAll(async () => {
      plain = await createTestApp(dialect, { demo: false });
      secure = await createTestApp(dialect, { demo: false, config: { publicUrl: 'https://yixiang.example-hospital.cn' } });
    });
    afterAll(async () => {
      await plain?.close();
      await secure?.close();
    });

    it('leaves upgrade-insecure-requests out without a public URL, whatever host the browser used', async () => {
      for (const host of ['localhost:8080', '192.0.2.2:8080']) {
        const response = await plain.app.inject({ url: '/', headers: { host } });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toContain('text/html');
        const csp = directives(response.headers['content-security-policy']);
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(csp).toEqual(expect.arrayContaining(['default-src', 'script-src', 'style-src', 'connect-src', 'frame-ancestors', 'form-action']));
      }
    });

    it('leaves it out of API answers too', async () => {
      expect(directives((await plain.app.inject({ url: '/healthz' })).headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    });

    it('sends it when the public URL is https', async () => {
      const response = await secure.app.inject({ url: '/' });
      expect(response.statusCode).toBe(200);
      expect(directives(response.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    });

    it('keeps HSTS either way (browsers ignore it over plain HTTP)', async () => {
      for (const platform of [plain, secure]) expect((await platform.app.inject({ url: '/' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });
  });
}
