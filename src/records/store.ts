import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';

type Db = Kysely<Database>;
const CHUNK = 300;
/**
 * Rows per multi-row INSERT: 250 × 17 columns stays far below both databases' parameter limits
 * (SQLite 32,766, PostgreSQL 65,535) while keeping the number of statements per batch small.
 */
const INSERT_ROWS = 250;

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
const IDENTIFIER_COLUMNS = ['patient_id', 'kind', 'blind_index'] as const satisfies readonly (keyof PatientIdentifierRow)[];

type Placeholders = 'numbered' | 'question';

/**
 * `$1, $2…` (PostgreSQL) or `?` (SQLite), read off a compiled probe so this module never has to ask
 * which database it is talking to.
 */
function placeholdersOf(db: Db): Placeholders {
  return db.selectFrom('records').select('id').where('id', '=', '').compile().sql.includes('$1') ? 'numbered' : 'question';
}

const sqlTexts = new Map<string, string>();

/** SQL text by key, built once: bulk writes reuse the same few texts instead of compiling a builder per batch. */
function cachedSql(key: string, build: () => string): string {
  let text = sqlTexts.get(key);
  if (text === undefined) {
    text = build();
    sqlTexts.set(key, text);
  }
  return text;
}

function placeholderList(style: Placeholders, first: number, count: number): string {
  return Array.from({ length: count }, (_, i) => (style === 'numbered' ? `$${first + i}` : '?')).join(', ');
}

function insertSql(style: Placeholders, table: string, columns: readonly string[], rows: number): string {
  const build = () => {
    const tuples = Array.from({ length: rows }, (_, r) => `(${placeholderList(style, r * columns.length + 1, columns.length)})`);
    return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  };
  // Only full batches repeat; a batch's odd-sized tail is built on the spot rather than kept.
  return rows === INSERT_ROWS ? cachedSql(`insert|${style}|${table}|${rows}`, build) : build();
}

/**
 * Plain multi-row inserts with the parameters laid out column by column. The query builder
 * would produce the same statement, but rebuilding and recompiling it for every batch of a bulk
 * import costs more than the database spends storing the rows.
 */
async function insertRows<Row>(db: Db, table: string, columns: readonly (keyof Row & string)[], rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const style = placeholdersOf(db);
  for (let start = 0; start < rows.length; start += INSERT_ROWS) {
    const slice = rows.slice(start, start + INSERT_ROWS);
    const parameters: unknown[] = [];
    for (const row of slice) for (const column of columns) parameters.push(row[column]);
    await db.executeQuery(CompiledQuery.raw(insertSql(style, table, columns, slice.length), parameters));
  }
}

/**
 * Keys grouped by resource type, in slices of at most CHUNK keys, each slice one query of
 * `(resource_type = ? AND column IN (…)) OR …`. A plain `resource_type IN (…) AND column IN (…)`
 * makes the database probe the index for every type × key pair, which for a chunk spanning
 * fifteen resource types is fifteen times the work.
 */
function typedSlices(keys: readonly { resourceType: string; key: string }[]): Map<string, string[]>[] {
  const slices: Map<string, string[]>[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const byType = new Map<string, string[]>();
    for (const { resourceType, key } of keys.slice(i, i + CHUNK)) {
      const list = byType.get(resourceType);
      if (list) list.push(key);
      else byType.set(resourceType, [key]);
    }
    slices.push(byType);
  }
  return slices;
}

function selectByTypedKeys(db: Db, column: 'source_key' | 'id', byType: Map<string, string[]>) {
  return db
    .selectFrom('records')
    .where((eb) => eb.or([...byType].map(([type, keys]) => eb.and([eb('resource_type', '=', type), eb(column, 'in', keys)]))));
}

/** Existing rows for these business identifiers, keyed `${resourceType}|${sourceKey}`. */
export async function findBySourceKeys(db: Db, keys: { resourceType: string; sourceKey: string }[]): Promise<Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>> {
  const found = new Map<string, Pick<RecordRow, 'id' | 'resource_type' | 'version_id' | 'created_at'>>();
  for (const slice of typedSlices(keys.map((k) => ({ resourceType: k.resourceType, key: k.sourceKey })))) {
    const rows = await selectByTypedKeys(db, 'source_key', slice).select(['id', 'resource_type', 'version_id', 'created_at', 'source_key']).execute();
    for (const row of rows) found.set(`${row.resource_type}|${row.source_key}`, row);
  }
  return found;
}

/** Which of these `Type/id` references exist, with the source key that owns each. */
export async function findByIds(db: Db, refs: { resourceType: string; id: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const slice of typedSlices(refs.map((r) => ({ resourceType: r.resourceType, key: r.id })))) {
    const rows = await selectByTypedKeys(db, 'id', slice).select(['id', 'resource_type', 'source_key']).execute();
    for (const row of rows) found.set(`${row.resource_type}/${row.id}`, row.source_key);
  }
  return found;
}

export function insertRecords(db: Db, rows: readonly RecordRow[]): Promise<void> {
  return insertRows(db, 'records', RECORD_COLUMNS, rows);
}

/** Rewrites existing rows in place (re-sent records); the creation time and identity stay. */
export async function updateRecords(db: Db, rows: readonly RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  const style = placeholdersOf(db);
  const text = cachedSql(`update|${style}`, () => {
    const assignments = UPDATED_COLUMNS.map((c, i) => `"${c}" = ${style === 'numbered' ? `$${i + 1}` : '?'}`);
    const [type, id] = style === 'numbered' ? [`$${UPDATED_COLUMNS.length + 1}`, `$${UPDATED_COLUMNS.length + 2}`] : ['?', '?'];
    return `update "records" set ${assignments.join(', ')} where "resource_type" = ${type} and "id" = ${id}`;
  });
  for (const row of rows) await db.executeQuery(CompiledQuery.raw(text, [...UPDATED_COLUMNS.map((c) => row[c]), row.resource_type, row.id]));
}

export async function replacePatientIdentifiers(db: Db, patientIds: string[], rows: PatientIdentifierRow[]): Promise<void> {
  for (let i = 0; i < patientIds.length; i += CHUNK) await db.deleteFrom('patient_identifiers').where('patient_id', 'in', patientIds.slice(i, i + CHUNK)).execute();
  await insertRows(db, 'patient_identifiers', IDENTIFIER_COLUMNS, rows);
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
