import { Kysely } from 'kysely';
import { DatabaseUnavailableError, dialectFor, type DatabaseDialect } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './tables.js';

export type { Database } from './tables.js';
export { dialectFor, sqliteDialect, postgresDialect, redactUrl, DatabaseUnavailableError, type DatabaseDialect } from './dialect.js';
export { migrateToLatest, MigrationError } from './migrate.js';
export { isUniqueViolation } from './errors.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
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
  return { db, dialect, close: () => db.destroy() };
}

export async function openMigratedDatabase(options: { databaseUrl: string | null; dataDir: string }): Promise<DatabaseHandle> {
  const handle = await openDatabase(dialectFor(options));
  await migrateToLatest(handle.db);
  return handle;
}
export { containsText } from './like.js';
