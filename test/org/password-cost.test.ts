/**
 * Test platforms hash passwords cheaply (test/support/app.ts); this file checks that nothing else
 * does: the server as `yixiang serve` opens it and the CLI's organisation module store hashes at
 * the production cost, and a hash made at a lower cost is remade at the next sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type AppConfig } from '../../src/app/config.js';
import { openPlatform, type Platform } from '../../src/app/platform.js';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { systemClock } from '../../src/lib/clock.js';
import { createOrgModule, PasswordHasher } from '../../src/org/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const PRODUCTION_PREFIX = 'scrypt$32768$8$3$';

describe('password hashing cost outside the test platform', () => {
  let database: TestDatabase;
  let config: AppConfig;
  let platform: Platform | undefined;
  const hashOf = async (username: string) => (await platform!.database.db.selectFrom('users').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;
  const signIn = (password: string) => platform!.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dr.wang', password } });

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    config = { ...DEFAULT_CONFIG, dataDir: database.dataDir, databaseUrl: null, demo: true, demoPatients: 0, logLevel: 'silent' };
  });
  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('stores the demo hospital and new users at the production cost when opened as `yixiang serve` opens it', async () => {
    // Demo users hashed cheaply first, as a test platform would leave them.
    platform = await openPlatform(config, systemClock, { housekeepingEveryMs: null, passwords: new PasswordHasher({ N: 1024, r: 8, p: 1 }) });
    expect(await hashOf('dr.wang')).toMatch(/^scrypt\$1024\$8\$1\$/);
    await platform.close();

    platform = await openPlatform({ ...config, demo: false }, systemClock, { housekeepingEveryMs: null });
    const cli = createOrgModule(platform.database.db, systemClock);
    await cli.users.create({ kind: 'system' }, { username: 'cli.user', displayName: '命令行用户', departmentId: null, roles: ['auditor'], password: 'Strong#Passw0rd' });
    expect(await hashOf('cli.user')).toMatch(/^scrypt\$32768\$8\$3\$/);
  });

  it('remakes a cheaper hash at the production cost on a successful sign-in, and only then', async () => {
    const cheap = await hashOf('dr.wang');
    expect((await signIn('Wrong#Passw0rd')).statusCode).toBe(401);
    expect(await hashOf('dr.wang')).toBe(cheap);
    expect((await signIn(DEMO_PASSWORD)).statusCode).toBe(200);
    const remade = await hashOf('dr.wang');
    expect(remade.startsWith(PRODUCTION_PREFIX)).toBe(true);
    expect((await signIn(DEMO_PASSWORD)).statusCode).toBe(200);
    expect(await hashOf('dr.wang')).toBe(remade);
  });

  it('hashes the demo hospital at the production cost when no hasher is given', async () => {
    await platform!.close();
    const fresh = await createTestDatabase('sqlite');
    try {
      platform = await openPlatform({ ...config, dataDir: fresh.dataDir }, systemClock, { housekeepingEveryMs: null });
      const hashes = await platform.database.db.selectFrom('users').select('password_hash').execute();
      expect(hashes.length).toBeGreaterThanOrEqual(20);
      for (const { password_hash } of hashes) expect(password_hash.startsWith(PRODUCTION_PREFIX)).toBe(true);
    } finally {
      await platform?.close();
      platform = undefined;
      await fresh.drop();
    }
  });
});
