import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up } from '../db/migrations/0002-keyring.js';
import { CryptoError } from './errors.js';
import { rewrapUnderNewKek } from './kek-rotation.js';
import { createKeyring } from './keyring.js';
import { kekFingerprint, type MasterKey } from './master-key.js';
import { getProfile, type ProfileName } from './profiles.js';
import type { CryptoTables } from './tables.js';

let db: Kysely<CryptoTables>;
const oldKek = randomBytes(32);
const newKek = randomBytes(32);

function keyring(key: Buffer, profile: ProfileName = 'standard') {
  const masterKey: MasterKey = { key, source: { kind: 'env', variable: 'YIXIANG_MASTER_KEY' }, created: false };
  return createKeyring({ db, profile, masterKey });
}

const rows = async () => ({
  data: await db.selectFrom('crypto_data_keys').selectAll().orderBy('id').execute(),
  signing: await db.selectFrom('crypto_signing_keys').selectAll().orderBy('id').execute(),
});

beforeEach(async () => {
  db = new Kysely<CryptoTables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await up(db);
});
afterEach(async () => db.destroy());

describe('rewrapUnderNewKek', () => {
  it('moves every data and signing key to the new master key; what was encrypted and signed before stays readable', async () => {
    const before = keyring(oldKek);
    const record = await before.encrypt('records', '诊断：高血压');
    const audit = await before.encrypt('audit', 'entry');
    const signed = await before.sign(Buffer.from('checkpoint'));
    await before.rotateDataKey('records');

    const result = await rewrapUnderNewKek(db, getProfile('standard'), oldKek, newKek);
    expect(result).toEqual({ from: kekFingerprint(oldKek, 'SHA-256'), to: kekFingerprint(newKek, 'SHA-256'), dataKeys: 3, signingKeys: 1, alreadyRewrapped: 0 });
    const { data, signing } = await rows();
    for (const row of [...data, ...signing]) expect(row.kek_id).toBe(result.to);

    const after = keyring(newKek);
    expect((await after.decrypt(record)).toString()).toBe('诊断：高血压');
    expect((await after.decrypt(audit)).toString()).toBe('entry');
    expect(await after.verify(signed.keyId, Buffer.from('checkpoint'), signed.signature)).toBe(true);
    expect((await after.sign(Buffer.from('next'))).keyId).toBe(signed.keyId);
    // The old master key opens nothing any more.
    await expect(keyring(oldKek).decrypt(record)).rejects.toMatchObject({ code: 'CRYPTO_KEK_MISMATCH' });
  });

  it('finishes an interrupted rotation: rows already moved are left alone, the rest are moved', async () => {
    const before = keyring(oldKek);
    const first = await before.encrypt('records', 'a');
    await rewrapUnderNewKek(db, getProfile('standard'), oldKek, newKek);
    // A key created under the old master key after the commit (a server left running).
    const late = await keyring(oldKek).encrypt('audit', 'b');
    const again = await rewrapUnderNewKek(db, getProfile('standard'), oldKek, newKek);
    expect(again).toMatchObject({ dataKeys: 1, signingKeys: 0, alreadyRewrapped: 1 });
    const after = keyring(newKek);
    expect((await after.decrypt(first)).toString()).toBe('a');
    expect((await after.decrypt(late)).toString()).toBe('b');
  });

  // Signing keys are moved after every data key, so a bad signing key fails a rotation that has
  // already updated rows: what is checked is that the transaction takes those back.
  it('changes nothing when a key is under neither master key', async () => {
    await keyring(oldKek).encrypt('records', 'a');
    await keyring(oldKek).encrypt('audit', 'b');
    await keyring(randomBytes(32)).sign(Buffer.from('x'));
    const untouched = await rows();
    await expect(rewrapUnderNewKek(db, getProfile('standard'), oldKek, newKek)).rejects.toMatchObject({ code: 'CRYPTO_KEK_MISMATCH' });
    expect(await rows()).toEqual(untouched);
  });

  it('changes nothing when a wrapped key was altered', async () => {
    await keyring(oldKek).encrypt('records', 'a');
    await keyring(oldKek).sign(Buffer.from('x'));
    const [row] = (await rows()).signing;
    const tampered = Buffer.from(row!.wrapped_private_key, 'base64');
    tampered[tampered.length - 1]! ^= 0x01;
    await db.updateTable('crypto_signing_keys').set({ wrapped_private_key: tampered.toString('base64') }).execute();
    const altered = await rows();
    await expect(rewrapUnderNewKek(db, getProfile('standard'), oldKek, newKek)).rejects.toMatchObject({ code: 'CRYPTO_DECRYPT_FAILED' });
    expect(await rows()).toEqual(altered);
  });

  it('refuses the current key as the new one', async () => {
    await keyring(oldKek).encrypt('records', 'a');
    const untouched = await rows();
    const refused = rewrapUnderNewKek(db, getProfile('standard'), oldKek, Buffer.from(oldKek));
    await expect(refused).rejects.toBeInstanceOf(CryptoError);
    await expect(refused).rejects.toMatchObject({ code: 'CRYPTO_CONFIG', message: expect.stringContaining('same as the current one') });
    expect(await rows()).toEqual(untouched);
  });

  it('re-wraps under the gm profile with SM4, including keys wrapped while the profile was standard', async () => {
    const standard = await keyring(oldKek, 'standard').encrypt('records', '标准');
    const gm = await keyring(oldKek, 'gm').encrypt('blind', '国密');
    const result = await rewrapUnderNewKek(db, getProfile('gm'), oldKek, newKek);
    expect(result.to).toBe(kekFingerprint(newKek, 'SM3'));
    const after = keyring(newKek, 'gm');
    expect((await after.decrypt(standard)).toString()).toBe('标准');
    expect((await after.decrypt(gm)).toString()).toBe('国密');
  });
});
