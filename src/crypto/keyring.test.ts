import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { down, up } from '../db/migrations/0002-keyring.js';
import { envelopeKeyId } from './envelope.js';
import { EnvelopeOpener } from './envelope-opener.js';
import { CryptoError, DecryptError } from './errors.js';
import { KeyWrapper } from './key-wrap.js';
import { Keyring, createKeyring, openKeyringFromEnv } from './keyring.js';
import type { MasterKey } from './master-key.js';
import { getProfile, type ProfileName } from './profiles.js';
import type { CryptoTables } from './tables.js';

let db: Kysely<CryptoTables>;
let now: Date;
const clock = (): Date => now;
const masterKey: MasterKey = { key: randomBytes(32), source: { kind: 'env', variable: 'YIXIANG_MASTER_KEY' }, created: false };

function keyring(profile: ProfileName = 'standard', kek: MasterKey = masterKey, activeKeyTtlMs?: number): Keyring {
  return createKeyring({ db, profile, masterKey: kek, clock, ...(activeKeyTtlMs === undefined ? {} : { activeKeyTtlMs }) });
}

beforeEach(async () => {
  db = new Kysely<CryptoTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
  now = new Date('2026-11-25T17:00:00.000Z');
});
afterEach(async () => db.destroy());

describe('envelope encryption', () => {
  it('creates a data key on first use and round-trips text, bytes and JSON', async () => {
    const kr = keyring();
    const env = await kr.encrypt('records', '诊断：高血压');
    expect((await kr.decrypt(env)).toString()).toBe('诊断：高血压');
    expect(await kr.decrypt(await kr.encrypt('records', Buffer.from([0, 1, 2])))).toEqual(Buffer.from([0, 1, 2]));
    const json = await kr.encryptJson('records', { idCard: '110105194912310021', tags: [1, 2] });
    expect(await kr.decryptJson(json.toString('base64'))).toEqual({ idCard: '110105194912310021', tags: [1, 2] });
    const rows = await db.selectFrom('crypto_data_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'records', algorithm: 'AES-256-GCM', status: 'active', created_at: '2026-11-25T17:00:00.000Z', kek_id: kr.kekId });
  });

  it('binds AAD such as the record id', async () => {
    const kr = keyring();
    const env = await kr.encrypt('records', 'secret', Buffer.from('record:1'));
    expect((await kr.decrypt(env, Buffer.from('record:1'))).toString()).toBe('secret');
    await expect(kr.decrypt(env, Buffer.from('record:2'))).rejects.toThrow(DecryptError);
    await expect(kr.decrypt(env)).rejects.toMatchObject({ code: 'CRYPTO_DECRYPT_FAILED' });
  });

  it('reports an unknown key id as CRYPTO_KEY_NOT_FOUND', async () => {
    const env = await keyring().encrypt('records', 'x');
    await db.deleteFrom('crypto_data_keys').execute();
    await expect(keyring().decrypt(env)).rejects.toMatchObject({ name: 'DecryptError', code: 'CRYPTO_KEY_NOT_FOUND' });
  });

  it('releases decryption keys for another thread, which then opens what the keyring sealed', async () => {
    const kr = keyring();
    const env = await kr.encryptJson('records', { code: 'HIV' }, Buffer.from('record:1'));
    const released = await kr.releaseDataKeys([envelopeKeyId(env.toString('base64')), envelopeKeyId(env)]);
    expect(released).toHaveLength(1);
    expect(new EnvelopeOpener(released).openJson(env.toString('base64'), Buffer.from('record:1'))).toEqual({ code: 'HIV' });
    await expect(kr.releaseDataKeys(['no-such-key'])).rejects.toMatchObject({ code: 'CRYPTO_KEY_NOT_FOUND' });
    const mac = await kr.hmac('audit-chain', 'x');
    await expect(kr.releaseDataKeys([mac.keyId])).rejects.toMatchObject({ code: 'CRYPTO_INVALID_INPUT' });
  });

  it('creates exactly one key when many first uses race', async () => {
    const kr = keyring();
    const envs = await Promise.all(Array.from({ length: 20 }, (_, i) => kr.encrypt('records', `v${i}`)));
    expect(await db.selectFrom('crypto_data_keys').select('id').execute()).toHaveLength(1);
    expect((await keyring().decrypt(envs[19] ?? Buffer.alloc(0))).toString()).toBe('v19');
  });
});

describe('key wrapping', () => {
  it('stores data keys only wrapped, and a fresh instance with the same KEK unwraps them', async () => {
    const env = await keyring().encrypt('records', 'persisted');
    const row = await db.selectFrom('crypto_data_keys').selectAll().executeTakeFirstOrThrow();
    const dek = new KeyWrapper(masterKey.key, getProfile('standard')).unwrap(row.wrapped_key, row.kek_id, {
      kind: 'data',
      id: row.id,
      purpose: row.purpose,
      algorithm: row.algorithm,
    });
    expect(dek).toHaveLength(32);
    expect(row.wrapped_key).not.toContain(dek.toString('base64'));
    expect((await keyring().decrypt(env)).toString()).toBe('persisted');
  });

  it('names the mismatch when the master key changed', async () => {
    const env = await keyring().encrypt('records', 'x');
    const other: MasterKey = { ...masterKey, key: randomBytes(32) };
    await expect(keyring('standard', other).decrypt(env)).rejects.toMatchObject({
      code: 'CRYPTO_KEK_MISMATCH',
      message: expect.stringMatching(/YIXIANG_MASTER_KEY or <dataDir>\/master.key/),
    });
  });

  it('detects a tampered or transplanted wrapped key', async () => {
    const kr = keyring();
    const a = await kr.encrypt('records', 'a');
    await kr.encrypt('audit', 'b');
    const [records, audit] = await Promise.all(
      ['records', 'audit'].map((p) => db.selectFrom('crypto_data_keys').selectAll().where('purpose', '=', p).executeTakeFirstOrThrow()),
    );
    if (!records || !audit) throw new Error('rows missing');
    await db.updateTable('crypto_data_keys').set({ wrapped_key: audit.wrapped_key }).where('id', '=', records.id).execute();
    await expect(keyring().decrypt(a)).rejects.toMatchObject({ code: 'CRYPTO_DECRYPT_FAILED' });
  });
});

describe('rotation', () => {
  it('retires the old key, which still decrypts, and encrypts new data under the new key', async () => {
    const kr = keyring();
    const before = await kr.encrypt('records', 'old');
    now = new Date('2026-12-01T00:00:00.000Z');
    const rotated = await kr.rotateDataKey('records');
    const after = await kr.encrypt('records', 'new');
    expect(after.includes(Buffer.from(rotated.id))).toBe(true);
    expect(before.includes(Buffer.from(rotated.id))).toBe(false);
    expect((await kr.decrypt(before)).toString()).toBe('old');
    expect((await keyring().decrypt(before)).toString()).toBe('old');
    const rows = await db.selectFrom('crypto_data_keys').select(['id', 'status', 'retired_at']).orderBy('created_at').execute();
    expect(rows.map((r) => [r.status, r.retired_at])).toEqual([
      ['retired', '2026-12-01T00:00:00.000Z'],
      ['active', null],
    ]);
  });

  it('refuses to rotate a purpose that has no key', async () => {
    await expect(keyring().rotateDataKey('nothing')).rejects.toMatchObject({ code: 'CRYPTO_KEY_NOT_FOUND' });
  });

  it('lets other instances pick up a rotation once their active-key cache expires', async () => {
    const a = keyring('standard', masterKey, 60_000);
    const b = keyring('standard', masterKey, 60_000);
    const first = (await b.encrypt('records', 'x')).subarray(4, 27).toString();
    const { id } = await a.rotateDataKey('records');
    expect((await b.encrypt('records', 'x')).subarray(4, 27).toString()).toBe(first);
    now = new Date(now.getTime() + 61_000);
    expect((await b.encrypt('records', 'x')).subarray(4, 27).toString()).toBe(id);
  });
});

describe('profile switch', () => {
  it.each([
    ['gm', 'standard', 'AES-256-GCM'],
    ['standard', 'gm', 'SM4-CTR+HMAC-SM3'],
  ] as const)('data written under %s still decrypts under %s', async (from, to, newAlgorithm) => {
    const env = await keyring(from).encrypt('records', 'portable', Buffer.from('r1'));
    const switched = keyring(to);
    expect((await switched.decrypt(env, Buffer.from('r1'))).toString()).toBe('portable');
    await switched.encrypt('records', 'next');
    const active = await db.selectFrom('crypto_data_keys').selectAll().where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(active.algorithm).toBe(newAlgorithm);
    expect((await switched.decrypt(env, Buffer.from('r1'))).toString()).toBe('portable');
    expect((await keyring(from).decrypt(env, Buffer.from('r1'))).toString()).toBe('portable');
  });
});

describe('blind index', () => {
  it('is deterministic across instances and spellings', async () => {
    const a = await keyring('gm').blindIndex('id-card', '11010519491231002x');
    expect(await keyring('gm').blindIndex('id-card', ' １１０１０５１９４９１２３１００２Ｘ ')).toBe(a);
    expect(await keyring('gm').blindIndex('phone', '11010519491231002x')).not.toBe(a);
  });

  it('still finds values indexed before a rotation or profile switch', async () => {
    const old = await keyring('standard').blindIndex('phone', '13800138000');
    await keyring('standard').rotateDataKey('blind-index');
    const gm = keyring('gm');
    const current = await gm.blindIndex('phone', '+86 138 0013 8000');
    expect(current).not.toBe(old);
    const candidates = await gm.blindIndexCandidates('phone', '138-0013-8000');
    expect(candidates[0]).toBe(current);
    expect(candidates).toContain(old);
    expect(candidates).toHaveLength(3);
  });

  it('keeps the blind-index purpose away from encryption, and MAC purposes apart from AEAD ones', async () => {
    const kr = keyring();
    await expect(kr.encrypt('blind-index', 'x')).rejects.toThrow(CryptoError);
    await kr.encrypt('records', 'x');
    await expect(kr.hmac('records', 'x')).rejects.toThrow(/holds AEAD keys/);
  });
});

describe('hash, hmac and signatures', () => {
  it('hashes with the profile and MACs with a stored key', async () => {
    const kr = keyring('gm');
    expect(kr.hash('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    const { keyId, algorithm, mac } = await kr.hmac('audit-chain', 'entry 1');
    expect(algorithm).toBe('HMAC-SM3');
    expect(await keyring('gm').verifyHmac(keyId, 'entry 1', mac)).toBe(true);
    expect(await kr.verifyHmac(keyId, 'entry 2', mac)).toBe(false);
  });

  it.each(['standard', 'gm'] as const)('%s: signs with the active key and verifies by id or public key', async (profile) => {
    const kr = keyring(profile);
    const signed = await kr.sign('checkpoint 1');
    expect(signed.algorithm).toBe(profile === 'gm' ? 'SM2' : 'Ed25519');
    const [pub] = await kr.getPublicSigningKeys();
    expect(pub).toMatchObject({ id: signed.keyId, algorithm: signed.algorithm, status: 'active' });
    expect(await kr.verify(signed.keyId, 'checkpoint 1', signed.signature)).toBe(true);
    expect(await keyring(profile).verify(pub?.publicKey ?? '', 'checkpoint 1', signed.signature)).toBe(true);
    expect(await kr.verify(signed.keyId, 'checkpoint 2', signed.signature)).toBe(false);
    await expect(kr.verify('sk_00000000000000000000', 'x', signed.signature)).rejects.toMatchObject({ code: 'CRYPTO_KEY_NOT_FOUND' });
  });

  it('keeps retired signing keys verifying after rotation and a profile switch', async () => {
    const old = await keyring('standard').sign('cp');
    now = new Date('2026-11-26T00:00:00.000Z');
    await keyring('standard').rotateSigningKey();
    now = new Date('2026-11-27T00:00:00.000Z');
    const gm = keyring('gm');
    const fresh = await gm.sign('cp');
    expect(fresh.algorithm).toBe('SM2');
    expect(await gm.verify(old.keyId, 'cp', old.signature)).toBe(true);
    const keys = await gm.getPublicSigningKeys();
    expect(keys.map((k) => [k.algorithm, k.status])).toEqual([
      ['Ed25519', 'retired'],
      ['Ed25519', 'retired'],
      ['SM2', 'active'],
    ]);
  });
});

describe('keyStatus', () => {
  it('lists metadata and ages by the injected clock, and never key material', async () => {
    const kr = keyring('gm');
    await kr.encrypt('records', 'x');
    await kr.blindIndex('mrn', 'A1');
    await kr.sign('cp');
    now = new Date('2027-01-04T17:00:00.000Z');
    const status = await kr.keyStatus();
    expect(status).toMatchObject({ profile: 'gm', kek: { id: kr.kekId, source: 'env', variable: 'YIXIANG_MASTER_KEY' } });
    expect(status.algorithms).toEqual({ hash: 'SM3', mac: 'HMAC-SM3', aead: 'SM4-CTR+HMAC-SM3', signature: 'SM2' });
    expect(status.dataKeys.map((k) => [k.purpose, k.algorithm, k.status, k.ageDays])).toEqual([
      ['blind-index', 'HMAC-SM3', 'active', 40],
      ['records', 'SM4-CTR+HMAC-SM3', 'active', 40],
    ]);
    expect(status.signingKeys[0]).toMatchObject({ purpose: 'default', algorithm: 'SM2', ageDays: 40 });

    const json = JSON.stringify(status);
    const wrapper = new KeyWrapper(masterKey.key, getProfile('gm'));
    const secrets = [masterKey.key.toString('hex'), masterKey.key.toString('base64'), masterKey.key.toString('base64url')];
    for (const row of await db.selectFrom('crypto_data_keys').selectAll().execute()) {
      const dek = wrapper.unwrap(row.wrapped_key, row.kek_id, { kind: 'data', id: row.id, purpose: row.purpose, algorithm: row.algorithm });
      secrets.push(dek.toString('hex'), dek.toString('base64'), row.wrapped_key);
    }
    for (const row of await db.selectFrom('crypto_signing_keys').selectAll().execute()) secrets.push(row.wrapped_private_key);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/PRIVATE KEY|wrapped/i);
  });

  it('reports a file-based KEK with its path', async () => {
    const fileKek: MasterKey = { ...masterKey, source: { kind: 'file', path: '/srv/yixiang/data/master.key' } };
    expect((await keyring('standard', fileKek).keyStatus()).kek).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      source: 'file',
      path: '/srv/yixiang/data/master.key',
    });
  });
});

