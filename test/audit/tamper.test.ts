import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { appWithLog, dropAppendOnlyGuards, rawSql } from './log-fixture.js';

const BIN = path.resolve('bin/yixiang.js');

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`tampering with the audit log is detected (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    it('refuses updates and deletes from ordinary database clients', async () => {
      platform = await appWithLog(dialect, 12, 5);
      for (const statement of [
        "UPDATE audit_entries SET outcome = 'success' WHERE seq = 3",
        'DELETE FROM audit_entries WHERE seq = 3',
        "UPDATE audit_nodes SET hash = '00' WHERE level = 0 AND idx = 3",
        'DELETE FROM audit_nodes WHERE idx = 3',
        "UPDATE audit_checkpoints SET root_hash = '00'",
        'DELETE FROM audit_checkpoints',
      ]) {
        await expect(rawSql(platform, statement), statement).rejects.toThrow(/append-only/);
      }
      expect((await platform.audit.verify()).ok).toBe(true);
    });

    async function tamperedLog(statements: string[]) {
      platform = await appWithLog(dialect, 40, 10);
      expect((await platform.audit.verify()).ok).toBe(true);
      await dropAppendOnlyGuards(platform);
      for (const statement of statements) await rawSql(platform, statement);
      return platform.audit.verify();
    }

    it('a modified field', async () => {
      const result = await tamperedLog(["UPDATE audit_entries SET outcome = 'success' WHERE seq = 18"]);
      expect(result.ok).toBe(false);
      expect(result.firstBadSeq).toBe(18);
      expect(result.problems[0]!.message).toContain('entry 18 was modified');
    });

    it('a modified field with its leaf hash rewritten too', async () => {
      const result = await tamperedLog([
        "UPDATE audit_entries SET actor_name = 'someone-else' WHERE seq = 12",
        "UPDATE audit_nodes SET hash = CASE WHEN substr(hash, 1, 2) = '00' THEN 'ff' ELSE '00' END || substr(hash, 3) WHERE level = 0 AND idx = 12",
      ]);
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.message).join('\n')).toMatch(/checkpoint at tree size 20 does not match/);
    });

    it('a deleted row', async () => {
      const result = await tamperedLog(['DELETE FROM audit_entries WHERE seq = 23']);
      expect(result.firstBadSeq).toBe(23);
      expect(result.problems[0]!.message).toContain('entries 23–23 are missing');
    });

    it('an inserted row', async () => {
      const result = await tamperedLog([
        "INSERT INTO audit_entries (seq, recorded_at, actor_type, actor_roles, action, outcome, details, retention_class) VALUES (40, '2026-11-25T09:00:00.000Z', 'user', '[]', 'read', 'success', '{}', 'system')",
      ]);
      expect(result.ok).toBe(false);
      expect(result.firstBadSeq).toBe(40);
    });

    it('two rows swapped', async () => {
      const result = await tamperedLog([
        "UPDATE audit_entries SET object_id = 'swap' WHERE seq = 5",
        "UPDATE audit_entries SET object_id = 'obj-5' WHERE seq = 6",
        "UPDATE audit_entries SET object_id = 'obj-6' WHERE seq = 5",
        "UPDATE audit_entries SET request_id = 'swap' WHERE seq = 5",
        "UPDATE audit_entries SET request_id = 'req-5' WHERE seq = 6",
        "UPDATE audit_entries SET request_id = 'req-6' WHERE seq = 5",
      ]);
      expect(result.firstBadSeq).toBe(5);
    });

    it('an altered checkpoint', async () => {
      const result = await tamperedLog(["UPDATE audit_checkpoints SET signed_at = '2020-01-01T00:00:00.000Z' WHERE tree_size = 30"]);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([expect.objectContaining({ checkpointSize: 30, message: expect.stringContaining('invalid signature') })]);
    });

    it('is reported by `yixiang audit verify` with the first bad sequence number and a non-zero exit', async () => {
      platform = await appWithLog(dialect, 25, 10);
      const env = { PATH: process.env.PATH, YIXIANG_DATA_DIR: platform.config.dataDir, ...(platform.config.databaseUrl && { DATABASE_URL: platform.config.databaseUrl }) };
      const clean = spawnSync(process.execPath, [BIN, 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(clean.stdout).toContain('OK');
      expect(clean.status).toBe(0);
      await dropAppendOnlyGuards(platform);
      await rawSql(platform, "UPDATE audit_entries SET purpose_of_use = 'research' WHERE seq = 7");
      const result = spawnSync(process.execPath, [BIN, 'audit', 'verify'], { env, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('first bad sequence number 7');
    });
  });
}
