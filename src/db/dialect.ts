import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import pg from 'pg';
import { openSqliteWriter, type AtomicWriter, type SnapshotReader } from './sqlite-writer.js';
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
  /**
   * A separate connection for the audit log's commits, when the database needs one so that reads
   * are not blocked while an entry is made durable (SQLite); null means the main handle will do.
   */
  createAuditWriter?(): AtomicWriter | null;
  /** SQLite: a worker-thread connection for long reads (see SnapshotReader); PostgreSQL reads asynchronously anyway. */
  createSnapshotReader?(): SnapshotReader | null;
}

export class DatabaseUnavailableError extends Error {
  constructor(location: string, cause: unknown) {
    super(`Database at ${location} cannot be reached: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DatabaseUnavailableError';
  }
}

// WAL lets readers proceed while the single writer commits. FULL sync because a response may only
// be sent once its audit entry is durable, and that must survive power loss too.
const SQLITE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 5000'] as const;
/**
 * The audit writer may wait longer for the write lock: it waits in its own thread, and giving up
 * would answer 503. A long import transaction on the main connection is the usual holder.
 */
const SQLITE_WRITER_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON', 'busy_timeout = 60000'] as const;
/** The snapshot reader only reads (its file is already in WAL mode, which lets it read beside the writers). */
const SQLITE_READER_PRAGMAS = ['query_only = ON', 'busy_timeout = 5000'] as const;

/** Statements kept prepared on the main connection; query texts repeat, their parameters differ. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * better-sqlite3 with its statements prepared once per SQL text. Kysely prepares every query
 * afresh, and preparing cost more than running the small keyed selects of a guarded read. A
 * statement still iterating (a stream) is busy, so a second user gets a fresh one.
 */
function cachingDatabase(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  } as unknown as KyselySqliteDatabase;
}

/**
 * Transactions take the write lock when they begin. The audit writer commits on its own
 * connection; a deferred transaction that read first and then wrote after such a commit would fail
 * at once with SQLITE_BUSY_SNAPSHOT, where an immediate one simply waits its turn (busy_timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: KyselySqliteDatabase) {
    super({ database });
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

export function sqliteDialect(file: string): DatabaseDialect {
  return {
    name: 'sqlite',
    location: file,
    createKyselyDialect() {
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      const database = new SqliteDatabase(file);
      for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
      return new ImmediateSqliteDialect(cachingDatabase(database));
    },
    async ping(db) {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    },
    // An in-memory database exists on one connection only; it keeps its commits on the main one.
    createAuditWriter: () => (file === ':memory:' ? null : openSqliteWriter(file, SQLITE_WRITER_PRAGMAS)),
    createSnapshotReader: () => (file === ':memory:' ? null : openSqliteWriter(file, SQLITE_READER_PRAGMAS)),
  };
}

const INT8_OID = 20;

/**
 * bigint columns (sequence numbers, counts) come back as numbers, as they do from SQLite. Every
 * such value here stays far below 2^53, where a JavaScript number is exact.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

/** Distinct statement texts kept prepared per connection; later texts run unnamed, as before. */
const NAMED_STATEMENT_LIMIT = 300;
const PREPARING = Symbol('yixiang.preparing');

/**
 * A pool whose clients run parameterised queries as named prepared statements (one name per
 * distinct SQL text), so PostgreSQL parses and plans each text once per connection instead of on
 * every call. The same few texts make up every guarded read. Queries without parameters (BEGIN,
 * COMMIT, migrations' multi-statement scripts) and texts beyond the bound stay unnamed.
 */
function preparingPool(pool: pg.Pool): pg.Pool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | null => {
    const known = names.get(text);
    if (known !== undefined || names.size >= NAMED_STATEMENT_LIMIT) return known ?? null;
    const name = `yx_${names.size}`;
    names.set(text, name);
    return name;
  };
  const prepare = (client: pg.PoolClient): pg.PoolClient => {
    const tagged = client as pg.PoolClient & { [PREPARING]?: true };
    if (tagged[PREPARING]) return client;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(text) : null;
      return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
    };
    tagged[PREPARING] = true;
    return client;
  };
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'connect') return async () => prepare(await target.connect());
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function postgresDialect(url: string): DatabaseDialect {
  const location = redactUrl(url);
  return {
    name: 'postgres',
    location,
    createKyselyDialect() {
      const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, types: { getTypeParser: typeParser } });
      // An idle client losing its connection must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      return new PostgresDialect({ pool: preparingPool(pool) });
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
