import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
