import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', databaseUrl: null, cryptoProfile: 'standard', demo: false });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('reads every documented setting from the environment', () => {
    const config = loadConfig({ PORT: '9000', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u:p@db/yx', YIXIANG_DATA_DIR: '/tmp/yx', YIXIANG_CRYPTO_PROFILE: 'gm', YIXIANG_DEMO: 'true' });
    expect(config).toMatchObject({ port: 9000, host: '127.0.0.1', databaseUrl: 'postgres://u:p@db/yx', dataDir: '/tmp/yx', cryptoProfile: 'gm', demo: true });
  });

  it('lets the caller default the demo on while the environment can still turn it off', () => {
    expect(loadConfig({}, { demo: true }).demo).toBe(true);
    expect(loadConfig({ YIXIANG_DEMO: 'off' }, { demo: true }).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ YIXIANG_CRYPTO_PROFILE: 'rot13' }, 'YIXIANG_CRYPTO_PROFILE'],
    [{ YIXIANG_DEMO: 'maybe' }, 'YIXIANG_DEMO'],
    [{ DATABASE_URL: 'mysql://db' }, 'DATABASE_URL'],
    [{ YIXIANG_DATADIR: './x' }, 'YIXIANG_DATADIR'],
  ])('names the bad setting in %j', (env, setting) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(new RegExp(setting));
  });

  it('reads a metrics token of at least 32 printable characters, and none by default', () => {
    const token = 'f3a9c1d7e5b2a8c4f6e0d9b1a7c3e5f2';
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ YIXIANG_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(loadConfig({ YIXIANG_METRICS_TOKEN: `${token}+/=~!` }).metricsToken).toBe(`${token}+/=~!`);
  });

  it.each(['', 'short-token', 'f3a9c1d7e5b2a8c4f6e0d9b1a7c3e5f', 'f3a9c1d7e5b2a8c4 f6e0d9b1a7c3e5f2', 'f3a9c1d7e5b2a8c4\tf6e0d9b1a7c3e5f2', 'f3a9c1d7e5b2a8c4令牌f6e0d9b1a7c3e5f2'])('refuses the metrics token %j, naming the setting', (value) => {
    expect(() => loadConfig({ YIXIANG_METRICS_TOKEN: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ YIXIANG_METRICS_TOKEN: value })).toThrowError(/YIXIANG_METRICS_TOKEN/);
  });

  it('reads YIXIANG_PUBLIC_URL as an origin with an optional path prefix, without the trailing slash', () => {
    expect(loadConfig({}).publicUrl).toBeNull();
    expect(loadConfig({ YIXIANG_PUBLIC_URL: '' }).publicUrl).toBeNull();
    expect(loadConfig({ YIXIANG_PUBLIC_URL: 'https://yixiang.example-hospital.cn' }).publicUrl).toBe('https://yixiang.example-hospital.cn');
    expect(loadConfig({ YIXIANG_PUBLIC_URL: 'https://yixiang.example-hospital.cn/' }).publicUrl).toBe('https://yixiang.example-hospital.cn');
    expect(loadConfig({ YIXIANG_PUBLIC_URL: ' https://Yixiang.Example-Hospital.cn:443/base/ ' }).publicUrl).toBe('https://yixiang.example-hospital.cn/base');
    expect(loadConfig({ YIXIANG_PUBLIC_URL: 'http://10.0.0.5:8080/yx//' }).publicUrl).toBe('http://10.0.0.5:8080/yx');
  });

  it.each([
    'yixiang.example-hospital.cn',
    '/base',
    'ftp://yixiang.example-hospital.cn',
    'javascript:alert(1)',
    'https://yixiang.example-hospital.cn/base?x=1',
    'https://yixiang.example-hospital.cn/base?',
    'https://yixiang.example-hospital.cn/#top',
    'https://user:secret@yixiang.example-hospital.cn',
  ])('refuses YIXIANG_PUBLIC_URL=%s at start-up, naming the setting', (value) => {
    expect(() => loadConfig({ YIXIANG_PUBLIC_URL: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ YIXIANG_PUBLIC_URL: value })).toThrowError(/YIXIANG_PUBLIC_URL/);
  });

  it('reads an optional JSON config file, overridden by the environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yx-config-'));
    const file = path.join(dir, 'yixiang.json');
    writeFileSync(file, JSON.stringify({ PORT: 9100, YIXIANG_CRYPTO_PROFILE: 'gm' }));
    expect(loadConfig({ YIXIANG_CONFIG: file })).toMatchObject({ port: 9100, cryptoProfile: 'gm' });
    expect(loadConfig({ YIXIANG_CONFIG: file, PORT: '9200' }).port).toBe(9200);
    writeFileSync(file, JSON.stringify({ PORTT: 1 }));
    expect(() => loadConfig({ YIXIANG_CONFIG: file })).toThrowError(/PORTT/);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ YIXIANG_CONFIG: file })).toThrowError(/YIXIANG_CONFIG/);
  });
});
