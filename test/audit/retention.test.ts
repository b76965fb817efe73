import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveExpired, ArchiveRefusedError, MINIMUM_RETENTION, retentionExpired } from '../../src/audit/archive.js';
import { verifyExportFile } from '../../src/audit/export-file.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { rawSql, sampleRecord } from './log-fixture.js';

const BIN = path.resolve('bin/yixiang.js');

describe('retention rules', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  it('keeps system events 180 days and sharing records 3 years by default', () => {
    const day = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    expect(retentionExpired({ recorded_at: day(181), retention_class: 'system' }, MINIMUM_RETENTION, now)).toBe(true);
    expect(retentionExpired({ recorded_at: day(179), retention_class: 'system' }, MINIMUM_RETENTION, now)).toBe(false);
    expect(retentionExpired({ recorded_at: day(1000), retention_class: 'sharing' }, MINIMUM_RETENTION, now)).toBe(false);
    expect(retentionExpired({ recorded_at: day(1096), retention_class: 'sharing' }, MINIMUM_RETENTION, now)).toBe(true);
  });
});

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`archiving expired audit entries (${dialect})`, () => {
    let platform: TestApp | undefined;
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
    });

    it('archives only an expired prefix, keeps the rest verifiable, and the archive verifies offline', async () => {
      const clock = testClock(new Date('2026-01-01T00:00:00Z'));
      platform = await createTestApp(dialect, { demo: false, clock, auditOptions: { checkpointEvery: 7, checkpointIntervalMs: 3_600_000 } });
      const { auditLog, audit, keyring, database } = platform;
      for (let n = 1; n <= 20; n++) await auditLog.append({ ...sampleRecord(n), patientId: null });
      for (let n = 21; n <= 30; n++) await auditLog.append({ ...sampleRecord(n), patientId: `p-${n}`, objectType: 'record' });
      clock.advanceMinutes(10 * 24 * 60);
      for (let n = 31; n <= 35; n++) await auditLog.append({ ...sampleRecord(n), patientId: null });
      const deps = { db: database.db, log: auditLog, audit, keyring, clock };
      const directory = platform.config.dataDir;

      expect(await archiveExpired(deps, { directory, policy: MINIMUM_RETENTION })).toBeNull();
      await expect(archiveExpired(deps, { directory, policy: { systemDays: 30, sharingDays: 1095 } })).rejects.toBeInstanceOf(ArchiveRefusedError);

      clock.advanceMinutes(200 * 24 * 60);
      const first = await archiveExpired(deps, { directory, policy: MINIMUM_RETENTION });
      expect(first).toMatchObject({ from: 0, to: 20 });
      expect(await audit.archivedBefore()).toBe(20);
      expect((await audit.search({}, 100)).items.map((e) => e.seq).sort((a, b) => a - b)[0]).toBe(20);
      const afterFirst = await audit.verify();
      expect(afterFirst.problems).toEqual([]);
      const publicKey = (await keyring.getPublicSigningKeys()).find((k) => k.purpose === 'audit')!.publicKey;
      expect((await verifyExportFile(first!.file, [publicKey])).ok).toBe(true);

      // Younger entries stay undeletable even by direct SQL from the application's connection.
      await expect(rawSql(platform, 'DELETE FROM audit_entries WHERE seq = 25')).rejects.toThrow(/append-only/);

      clock.advanceMinutes(1100 * 24 * 60);
      const second = await archiveExpired(deps, { directory, policy: MINIMUM_RETENTION });
      expect(second).toMatchObject({ from: 20, to: 35 });
      expect((await verifyExportFile(second!.file, [publicKey])).problems).toEqual([]);
      await auditLog.append(sampleRecord(99));
      const afterSecond = await audit.verify();
      expect(afterSecond.problems).toEqual([]);
      expect(afterSecond.entriesChecked).toBe(36);
      expect(readdirSync(directory).filter((f) => f.startsWith('yixiang-audit-'))).toHaveLength(2);
    });

    it('is offered by the CLI, which refuses retention settings below the legal minimum', async () => {
      platform = await createTestApp(dialect, { demo: false });
      await platform.auditLog.append(sampleRecord(1));
      const env = { PATH: process.env.PATH, YIXIANG_DATA_DIR: platform.config.dataDir, ...(platform.config.databaseUrl && { DATABASE_URL: platform.config.databaseUrl }) };
      const nothing = spawnSync(process.execPath, [BIN, 'audit', 'archive', '--dir', platform.config.dataDir], { env, encoding: 'utf8' });
      expect(nothing.stdout).toContain('Nothing to archive');
      const tooShort = spawnSync(process.execPath, [BIN, 'audit', 'archive', '--dir', platform.config.dataDir], { env: { ...env, YIXIANG_AUDIT_RETENTION_SYSTEM_DAYS: '30' }, encoding: 'utf8' });
      expect(tooShort.status).toBe(1);
      expect(tooShort.stderr).toContain('YIXIANG_AUDIT_RETENTION_SYSTEM_DAYS');
    });
  });
}
