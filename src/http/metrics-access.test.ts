import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess } from './metrics-access.js';

const TOKEN = 'a'.repeat(16) + 'B'.repeat(16) + '-scrape';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.255.0.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:127.1.2.3'])('counts %s as loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each([undefined, '', '10.1.2.3', '128.0.0.1', '0.0.0.0', '::', '::2', 'fe80::1', '::ffff:10.1.2.3', 'localhost', '127.0.0.1.evil'])('does not count %s', (address) => {
    expect(isLoopback(address)).toBe(false);
  });
});

describe('metricsAccess', () => {
  it('without a token, serves loopback only and hides from everyone else whatever they send', () => {
    expect(metricsAccess(null, undefined, '127.0.0.1')).toBe('allow');
    expect(metricsAccess(null, undefined, '::1')).toBe('allow');
    expect(metricsAccess(null, undefined, '10.1.2.3')).toBe('hide');
    expect(metricsAccess(null, `Bearer ${TOKEN}`, '10.1.2.3')).toBe('hide');
    expect(metricsAccess(null, undefined, undefined)).toBe('hide');
  });

  it('with a token, takes exactly that bearer token from any address, loopback included', () => {
    expect(metricsAccess(TOKEN, `Bearer ${TOKEN}`, '10.1.2.3')).toBe('allow');
    expect(metricsAccess(TOKEN, `bearer  ${TOKEN}`, undefined)).toBe('allow');
    expect(metricsAccess(TOKEN, undefined, '127.0.0.1')).toBe('challenge');
    for (const header of ['', 'Bearer', `Bearer ${TOKEN.slice(1)}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN} extra`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.toUpperCase()}`]) {
      expect(metricsAccess(TOKEN, header, '10.1.2.3')).toBe('challenge');
    }
  });
});
