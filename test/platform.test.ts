import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from './support/app.js';
import { DIALECTS, skipDialect } from './support/databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`HTTP platform (${dialect})`, () => {
    let platform: TestApp;
    beforeAll(async () => {
      platform = await createTestApp(dialect, { loginRateLimit: 3 });
    });
    afterAll(async () => platform?.close());

    it('reports health with the database dialect', async () => {
      const response = await platform.app.inject({ url: '/healthz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'ok', dialect } } });
    });

    it('exposes Prometheus metrics labelled by route template, not raw URL', async () => {
      await platform.app.inject({ url: '/api/v1/departments/some-id-123' });
      // No YIXIANG_METRICS_TOKEN in tests: /metrics answers the loopback interface (test/http/metrics.test.ts).
      const response = await platform.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('yixiang_http_request_duration_seconds_bucket');
      expect(response.body).toContain('route="/api/v1/departments/:id"');
      expect(response.body).not.toContain('some-id-123');
    });

    it('publishes an OpenAPI document that lists the management routes, and a readable reference', async () => {
      const response = await platform.app.inject({ url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toBe('3.1.0');
      for (const route of ['/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/departments', '/api/v1/institutions/{id}/clients']) {
        expect(Object.keys(document.paths)).toContain(route);
      }
      const docs = await platform.app.inject({ url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toContain('swagger');
    });

    it('answers unknown API paths and wrong methods with problem+json', async () => {
      expectProblem(await platform.app.inject({ url: '/api/v1/nothing-here' }), 404, 'NOT_FOUND');
      expectProblem(await platform.app.inject({ method: 'DELETE', url: '/api/v1/departments' }), 404, 'NOT_FOUND');
    });

    it('serves the console for client-side routes', async () => {
      const response = await platform.app.inject({ url: '/admin/users' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<div id="root">');
    });

    it('sets security headers and echoes a sane request id', async () => {
      const response = await platform.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-abc-12345' } });
      expect(response.headers['x-request-id']).toBe('trace-abc-12345');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toBeDefined();
      const generated = await platform.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id <script>' } });
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('puts the request id into problem bodies', async () => {
      const response = await platform.app.inject({ url: '/api/v1/me', headers: { 'x-request-id': 'trace-problem-1' } });
      expect(expectProblem(response, 401, 'UNAUTHENTICATED')).toMatchObject({ requestId: 'trace-problem-1', instance: '/api/v1/me', status: 401 });
    });

    it('refuses a wrong content type and an over-large body', async () => {
      const session = await signIn(platform.app, 'infoadmin');
      const text = await platform.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { ...bearer(session), 'content-type': 'text/plain' }, payload: 'hello' });
      expectProblem(text, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const huge = await platform.app.inject({ method: 'POST', url: '/api/v1/departments', headers: { ...bearer(session), 'content-type': 'application/json' }, payload: JSON.stringify({ code: 'X'.repeat(2 * 1024 * 1024) }) });
      expectProblem(huge, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('rate-limits sign-in attempts per client address', async () => {
      const attempt = () => platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.8.7', payload: { username: 'nobody', password: 'x' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      expectProblem(await attempt(), 429, 'RATE_LIMITED');
    });
  });
}
