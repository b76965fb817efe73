import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { sampleRecord } from './log-fixture.js';

const BIN = path.resolve('bin/yixiang.js');

describe.each(['standard', 'gm'] as const)('offline verification of an exported log (%s profile)', (profile) => {
  let platform: TestApp;
  let env: NodeJS.ProcessEnv;
  let file: string;
  let key: string;
  const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

  beforeAll(async () => {
    platform = await createTestApp('sqlite', { demo: false, config: { cryptoProfile: profile }, auditOptions: { checkpointEvery: 8 } });
    for (let n = 0; n < 30; n++) await platform.auditLog.append(sampleRecord(n));
    await platform.auditLog.flush();
    env = { PATH: process.env.PATH, YIXIANG_DATA_DIR: platform.config.dataDir, YIXIANG_CRYPTO_PROFILE: profile };
    file = path.join(platform.config.dataDir, 'audit-export.ndjson');
    key = path.join(platform.config.dataDir, 'audit-key.pem');
  });
  afterAll(async () => platform?.close());

  it('exports entries, checkpoints and the public key, and verifies the file with no database', () => {
    const exported = cli('audit', 'export', '--file', file, '--public-key-out', key);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/Exported 30 entries and \d+ checkpoints/);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!);
    expect(header).toMatchObject({ format: 'yixiang-audit-export/v1', hashAlgorithm: profile === 'gm' ? 'SM3' : 'SHA-256', treeSize: 30 });
    const verified = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--file', file, '--public-key', key], { env: { PATH: process.env.PATH, YIXIANG_DATA_DIR: '/nonexistent' }, encoding: 'utf8' });
    expect(verified.stdout).toContain('OK');
    expect(verified.status).toBe(0);
  });

  it('names the first bad entry of an edited export', () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"seq":11,'));
    lines[index] = lines[index]!.replace('"outcome":"success"', '"outcome":"denied"').replace('"outcome":"denied"', '"outcome":"success"').replace('"objectId":"obj-11"', '"objectId":"obj-99"');
    const edited = `${file}.edited`;
    writeFileSync(edited, lines.join('\n'));
    const result = cli('audit', 'verify', '--file', edited, '--public-key', key);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/checkpoint at tree size 16 does not match/);
  });

  it('refuses checkpoints signed by a key it was not told to trust, and demands a key', () => {
    const stranger = path.join(platform.config.dataDir, 'stranger.pem');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const result = cli('audit', 'verify', '--file', file, '--public-key', stranger);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid signature');
    const noKey = cli('audit', 'verify', '--file', file);
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toContain('--public-key is required');
  });
});
