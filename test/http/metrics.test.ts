import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { rawSql } from '../audit/log-fixture.js';

const TOKEN = 'prometheus-scrape-token-0123456789abcdef';

/** Refused scrapes recorded so far, newest first. */
async function refusals(platform: TestApp) {
  return (await platform.audit.search({ objectType: 'metrics' }, 50)).items;
}

function expectPrometheusText(response: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
  expect(response.statusCode).toBe(200);
  expect(String(response.headers['content-type'])).toContain('text/plain');
  expect(response.body).toContain('yixiang_http_request_duration_seconds');
  expect(response.body).toContain('yixiang_process_cpu_seconds_total');
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`/metrics without a token configured (${dialect})`, () => {
    let platform: TestApp;
    // Behind a trusted proxy, so X-Forwarded-For would change request.ip: the rule must not follow it.
    beforeAll(async () => {
      platform = await createTestApp(dialect, { demo: false, config: { trustProxy: true } });
    });
    afterAll(async () => platform?.close());

    it('answers the loopback interface with Prometheus text, and writes no audit entry per scrape', async () => {
      for (const remoteAddress of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
        expectPrometheusText(await platform.app.inject({ url: '/metrics', remoteAddress }));
      }
      expect(await refusals(platform)).toEqual([]);
    });

    it('reads the address of a real socket, not only an injected one', async () => {
      await platform.app.listen({ port: 0, host: '127.0.0.1' });
      const address = platform.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('yixiang_http_request_duration_seconds');
    });

    it('hides itself from any other address with the 404 of an unknown path, and audits the refusal', async () => {
      const refused = await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { 'user-agent': 'Prometheus/3.0' } });
      expect(expectProblem(refused, 404, 'NOT_FOUND')).toMatchObject({ instance: '/metrics' });
      expect(refused.body).not.toContain('yixiang_');
      expect(refused.headers['www-authenticate']).toBeUndefined();
      expectProblem(await platform.app.inject({ url: '/metrics', remoteAddress: '::ffff:10.1.2.3' }), 404, 'NOT_FOUND');

      const [entry] = await refusals(platform);
      expect(entry).toMatchObject({ actor: { type: 'anonymous' }, action: 'read', objectType: 'metrics', outcome: 'denied', reason: 'NOT_FOUND', sourceIp: '::ffff:10.1.2.3', details: { method: 'GET', route: '/metrics', status: 404 } });
      expect((await refusals(platform)).find((e) => e.sourceIp === '10.1.2.3')).toMatchObject({ userAgent: 'Prometheus/3.0', requestId: refused.headers['x-request-id'] });
    });

    it('judges by the socket address, not X-Forwarded-For, and takes no bearer token in place of loopback', async () => {
      const forwarded = await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expectProblem(forwarded, 404, 'NOT_FOUND');
      expectProblem(await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${TOKEN}` } }), 404, 'NOT_FOUND');
      // Through a proxy on this host, every client arrives from loopback: that is the operator's
      // choice of topology, and the reason a token is recommended there (README).
      expectPrometheusText(await platform.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.2.3' } }));
    });
  });

  describe.skipIf(skipDialect(dialect))(`/metrics with a token configured (${dialect})`, () => {
    let platform: TestApp;
    beforeAll(async () => {
      platform = await createTestApp(dialect, { demo: false, config: { metricsToken: TOKEN } });
    });
    afterAll(async () => platform?.close());

    it('answers the right bearer token from any address, without an audit entry', async () => {
      for (const remoteAddress of ['10.1.2.3', '127.0.0.1', '2001:db8::7']) {
        expectPrometheusText(await platform.app.inject({ url: '/metrics', remoteAddress, headers: { authorization: `Bearer ${TOKEN}` } }));
      }
      expectPrometheusText(await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `bearer ${TOKEN}` } }));
      expect(await refusals(platform)).toEqual([]);
    });

    it.each([
      ['no authorization header', undefined],
      ['a wrong token', `Bearer ${TOKEN.slice(0, -1)}x`],
      ['a prefix of the token', `Bearer ${TOKEN.slice(0, 20)}`],
      ['the token with extra characters', `Bearer ${TOKEN}0`],
      ['another scheme', `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`],
      ['the bare token', TOKEN],
    ])('challenges %s with 401 and WWW-Authenticate: Bearer, and audits it', async (_label, authorization) => {
      const before = (await refusals(platform)).length;
      const refused = await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: authorization ? { authorization } : {} });
      expectProblem(refused, 401, 'METRICS_TOKEN_INVALID');
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(refused.body).not.toContain('yixiang_');
      const entries = await refusals(platform);
      expect(entries).toHaveLength(before + 1);
      expect(entries[0]).toMatchObject({ actor: { type: 'anonymous' }, objectType: 'metrics', outcome: 'denied', reason: 'METRICS_TOKEN_INVALID', sourceIp: '10.1.2.3', details: { status: 401 } });
      expect(JSON.stringify(entries[0])).not.toContain(TOKEN.slice(0, 20));
    });

    it('requires the token from loopback too', async () => {
      for (const remoteAddress of ['127.0.0.1', '::1']) {
        const refused = await platform.app.inject({ url: '/metrics', remoteAddress });
        expectProblem(refused, 401, 'METRICS_TOKEN_INVALID');
        expect(refused.headers['www-authenticate']).toMatch(/^Bearer\b/);
      }
    });

    it('does not answer a refusal whose audit entry cannot be written', async () => {
      await rawSql(platform, 'ALTER TABLE audit_entries RENAME TO audit_entries_away');
      try {
        const refused = await platform.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
        expectProblem(refused, 503, 'AUDIT_UNAVAILABLE');
        expect(refused.headers['www-authenticate']).toBeUndefined();
      } finally {
        await rawSql(platform, 'ALTER TABLE audit_entries_away RENAME TO audit_entries');
      }
    });
  });
}
