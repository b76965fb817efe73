import { CompiledQuery, PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';

type Db = Kysely<Database>;
/**
 * Rows per multi-row INSERT: 256 × 17 columns stays far below both databases' parameter limits
 * (SQLite 32,766, PostgreSQL 65,535) while keeping the number of statements per batch small.
 */
const INSERT_ROWS = 256;

/** Column order of every records write; insert and update texts are built from it once. */
const RECORD_COLUMNS = [
  'id',
  'resource_type',
  'catalog_code',
  'patient_id',
  'department_code',
  'encounter_id',
  'effective_at',
  'code',
  'category',
  'status',
  'level',
  'source_key',
  'payload',
  'encrypted',
  'version_id',
  'last_updated',
  'created_at',
] as const satisfies readonly (keyof RecordRow)[];
const UPDATED_COLUMNS = RECORD_COLUMNS.filter((c) => c !== 'id' && c !== 'resource_type' && c !== 'created_at');

type Flavour = 'sqlite' | 'postgres';

/** Which SQL this module writes for the connection: the two databases spell lists and placeholders differently. */
function flavourOf(db: Db): Flavour {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const sqlTexts = new Map<string, string>();

/**
 * SQL text by key, built once. Every bulk statement here has one of a few fixed texts — the lists
 * of keys travel as one parameter (a JSON array on SQLite, arrays on PostgreSQL), and inserts come
 * in a few fixed sizes — so the connection's statement cache prepares each text once per process
 * instead of once per batch, which cost more than running them.
 */
function cachedSql(key: string, build: () => string): string {
  let text = sqlTexts.get(key);
  if (text === undefined) {
    text = build();
    sqlTexts.set(key, text);
  }
  return text;
}

function insertSql(flavour: Flavour, table: string, columns: readonly string[], rows: number): string {
  return cachedSql(`insert|${flavour}|${table}|${rows}`, () => {
    const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => (flavour === 'postgres' ? `$${r * columns.length + c + 1}` : '?')).join(', ')})`);
    return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  });
}

/**
 * Plain inserts. PostgreSQL gets multi-row statements with the parameters laid out row by row, in
 * statements of INSERT_ROWS rows and a tail split into powers of two, so that only a handful of
 * distinct texts ever exist: each statement is a round trip there. SQLite runs in-process, where a
 * one-row statement, prepared once and run per row, costs less than a multi-row one: a 256-row
 * VALUES list is evaluated as a co-routine over 4,352 bound parameters, and plain inserts of
 * import rows ran about a quarter faster one row at a time (bench/RESULTS.md, ingest notes).
 */
async function insertRows<Row>(db: Db, table: string, columns: readonly (keyof Row & string)[], rows: readonly Row[]): Promise<void> {
  const flavour = flavourOf(db);
  if (flavour === 'sqlite') {
    const text = insertSql(flavour, table, columns, 1);
    for (const row of rows) await db.executeQuery(CompiledQuery.raw(text, columns.map((column) => row[column])));
    return;
  }
  for (let start = 0; start < rows.length; ) {
    const remaining = rows.length - start;
    const size = remaining >= INSERT_ROWS ? INSERT_ROWS : 2 ** Math.floor(Math.log2(remaining));
    const parameters: unknown[] = new Array(size * columns.length);
    let p = 0;
    for (let r = start; r < start + size; r++) {
      const row = rows[r]!;
      for (const column of columns) parameters[p++] = row[column];
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(flavour, table, columns, size), parameters));
    start += size;
  }
}

/**
 * Rows of `records` whose (resource_type, `column`) pair is one of `keys`, in one statement with
 * one fixed text: SQLite walks a JSON array of pairs and probes the unique index for each,
 * PostgreSQL joins two unnested arrays.
 */
async function selectByTypedKeys<Row>(db: Db, column: 'source_key' | 'id', keys: readonly (readonly [string, string])[], selected: readonly string[]): Promise<Row[]> {
  if (keys.length === 0) return [];
  const flavour = flavourOf(db);
  const list = selected.map((c) => `r."${c}"`).join(', ');
  if (flavour === 'sqlite') {
    const text = cachedSql(`select|sqlite|${column}|${list}`, () => `select ${list} from json_each(?) k join "records" r on r."resource_type" = k.value ->> 0 and r."${column}" = k.value ->> 1`);
    return (await db.executeQuery<Row>(CompiledQuery.raw(text, [JSON.stringify(keys)]))).rows;
  }
  const text = cachedSql(`select|postgres|${column}|${list}`, () => `select ${list} from unnest($1::text[], $2::text[]) as k(resource_type, key) join "records" r on r."resource_type" = k.resource_type and r."${column}" = k.key`);
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, [keys.map((k) => k[0]), keys.map((k) => k[1])]))).rows;
}

/** Existing rows for these business identifiers, keyed `${resourceType}|${sourceKey}`. */
export async function findBySourceKeys(db: Db, keys: { resourceType: string; sourceKey: string }[]): Promise<Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>> {
  const found = new Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>();
  const rows = await selectByTypedKeys<Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at' | 'source_key'>>(
    db,
    'source_key',
    keys.map((k) => [k.resourceType, k.sourceKey] as const),
    ['id', 'resource_type', 'version_id', 'created_at', 'source_key'],
  );
  for (const row of rows) found.set(`${row.resource_type}|${row.source_key}`, { id: row.id, resource_type: row.resource_type, version_id: row.version_id, created_at: row.created_at });
  return found;
}

/** Which of these `Type/id` references exist, with the source key that owns each. */
export async function findByIds(db: Db, refs: { resourceType: string; id: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const rows = await selectByTypedKeys<Pick<RecordRow, 'id' | 'resource_type' | 'source_key'>>(db, 'id', refs.map((r) => [r.resourceType, r.id] as const), ['id', 'resource_type', 'source_key']);
  for (const row of rows) found.set(`${row.resource_type}/${row.id}`, row.source_key);
  return found;
}

export function insertRecords(db: Db, rows: readonly RecordRow[]): Promise<void> {
  return insertRows(db, 'records', RECORD_COLUMNS, rows);
}

/** Rewrites existing rows in place (re-sent records); the creation time and identity stay. */
export async function updateRecords(db: Db, rows: readonly RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  const flavour = flavourOf(db);
  const text = cachedSql(`update|${flavour}`, () => {
    const placeholder = (i: number) => (flavour === 'postgres' ? `$${i}` : '?');
    const assignments = UPDATED_COLUMNS.map((c, i) => `"${c}" = ${placeholder(i + 1)}`);
    return `update "records" set ${assignments.join(', ')} where "resource_type" = ${placeholder(UPDATED_COLUMNS.length + 1)} and "id" = ${placeholder(UPDATED_COLUMNS.length + 2)}`;
  });
  for (const row of rows) await db.executeQuery(CompiledQuery.raw(text, [...UPDATED_COLUMNS.map((c) => row[c]), row.resource_type, row.id]));
}

/** Replaces the lookup identifiers of these patients: one delete and one insert, each with one fixed text. */
export async function replacePatientIdentifiers(db: Db, patientIds: string[], rows: PatientIdentifierRow[]): Promise<void> {
  if (patientIds.length === 0 && rows.length === 0) return;
  if (flavourOf(db) === 'sqlite') {
    await db.executeQuery(CompiledQuery.raw('delete from "patient_identifiers" where "patient_id" in (select value from json_each(?))', [JSON.stringify(patientIds)]));
    if (rows.length === 0) return;
    const text = 'insert into "patient_identifiers" ("patient_id", "kind", "blind_index") select value ->> 0, value ->> 1, value ->> 2 from json_each(?)';
    await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.map((r) => [r.patient_id, r.kind, r.blind_index]))]));
    return;
  }
  await db.executeQuery(CompiledQuery.raw('delete from "patient_identifiers" where "patient_id" = any($1::text[])', [patientIds]));
  if (rows.length === 0) return;
  const text = 'insert into "patient_identifiers" ("patient_id", "kind", "blind_index") select * from unnest($1::text[], $2::text[], $3::text[])';
  await db.executeQuery(CompiledQuery.raw(text, [rows.map((r) => r.patient_id), rows.map((r) => r.kind), rows.map((r) => r.blind_index)]));
}

/**
 * How a bulk import writes. Each chunk's rows go into the database inside a transaction; on
 * PostgreSQL every chunk commits on its own (`grouped` false). On SQLite consecutive chunks share
 * one transaction of up to GROUP_ROWS rows or GROUP_MS milliseconds, begun and committed on the
 * connection itself (`grouped` true), and the connection gets bulk settings meanwhile:
 *
 * - The records table has five B-trees keyed by random values (ids, business-identifier HMACs,
 *   codes, patients); a thousand rows touch about a thousand leaf pages of each, and a commit
 *   writes every page it changed to the write-ahead log whole. Committing every few thousand rows
 *   instead writes each such page once for several of the rows landing in it. Every commit is
 *   still durable (synchronous = FULL is untouched).
 * - The page cache holds BULK_CACHE_KIB instead of SQLite's 2 MiB, so those pages stay in memory
 *   between chunks rather than being read back and spilled into the log mid-transaction.
 * - The log is copied back into the database (a checkpoint: two fsyncs and a rewrite of every
 *   page changed since the last one) every BULK_CHECKPOINT_PAGES pages instead of every 1,000,
 *   and once at the end: a 64 MiB log on disk, not in memory.
 *
 * All queries of the import run on that one connection meanwhile (reads included), so the
 * process must not share it with other writers for the length of the import — the import command
 * and the benchmarks own their process. The settings are restored afterwards.
 */
export interface BulkWrites {
  /** True when chunks share a transaction that `commit` must not open again. */
  readonly grouped: boolean;
  /** Before a chunk's writes: opens the group's transaction if none is open. */
  beginChunk(): Promise<void>;
  /** After a chunk's writes: commits the group once it holds enough rows or has lasted long enough. */
  endChunk(rows: number): Promise<void>;
}

const GROUP_ROWS = 5000;
const GROUP_MS = 1000;
const BULK_CACHE_KIB = 32768;
const BULK_CHECKPOINT_PAGES = 16384;

/** The figures above, for benchmarks that compare against plain inserts written the same way. */
export const BULK_WRITE_SETTINGS = { groupRows: GROUP_ROWS, groupMs: GROUP_MS, cacheKiB: BULK_CACHE_KIB, checkpointPages: BULK_CHECKPOINT_PAGES } as const;

const UNGROUPED: BulkWrites = { grouped: false, beginChunk: async () => undefined, endChunk: async () => undefined };

export async function withBulkWrites<T>(db: Db, work: (writes: BulkWrites) => Promise<T>): Promise<T> {
  if (flavourOf(db) !== 'sqlite') return work(UNGROUPED);
  const pragma = async (text: string) => (await sql.raw(`pragma ${text}`).execute(db)).rows[0] as Record<string, unknown> | undefined;
  const run = (text: string) => db.executeQuery(CompiledQuery.raw(text));
  const previousCheckpoint = Number((await pragma('wal_autocheckpoint'))?.wal_autocheckpoint);
  const previousCache = Number((await pragma('cache_size'))?.cache_size);
  await pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
  await pragma(`cache_size = -${BULK_CACHE_KIB}`);
  let open = false;
  let rows = 0;
  let began = 0;
  const writes: BulkWrites = {
    grouped: true,
    async beginChunk() {
      if (open) return;
      await run('begin immediate');
      open = true;
      rows = 0;
      began = performance.now();
    },
    async endChunk(written) {
      rows += written;
      if (open && (rows >= GROUP_ROWS || performance.now() - began >= GROUP_MS)) {
        // Still open until the COMMIT succeeds, so a failed one is rolled back in `finally`.
        await run('commit');
        open = false;
      }
    },
  };
  let failed = false;
  try {
    return await work(writes);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    try {
      if (open) await run(failed ? 'rollback' : 'commit');
    } finally {
      open = false;
      await pragma(`wal_autocheckpoint = ${Number.isInteger(previousCheckpoint) ? previousCheckpoint : 1000}`);
      await pragma(`cache_size = ${Number.isInteger(previousCache) ? previousCache : -2000}`);
      if (!failed) await pragma('wal_checkpoint(PASSIVE)');
    }
  }
}

export function findRecord(db: Db, resourceType: string, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('resource_type', '=', resourceType).where('id', '=', id).executeTakeFirst();
}

export async function patientsByIdentifier(db: Db, kind: string, blindIndexes: string[]): Promise<string[]> {
  const rows = await db.selectFrom('patient_identifiers').select('patient_id').where('kind', '=', kind).where('blind_index', 'in', blindIndexes).execute();
  return [...new Set(rows.map((row) => row.patient_id))];
}

export async function countRecords(db: Db): Promise<number> {
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
