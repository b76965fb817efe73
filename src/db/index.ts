import { Kysely } from 'kysely';
import { DatabaseUnavailableError, dialectFor, type DatabaseDialect } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { refreshPlannerStatistics } from './statistics.js';
import type { AtomicWriter, SnapshotReader } from './sqlite-writer.js';
import type { Database } from './tables.js';

export type { Database } from './tables.js';
export { dialectFor, sqliteDialect, postgresDialect, redactUrl, DatabaseUnavailableError, type DatabaseDialect } from './dialect.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { refreshPlannerStatistics } from './statistics.js';
export type { AtomicWriter, ScriptStep, ScriptResult, SnapshotReader } from './sqlite-writer.js';
export { isUniqueViolation } from './errors.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** Where the audit log commits on SQLite: its own connection (see sqlite-writer.ts); null on PostgreSQL. */
  auditWriter: AtomicWriter | null;
  /** Long reads off the main thread on SQLite (see sqlite-writer.ts); null on PostgreSQL, whose queries never block it. */
  snapshotReader: SnapshotReader | null;
  dialect: DatabaseDialect;
  close(): Promise<void>;
}

/** Opens the database and proves it answers, so a wrong URL fails at start-up with one clear line. */
export async function openDatabase(dialect: DatabaseDialect): Promise<DatabaseHandle> {
  let db: Kysely<Database>;
  try {
    db = new Kysely<Database>({ dialect: dialect.createKyselyDialect() });
  } catch (error) {
    throw new DatabaseUnavailableError(dialect.location, error);
  }
  try {
    await dialect.ping(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(dialect.location, error);
  }
  const writer = dialect.createAuditWriter?.() ?? null;
  const reader = dialect.createSnapshotReader?.() ?? null;
  return {
    db,
    auditWriter: writer,
    snapshotReader: reader,
    dialect,
    async close() {
      await writer?.close();
      await reader?.close();
      await db.destroy();
    },
  };
}

export async function openMigratedDatabase(options: { databaseUrl: string | null; dataDir: string }): Promise<DatabaseHandle> {
  const handle = await openDatabase(dialectFor(options));
  await migrateToLatest(handle.db);
  // SQLite plans without statistics until told to gather them; cheap when they are current.
  await refreshPlannerStatistics(handle.db, 'startup');
  return handle;
}
export { containsText } from './like.js';
export { jsonMember } from './json.js';
