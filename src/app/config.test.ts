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
