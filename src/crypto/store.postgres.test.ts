import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { down, up } from '../db/migrations/0002-keyring.js';
import { dropPostgresDatabase } from '../../test/support/databases.js';
import { createKeyring } from './keyring.js';
import type { CryptoTables } from './tables.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

// The same migration and keyring on PostgreSQL, so the portable-types promise is checked, not assumed.
const adminUrl = inject('postgresUrl');

describe.skipIf(!adminUrl)('keyring on PostgreSQL', () => {
  const name = `yx_crypto_${randomBytes(6).toString('hex')}`;
  let db: Kysely<CryptoTables>;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl ?? '' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl ?? '');
    url.pathname = `/${name}`;
    db = new Kysely<CryptoTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 4 }) }) });
    await up(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await dropPostgresDatabase(adminUrl ?? '', name);
  });

  it('encrypts, rotates, signs and reports status', async () => {
    const masterKey = { key: randomBytes(32), source: { kind: 'env', variable: 'YIXIANG_MASTER_KEY' }, created: false } as const;
    const kr = createKeyring({ db, profile: 'gm', masterKey, clock: () => new Date('2026-11-25T17:00:00.000Z') });
    const env = await kr.encrypt('records', 'pg', Buffer.from('r'));
    await kr.rotateDataKey('records');
    const other = createKeyring({ db, profile: 'standard', masterKey });
    expect((await other.decrypt(env, Buffer.from('r'))).toString()).toBe('pg');
    const signed = await kr.sign('cp');
    expect(await other.verify(signed.keyId, 'cp', signed.signature)).toBe(true);
    const status = await other.keyStatus();
    expect(status.dataKeys.map((k) => k.status).sort()).toEqual(['active', 'retired']);
  });

  it('enforces one active key per purpose under concurrent first use from two instances', async () => {
    const masterKey = { key: randomBytes(32), source: { kind: 'env', variable: 'YIXIANG_MASTER_KEY' }, created: false } as const;
    const instances = Array.from({ length: 4 }, () => createKeyring({ db, profile: 'standard', masterKey }));
    const envs = await Promise.all(instances.map((kr, i) => kr.encrypt('race', `v${i}`)));
    const active = await db.selectFrom('crypto_data_keys').select('id').where('purpose', '=', 'race').where('status', '=', 'active').execute();
    expect(active).toHaveLength(1);
    for (const [i, env] of envs.entries()) expect((await instances[0]?.decrypt(env))?.toString()).toBe(`v${i}`);
  });

  it('migrates down cleanly', async () => {
    await down(db);
    await up(db);
  });
});
