import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.js';

/**
 * Everything that differs between the embedded and the server database lives behind this
 * interface, so services and stores never ask which one they are talking to.
 */
export interface DatabaseDialect {
  /** `sqlite` or `postgres`, for logs and health output only. */
  readonly name: 'sqlite' | 'postgres';
  /** A human-readable location without credentials. */
  readonly location: string;
  createKyselyDialect(): Dialect;
  /** Checks that the database answers; throws a one-line error otherwise. */
  ping(db: Kysely<Database>): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(location: string, cause: unknown) {
    super(`Database at ${location} cannot be reached: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DatabaseUnavailableError';
  }
}

export function sqliteDialect(file: string): DatabaseDialect {
  return {
    name: 'sqlite',
    location: file,
    createKyselyDialect() {
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      const database = new SqliteDatabase(file);
      // WAL lets readers proceed while the single writer commits. FULL sync because a response may
      // only be sent once its audit entry is durable, and that must survive power loss too.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      return new SqliteDialect({ database });
    },
    async ping(db) {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
  };
}

const INT8_OID = 20;

/**
 * bigint columns (sequence numbers, counts) come back as numbers, as they do from SQLite. Every
 * such value here stays far below 2^53, where a JavaScript number is exact.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function postgresDialect(url: string): DatabaseDialect {
  const location = redactUrl(url);
  return {
    name: 'postgres',
    location,
    createKyselyDialect() {
      const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, types: { getTypeParser: typeParser } });
      // An idle client losing its connection must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      return new PostgresDialect({ pool });
    },
    async ping(db) {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Picks the dialect from configuration: PostgreSQL when a URL is given, else SQLite in the data directory. */
export function dialectFor(options: { databaseUrl: string | null; dataDir: string }): DatabaseDialect {
  if (options.databaseUrl) return postgresDialect(options.databaseUrl);
  return sqliteDialect(path.join(options.dataDir, 'yixiang.sqlite'));
}
