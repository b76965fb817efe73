import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CryptoError } from './errors.js';
import { kekFingerprint, loadMasterKey, parseMasterKey, pendingMasterKey, promotePendingMasterKey } from './master-key.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yixiang-kek-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const posix = process.platform !== 'win32';

describe('YIXIANG_MASTER_KEY', () => {
  const key = randomBytes(32);

  it.each([
    ['hex', key.toString('hex')],
    ['upper-case hex', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
    ['padded with whitespace', `  ${key.toString('base64')}\n`],
  ])('accepts %s', (_label, value) => {
    const loaded = loadMasterKey({ env: { YIXIANG_MASTER_KEY: value }, dataDir: dir });
    expect(loaded.key).toEqual(key);
    expect(loaded.source).toEqual({ kind: 'env', variable: 'YIXIANG_MASTER_KEY' });
  });

  it.each([
    ['too short', randomBytes(16).toString('hex')],
    ['too long', randomBytes(33).toString('base64')],
    ['not an encoding', 'correct horse battery staple correct horse b'],
    ['hex with junk', `${key.toString('hex').slice(0, 63)}g`],
  ])('rejects %s, naming the variable but not echoing the value', (_label, value) => {
    let error: unknown;
    try {
      loadMasterKey({ env: { YIXIANG_MASTER_KEY: value }, dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as CryptoError).code).toBe('CRYPTO_CONFIG');
    expect((error as Error).message).toMatch(/^YIXIANG_MASTER_KEY must be 32 random bytes/);
    expect((error as Error).message).not.toContain(value);
  });

  it('rejects an all-zero placeholder', () => {
    expect(() => parseMasterKey('0'.repeat(64), 'YIXIANG_MASTER_KEY')).toThrow(/placeholder/);
  });

  it('wins over an existing key file', () => {
    loadMasterKey({ env: {}, dataDir: dir });
    expect(loadMasterKey({ env: { YIXIANG_MASTER_KEY: key.toString('hex') }, dataDir: dir }).key).toEqual(key);
  });
});

describe('master.key file', () => {
  it('is created on first run with mode 0600 and reused afterwards', () => {
    const first = loadMasterKey({ env: {}, dataDir: join(dir, 'data') });
    const path = join(dir, 'data', 'master.key');
    expect(first.created).toBe(true);
    expect(first.source).toEqual({ kind: 'file', path });
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseMasterKey(readFileSync(path, 'utf8'), 'file')).toEqual(first.key);
    const second = loadMasterKey({ env: { YIXIANG_MASTER_KEY: '' }, dataDir: join(dir, 'data') });
    expect(second.created).toBe(false);
    expect(second.key).toEqual(first.key);
  });

  it.skipIf(!posix)('refuses a group- or world-readable key file and says how to fix it', () => {
    const path = join(dir, 'master.key');
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(path, 0o644);
    expect(() => loadMasterKey({ env: {}, dataDir: dir })).toThrow(
      expect.objectContaining({ code: 'CRYPTO_KEY_FILE_INSECURE', message: expect.stringContaining(`chmod 600 ${path}`) }),
    );
    chmodSync(path, 0o640);
    expect(() => loadMasterKey({ env: {}, dataDir: dir })).toThrow(/mode 0640/);
  });

  it('rejects a corrupt key file, naming it', () => {
    writeFileSync(join(dir, 'master.key'), 'short', { mode: 0o600 });
    expect(() => loadMasterKey({ env: {}, dataDir: dir })).toThrow(`master key file ${join(dir, 'master.key')} must be 32 random bytes`);
  });
});

describe('kekFingerprint', () => {
  it('is short, stable, hash-specific and reveals nothing of the key', () => {
    const key = randomBytes(32);
    const id = kekFingerprint(key, 'SHA-256');
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(kekFingerprint(key, 'SHA-256')).toBe(id);
    expect(kekFingerprint(key, 'SM3')).not.toBe(id);
    expect(key.toString('hex')).not.toContain(id);
  });
});

describe('the pending key of a master-key rotation', () => {
  it('is created once, private, and read back by a run that finishes an interrupted rotation', () => {
    const first = pendingMasterKey(dir);
    expect(pendingMasterKey(dir).equals(first)).toBe(true);
    if (posix) expect(statSync(join(dir, 'master.key.next')).mode & 0o777).toBe(0o600);
  });

  it('replaces master.key and keeps the old key, also when a previous run kept it already', () => {
    const current = loadMasterKey({ env: {}, dataDir: dir }).key;
    const pending = pendingMasterKey(dir);
    // An interrupted run got as far as keeping the old key.
    linkSync(join(dir, 'master.key'), join(dir, 'master.key.retired-abc'));
    const retired = promotePendingMasterKey(dir, 'abc');
    expect(retired).toBe(join(dir, 'master.key.retired-abc'));
    expect(parseMasterKey(readFileSync(retired, 'utf8'), 'retired').equals(current)).toBe(true);
    expect(loadMasterKey({ env: {}, dataDir: dir }).key.equals(pending)).toBe(true);
    expect(existsSync(join(dir, 'master.key.next'))).toBe(false);
  });
});
