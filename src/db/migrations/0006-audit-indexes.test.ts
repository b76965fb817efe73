import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, skipDialect, type TestDatabase } from '../../../test/support/databases.js';
import { AuditLog, DEFAULT_AUDIT_OPTIONS } from '../../audit/log.js';
import { AuditService } from '../../audit/service.js';
import { createKeyring, loadMasterKey } from '../../crypto/index.js';
import { systemClock } from '../../lib/clock.js';
import { dialectFor, migrateToLatest, openDatabase, type Database, type DatabaseHandle } from '../index.js';
import { migrationProvider } from './index.js';

async function indexesOf(db: Kysely<Database>, postgres: boolean): Promise<string[]> {
  const query = postgres
    ? sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'audit_entries'`
    : sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entries' AND sql IS NOT NULL`;
  return (await query.execute(db)).rows.map((row) => row.name).sort();
}

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`migration 0006 on a log written before it (${dialect})`, () => {
    let database: TestDatabase | undefined;
    let handle: DatabaseHandle | undefined;
    afterEach(async () => {
      await handle?.close();
      await database?.drop();
      handle = undefined;
      database = undefined;
    });

    it('swaps the search indexes, keeps every entry and node, and leaves a log that verifies and grows', async () => {
      database = await createTestDatabase(dialect);
      handle = await openDatabase(dialectFor(database));
      const db = handle.db;
      const postgres = dialect === 'postgres';
      const migrated = await new Migrator({ db, provider: migrationProvider }).migrateTo('0005-records');
      expect(migrated.error).toBeUndefined();

      const keyring = createKeyring({ db, profile: 'standard', masterKey: loadMasterKey({ env: {}, dataDir: database.dataDir }), clock: systemClock });
      const options = { ...DEFAULT_AUDIT_OPTIONS, checkpointEvery: 9 };
      const record = (n: number) => ({ actor: { type: 'user' as const, id: `u-${n % 3}`, name: `n${n % 3}`, roles: [], departmentId: null }, action: 'read' as const, objectType: 'record', objectId: `o-${n}`, patientId: `p-${n % 4}`, outcome: 'success' as const });
      const before = new AuditLog(db, keyring, systemClock, options);
      for (let n = 0; n < 50; n++) await before.append(record(n));
      const nodesBefore = await db.selectFrom('audit_nodes').selectAll().orderBy('level').orderBy('idx').execute();
      expect(await indexesOf(db, postgres)).toContain('audit_entries_patient_id_idx');

      await migrateToLatest(db);
      const indexes = await indexesOf(db, postgres);
      expect(indexes.filter((name) => name.endsWith('_bucket_idx'))).toEqual(['actor_id', 'actor_name', 'grant_id', 'object_id', 'patient_id'].map((c) => `audit_entries_${c}_bucket_idx`));
      for (const gone of ['actor_id', 'patient_id', 'grant_id', 'object_id']) expect(indexes).not.toContain(`audit_entries_${gone}_idx`);
      for (const kept of ['recorded_at', 'action', 'actor_department_id']) expect(indexes).toContain(`audit_entries_${kept}_idx`);
      if (!postgres) {
        const table = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'audit_nodes'`.execute(db);
        expect(table.rows[0]!.sql).toMatch(/WITHOUT ROWID/);
      }
      expect(await db.selectFrom('audit_nodes').selectAll().orderBy('level').orderBy('idx').execute()).toEqual(nodesBefore);
      await expect(sql`UPDATE audit_nodes SET hash = '00' WHERE level = 0 AND idx = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_nodes WHERE level = 0 AND idx = 1`.execute(db)).rejects.toThrow(/append-only/);

      const after = new AuditLog(db, keyring, systemClock, options);
      const audit = new AuditService(db, after, keyring);
      expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 50 });
      for (let n = 50; n < 80; n++) await after.append(record(n));
      expect(await audit.verify()).toMatchObject({ ok: true, entriesChecked: 80 });
      expect((await audit.search({ patientId: 'p-1' }, 100)).items.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 77 - 4 * i));
    });
  });
}
