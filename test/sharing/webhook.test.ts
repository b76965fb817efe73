import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from '../support/app.js';

describe('outbound notifications to the hospital’s webhook', () => {
  let platform: TestApp;
  const received: { body: Record<string, unknown>; headers: IncomingMessage['headers'] }[] = [];
  const gateway = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ body: JSON.parse(text) as Record<string, unknown>, headers: request.headers });
      response.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    platform = await createTestApp('sqlite', { config: { demoPatients: 3 } });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    gateway.close();
  });

  it('posts review items to the configured URL with usernames, not personal data', async () => {
    const admin = await signIn(platform.app, 'infoadmin');
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/hook`;
    expectProblem(await platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/notifications.webhook', headers: bearer(admin), payload: { value: { url: 'ftp://x', kinds: [] } } }), 400, 'VALIDATION_FAILED');
    const set = await platform.app.inject({ method: 'PUT', url: '/api/v1/policy/settings/notifications.webhook', headers: bearer(admin), payload: { value: { url, kinds: ['review-item'] }, note: '对接院内消息平台' } });
    expect(set.statusCode).toBe(200);

    const wang = await signIn(platform.app, 'dr.wang');
    const nk = await platform.database.db.selectFrom('departments').select('id').where('code', '=', 'NK').executeTakeFirstOrThrow();
    const patient = await platform.database.db.selectFrom('records').select('id').where('resource_type', '=', 'Patient').executeTakeFirstOrThrow();
    const form = { recipient: { kind: 'department', id: nk.id }, resources: [{ catalogCode: 'CLIN_LAB_REPORT', fields: [{ name: 'testCode' }] }], purpose: 'quality-control', legalBasis: { kind: 'legal-duty' }, patients: { kind: 'patients', patientIds: [patient.id] }, accessDays: 7, channel: 'api', identification: 'pseudonymised', consentOnRecord: false };
    const id = (await platform.app.inject({ method: 'POST', url: '/api/v1/share-requests', headers: bearer(wang), payload: { title: '外发通知测试', form } })).json().id as string;
    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/share-requests/${id}/submit`, headers: bearer(wang) })).statusCode).toBe(200);

    await expect.poll(() => received.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.body).toMatchObject({ kind: 'review-item', subject: { type: 'share_request', id }, recipients: ['head.lab'] });
    expect(JSON.stringify(received[0]!.body)).not.toContain(patient.id);
  });
});
