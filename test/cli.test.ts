import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, loadMasterKey, type MasterKey } from '../src/crypto/index.js';
import { openMigratedDatabase } from '../src/db/index.js';
import { revealPayload } from '../src/records/index.js';
import { createTestDatabase, DIALECTS, skipDialect, type TestDatabase } from './support/databases.js';

const BIN = path.resolve('bin/yixiang.js');

/** The CLI gets only the settings a test gives it, never the runner's DATABASE_URL. */
function cliEnv(database: TestDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, YIXIANG_DATA_DIR: database.dataDir, YIXIANG_LOG_LEVEL: 'silent', ...extra };
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  return env;
}

function yixiang(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('yixiang --help', () => {
  it('explains every command', () => {
    const result = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user', 'keys']) expect(result.stdout).toContain(command);
    const user = spawnSync(process.execPath, [BIN, 'user', 'create', '--help'], { encoding: 'utf8' });
    expect(user.stdout).toContain('--display-name');
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`yixiang CLI on ${dialect}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database?.drop());

    it('migrates, creates the first administrator from piped input, and resets a password', () => {
      const env = cliEnv(database);
      expect(yixiang(['migrate'], env).stdout).toMatch(/Applied: 0001-organisation/);
      expect(yixiang(['migrate'], env).stdout).toContain('up to date');
      const created = yixiang(['user', 'create', '--username', 'admin', '--display-name', '系统管理员', '--role', 'system_admin'], env, 'Strong#Passw0rd\n');
      expect(created.stderr).toBe('');
      expect(created.stdout).toContain('Created user admin (system_admin)');
      const weak = yixiang(['user', 'create', '--username', 'weak', '--display-name', 'x', '--role', 'staff'], env, 'weak\n');
      expect(weak.code).toBe(1);
      expect(weak.stderr.trim().split('\n')).toHaveLength(1);
      expect(weak.stderr).toContain('Password does not meet the policy');
      const duplicate = yixiang(['user', 'create', '--username', 'admin', '--display-name', 'x', '--role', 'staff'], env, 'Strong#Passw0rd\n');
      expect(duplicate.stderr).toContain('already taken');
      expect(yixiang(['user', 'reset-password', 'admin'], env, 'Another#Passw0rd\n').stdout).toContain('reset');
      expect(yixiang(['user', 'reset-password', 'ghost'], env, 'Another#Passw0rd\n').stderr).toContain('No user named ghost');
      expect(yixiang(['user', 'create', '--username', 'x1', '--display-name', 'x', '--role', 'wizard'], env, '').code).not.toBe(0);
      // Command-line actions are audited too, and the log they leave verifies.
      const verified = yixiang(['audit', 'verify'], env);
      expect(verified.stdout).toMatch(/OK: .*: 2 entries/);
    });

    it('refuses to load the demo into a database that already has users', () => {
      const result = yixiang(['demo', 'load'], cliEnv(database));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('only loaded into an empty database');
    });
  });
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`yixiang keys rotate-master on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => Promise.all(databases.map((d) => d.drop())));
    const mode = (file: string) => statSync(file).mode & 0o777;

    /** A database with the demo organisation and one imported device: data keys and the audit signing key exist. */
    async function hospital(extra: Record<string, string> = {}) {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const env = cliEnv(database, { YIXIANG_DEMO_PATIENTS: '0', ...extra });
      expect(yixiang(['demo', 'load'], env).code).toBe(0);
      expect(importDevice(database, env, 'A-001').stdout).toContain('1 created');
      return { database, env };
    }
    function importDevice(database: TestDatabase, env: NodeJS.ProcessEnv, asset: string) {
      const file = path.join(database.dataDir, `${asset}.csv`);
      writeFileSync(file, `资产编号,设备名称,科室编码,型号\n${asset},CT 扫描仪,YXK,CT-64\n`);
      return yixiang(['import', '--csv', 'equipment', file], env);
    }
    async function keyRows(database: TestDatabase) {
      const handle = await openMigratedDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const rows = [...(await handle.db.selectFrom('crypto_data_keys').select('kek_id').execute()), ...(await handle.db.selectFrom('crypto_signing_keys').select('kek_id').execute())];
        const current = /KEK: ([0-9a-f]{16})/.exec(yixiang(['keys', 'status'], cliEnv(database)).stdout)?.[1];
        return { total: rows.length, underNewKey: rows.filter((row) => row.kek_id === current).length };
      } finally {
        await handle.close();
      }
    }
    /** Opens every encrypted record with the given master key, as a server started with it would. */
    async function readableWith(database: TestDatabase, key: MasterKey): Promise<number> {
      const handle = await openMigratedDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const keyring = createKeyring({ db: handle.db, profile: 'standard', masterKey: key });
        const rows = await handle.db.selectFrom('records').selectAll().where('encrypted', '=', 1).execute();
        for (const row of rows) expect(await revealPayload(keyring, row)).toMatchObject({ resourceType: row.resource_type, id: row.id });
        return rows.length;
      } finally {
        await handle.close();
      }
    }

    it('generates a new master.key, re-wraps every key under it and keeps the old one for backups', async () => {
      const { database, env } = await hospital();
      const keyPath = path.join(database.dataDir, 'master.key');
      const oldKey = readFileSync(keyPath, 'utf8');
      const oldId = /KEK: ([0-9a-f]{16})/.exec(yixiang(['keys', 'status'], env).stdout)?.[1];
      expect(oldId).toBeDefined();

      const refused = yixiang(['keys', 'rotate-master', '--new-key-file', keyPath], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toContain('--new-key-file is for a master key from YIXIANG_MASTER_KEY');
      expect(readFileSync(keyPath, 'utf8')).toBe(oldKey);

      const rotated = yixiang(['keys', 'rotate-master'], env);
      expect(rotated.stderr).toBe('');
      const [, from, to, dataKeys, signingKeys] = /Master key (\w+) → (\w+): re-wrapped (\d+) data keys and (\d+) signing keys\./.exec(rotated.stdout) ?? [];
      expect(from).toBe(oldId);
      expect(to).not.toBe(oldId);
      expect(Number(dataKeys)).toBeGreaterThan(0);
      // Every key row moved (the command line signs no checkpoints, so signing keys may be none yet).
      expect(await keyRows(database)).toEqual({ total: Number(dataKeys) + Number(signingKeys), underNewKey: Number(dataKeys) + Number(signingKeys) });
      const retired = path.join(database.dataDir, `master.key.retired-${oldId}`);
      expect(rotated.stdout).toContain(retired);
      expect(readFileSync(retired, 'utf8')).toBe(oldKey);
      expect(readFileSync(keyPath, 'utf8')).not.toBe(oldKey);
      expect([mode(keyPath), mode(retired)]).toEqual([0o600, 0o600]);
      expect(existsSync(path.join(database.dataDir, 'master.key.next'))).toBe(false);

      // Records sealed before open under the new key; new ones are sealed and the log still verifies.
      expect(yixiang(['keys', 'status'], env).stdout).toContain(`KEK: ${to}`);
      expect(importDevice(database, env, 'A-002').stdout).toContain('1 created');
      expect(await readableWith(database, loadMasterKey({ env: {}, dataDir: database.dataDir }))).toBeGreaterThanOrEqual(2);
      expect(yixiang(['audit', 'verify'], env).stdout).toMatch(/^OK: /);
    }, 60_000);

    it('refuses to rotate where there is no master key, and creates none', async () => {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      expect(yixiang(['migrate'], cliEnv(database)).code).toBe(0);
      const refused = yixiang(['keys', 'rotate-master'], cliEnv(database));
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('No master key to rotate');
      for (const file of ['master.key', 'master.key.next']) expect(existsSync(path.join(database.dataDir, file))).toBe(false);
    });

    it('re-wraps under a key given in a file when the current one comes from YIXIANG_MASTER_KEY', async () => {
      const oldKey = randomBytes(32).toString('base64');
      const newKey = randomBytes(32).toString('hex');
      const { database, env } = await hospital({ YIXIANG_MASTER_KEY: oldKey });
      const keyFile = (name: string, value: string, fileMode = 0o600) => {
        const file = path.join(database.dataDir, name);
        writeFileSync(file, `${value}\n`, { mode: fileMode });
        return file;
      };

      const missing = yixiang(['keys', 'rotate-master'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('--new-key-file');
      expect(yixiang(['keys', 'rotate-master', '--new-key-file', keyFile('open.key', newKey, 0o644)], env).stderr).toContain('chmod 600');
      expect(yixiang(['keys', 'rotate-master', '--new-key-file', keyFile('same.key', oldKey)], env).stderr).toContain('same as the current one');

      const rotated = yixiang(['keys', 'rotate-master', '--new-key-file', keyFile('next.key', newKey)], env);
      expect(rotated.stderr).toBe('');
      expect(rotated.stdout).toContain('Set YIXIANG_MASTER_KEY to the new key');
      expect(existsSync(path.join(database.dataDir, 'master.key'))).toBe(false);

      // Started with the old key, the platform says what is wrong and how to finish.
      const stale = importDevice(database, env, 'A-002');
      expect(stale.code).not.toBe(0);
      expect(stale.stderr).toContain('rotate-master');
      const renewed = cliEnv(database, { YIXIANG_MASTER_KEY: newKey });
      expect(importDevice(database, renewed, 'A-003').stdout).toContain('1 created');
      expect(await readableWith(database, loadMasterKey({ env: { YIXIANG_MASTER_KEY: newKey }, dataDir: database.dataDir }))).toBeGreaterThanOrEqual(2);
      expect(yixiang(['audit', 'verify'], renewed).stdout).toMatch(/^OK: /);
    }, 60_000);
  });
}

describe('yixiang start-up failures', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => database?.drop());

  it('gives one clear line for an unreachable database', () => {
    const result = yixiang(['serve'], { ...cliEnv(database), DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('cannot be reached');
    expect(result.stderr).not.toContain('secret');
  });

  it('names an invalid or unknown setting', () => {
    expect(yixiang(['serve'], { ...cliEnv(database), PORT: 'eighty' }).stderr).toContain('PORT');
    expect(yixiang(['serve'], { ...cliEnv(database), YIXIANG_CRYPTO_PROFIL: 'gm' }).stderr).toContain('YIXIANG_CRYPTO_PROFIL');
  });

  it('starts, prints the URL and the demo warning, and serves the Chinese console', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--demo'], { env: { ...cliEnv(database), PORT: '0', HOST: '127.0.0.1' } });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('evaluation only')) resolve(output);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const url = /running at (http:\/\/\S+)/.exec(banner)![1]!;
      expect(banner).toContain('Demo hospital loaded');
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const page = await (await fetch(`${url}/login`)).text();
      expect(page).toContain('lang="zh-CN"');
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'infoadmin', password: 'Yixiang@2026' }) });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const keyFile = readFileSync(path.join(database.dataDir, 'master.key'), 'utf8').trim();
    const status = yixiang(['keys', 'status'], cliEnv(database));
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/KEK/);
    expect(status.stdout).not.toContain(keyFile);
    // Loading the demo hospital (1,000 patients) takes most of this; on a busy two-core machine, more than the default.
  }, 120_000);
});