describe('openKeyringFromEnv', () => {
  it('takes the profile from YIXIANG_CRYPTO_PROFILE and the KEK from <dataDir>/master.key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yixiang-keyring-'));
    try {
      const kr = openKeyringFromEnv({ db, env: { YIXIANG_CRYPTO_PROFILE: 'gm' }, dataDir, clock });
      const env = await kr.encrypt('records', 'x');
      const again = openKeyringFromEnv({ db, env: {}, dataDir });
      expect(again.profile.name).toBe('standard');
      expect(again.kekId).not.toBe(kr.kekId);
      expect((await again.decrypt(env)).toString()).toBe('x');
      expect((await kr.keyStatus()).kek).toEqual({ id: kr.kekId, source: 'file', path: join(dataDir, 'master.key') });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('migration 0002-keyring', () => {
  it('allows only one active key per purpose', async () => {
    const row = { purpose: 'p', algorithm: 'AES-256-GCM', kek_id: 'k', wrapped_key: 'w', status: 'active' as const, created_at: 'now', retired_at: null };
    await db.insertInto('crypto_data_keys').values({ ...row, id: 'dk_1' }).execute();
    await expect(db.insertInto('crypto_data_keys').values({ ...row, id: 'dk_2' }).execute()).rejects.toThrow();
    await db.insertInto('crypto_data_keys').values({ ...row, id: 'dk_3', status: 'retired' }).execute();
  });

  it('drops its tables on down', async () => {
    await down(db);
    await expect(db.selectFrom('crypto_data_keys').selectAll().execute()).rejects.toThrow(/no such table/);
  });
});
