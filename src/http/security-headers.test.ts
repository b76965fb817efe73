import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { helmetOptions } from './security-headers.js';

/** The headers helmet sends with these options, from a bare server. */
async function headersFor(publicUrl: string | null): Promise<Record<string, unknown>> {
  const app = Fastify();
  await app.register(helmet, helmetOptions(publicUrl));
  app.get('/', async () => 'ok');
  try {
    return (await app.inject({ url: '/' })).headers;
  } finally {
    await app.close();
  }
}

const directives = (csp: unknown) => String(csp).split(';').map((d) => d.trim().split(' ')[0]);

describe('helmetOptions', () => {
  it.each([null, 'http://192.0.2.2:8080', 'http://yixiang.example-hospital.cn/base'])('leaves upgrade-insecure-requests out for public URL %s', async (publicUrl) => {
    const csp = (await headersFor(publicUrl))['content-security-policy'];
    expect(directives(csp)).not.toContain('upgrade-insecure-requests');
  });

  it.each(['https://yixiang.example-hospital.cn', 'https://yixiang.example-hospital.cn/base'])('sends upgrade-insecure-requests for public URL %s', async (publicUrl) => {
    expect(directives((await headersFor(publicUrl))['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  it('keeps every other directive and HSTS whatever the public URL', async () => {
    const others = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'";
    const plain = await headersFor(null);
    const secure = await headersFor('https://yixiang.example-hospital.cn');
    expect(plain['content-security-policy']).toBe(`${others};connect-src 'self'`);
    expect(secure['content-security-policy']).toBe(`${others};upgrade-insecure-requests;connect-src 'self'`);
    for (const headers of [plain, secure]) expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
