import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { NodeRef, NodeSource, StoredNode } from './merkle/index.js';
import { isPostgres } from './dialect.js';
import type { AuditArchiveRow, AuditCheckpointRow, AuditEntryRow, AuditSequencerRow } from './tables.js';

type Db = Kysely<Database>;

/** Rows per INSERT: 22 columns × 400 stays far below both drivers' bound-parameter limits. */
const ENTRY_CHUNK = 400;
const NODE_CHUNK = 2000;

/**
 * Claims `count` consecutive sequence numbers. The UPDATE takes the sequencer row's lock (a row
 * lock on PostgreSQL, the write lock on SQLite) until the transaction ends, so exactly one
 * instance appends at a time and order comes from the database, never from clocks.
 */
export async function claimSequence(trx: Db, count: number): Promise<number> {
  const row = await trx
    .updateTable('audit_sequencer')
    .set((eb) => ({ tree_size: eb('tree_size', '+', count) }))
    .where('id', '=', 1)
    .returning('tree_size')
    .executeTakeFirstOrThrow();
  return Number(row.tree_size) - count;
}

export async function archivedBefore(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_sequencer').select('archived_before').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.archived_before);
}

/**
 * Moves the archive mark and removes the entries below it, in one transaction. The append-only
 * trigger allows deleting exactly those rows and no others; nodes and checkpoints stay.
 */
export async function removeArchivedEntries(trx: Db, archive: AuditArchiveRow): Promise<void> {
  await trx.updateTable('audit_sequencer').set({ archived_before: archive.to_seq }).where('id', '=', 1).execute();
  await trx.deleteFrom('audit_entries').where('seq', '>=', archive.from_seq).where('seq', '<', archive.to_seq).execute();
  await trx.insertInto('audit_archives').values(archive).execute();
}

export function listArchives(db: Db): Promise<AuditArchiveRow[]> {
  return db.selectFrom('audit_archives').selectAll().orderBy('from_seq').execute();
}

/** The tree size and archive mark together, for searches that walk the log's buckets. */
export async function sequencerState(db: Db): Promise<{ treeSize: number; archivedBefore: number }> {
  const row: Pick<AuditSequencerRow, 'tree_size' | 'archived_before'> = await db.selectFrom('audit_sequencer').select(['tree_size', 'archived_before']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { treeSize: Number(row.tree_size), archivedBefore: Number(row.archived_before) };
}

export async function treeSize(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_sequencer').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.tree_size);
}

const ENTRY_COLUMNS: readonly (keyof AuditEntryRow)[] = ['seq', 'recorded_at', 'actor_type', 'actor_id', 'actor_name', 'actor_roles', 'actor_department_id', 'action', 'object_type', 'object_id', 'patient_id', 'purpose_of_use', 'grant_id', 'access_basis', 'outcome', 'reason', 'source_ip', 'user_agent', 'request_id', 'details', 'retention_class'];

export async function insertEntries(trx: Db, rows: readonly AuditEntryRow[]): Promise<void> {
  for (const query of entryInserts(rows, isPostgres(trx))) await trx.executeQuery(CompiledQuery.raw(query.sql, query.parameters));
}

export async function insertNodes(trx: Db, nodes: readonly StoredNode[]): Promise<void> {
  for (const query of nodeInserts(nodes, isPostgres(trx))) await trx.executeQuery(CompiledQuery.raw(query.sql, query.parameters));
}

type Parameter = string | number | null;

/** The INSERT statements for a batch of entries, as text and parameters, for whichever connection runs them. */
export function entryInserts(rows: readonly AuditEntryRow[], postgres: boolean): { sql: string; parameters: Parameter[] }[] {
  return insertStatements('audit_entries', ENTRY_COLUMNS, rows.map((row) => ENTRY_COLUMNS.map((column) => row[column] ?? null)), ENTRY_CHUNK, postgres);
}

export function nodeInserts(nodes: readonly StoredNode[], postgres: boolean): { sql: string; parameters: Parameter[] }[] {
  return insertStatements('audit_nodes', ['level', 'idx', 'hash'], nodes.map((node) => [node.level, node.index, node.hash.toString('hex')]), NODE_CHUNK, postgres);
}

/**
 * Claims `count` sequence numbers only if the log still has `expected` entries (SQLite): the
 * optimistic form of claimSequence, for a writer that sends the whole transaction at once. No row
 * back means another process appended first.
 */
export function claimSequenceIfAt(expected: number, count: number): { sql: string; parameters: Parameter[] } {
  return { sql: 'UPDATE audit_sequencer SET tree_size = tree_size + ? WHERE id = 1 AND tree_size = ? RETURNING tree_size', parameters: [count, expected] };
}

/**
 * PostgreSQL: one statement that claims `rows.length` sequence numbers only if the log still has
 * `expected` entries, and inserts the entries and tree nodes only if it did — one round trip and one
 * commit instead of five round trips holding the sequencer's row lock. Column values travel as one
 * array per column (`unnest`), so the text is the same for every batch size and far below the
 * parameter limit. A concurrent append by another instance makes the claim find no row (the UPDATE
 * re-checks its condition on the row version that instance committed); false then, and nothing was written.
 */
export async function appendIfAtPostgres(db: Db, expected: number, rows: readonly AuditEntryRow[], nodes: readonly StoredNode[]): Promise<boolean> {
  const parameters: unknown[] = [rows.length, expected];
  for (const column of ENTRY_COLUMNS) parameters.push(rows.map((row) => row[column] ?? null));
  parameters.push(
    nodes.map((node) => node.level),
    nodes.map((node) => node.index),
    nodes.map((node) => node.hash.toString('hex')),
  );
  const result = await db.executeQuery<{ claimed: number | string }>(CompiledQuery.raw(APPEND_IF_AT_POSTGRES, parameters));
  return Number(result.rows[0]?.claimed ?? 0) > 0;
}

// Every audit_entries column is text except seq (migration 0003).
const APPEND_IF_AT_POSTGRES = (() => {
  const entryArrays = ENTRY_COLUMNS.map((column, i) => `$${i + 3}::${column === 'seq' ? 'bigint' : 'text'}[]`).join(', ');
  const node = ENTRY_COLUMNS.length + 3;
  return [
    'WITH claim AS (UPDATE audit_sequencer SET tree_size = tree_size + $1 WHERE id = 1 AND tree_size = $2 RETURNING tree_size),',
    `entries AS (INSERT INTO audit_entries (${ENTRY_COLUMNS.join(', ')}) SELECT * FROM unnest(${entryArrays}) WHERE EXISTS (SELECT 1 FROM claim)),`,
    `nodes AS (INSERT INTO audit_nodes (level, idx, hash) SELECT * FROM unnest($${node}::integer[], $${node + 1}::bigint[], $${node + 2}::text[]) WHERE EXISTS (SELECT 1 FROM claim))`,
    'SELECT count(*) AS claimed FROM claim',
  ].join(' ');
})();

/**
 * Multi-row INSERTs written out directly rather than through the query builder: for thousands of
 * rows per batch, building and compiling Kysely's syntax tree cost more than SQLite spent
 * inserting them. Values are bound as parameters all the same.
 */
function insertStatements(table: string, columns: readonly string[], rows: readonly Parameter[][], chunk: number, postgres: boolean): { sql: string; parameters: Parameter[] }[] {
  const statements: { sql: string; parameters: Parameter[] }[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const count = Math.min(chunk, rows.length - i);
    const parameters: Parameter[] = [];
    for (let r = i; r < i + count; r++) for (const value of rows[r]!) parameters.push(value);
    statements.push({ sql: insertText(table, columns, count, postgres), parameters });
  }
  return statements;
}

// Full chunks recur batch after batch, so their statement text (tens of kilobytes) is kept.
const insertTexts = new Map<string, string>();

function insertText(table: string, columns: readonly string[], rows: number, postgres: boolean): string {
  const key = `${table}/${rows}/${postgres}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valueTuples(rows, columns.length, postgres)}`;
    if (insertTexts.size >= 32) insertTexts.clear();
    insertTexts.set(key, text);
  }
  return text;
}

function valueTuples(rows: number, width: number, postgres: boolean): string {
  if (!postgres) return Array(rows).fill(`(${Array(width).fill('?').join(', ')})`).join(', ');
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
  return tuples.join(', ');
}

export class MissingNodeError extends Error {
  constructor(readonly ref: NodeRef) {
    super(`audit tree node (level ${ref.level}, index ${ref.index}) is missing`);
  }
}

/**
 * Batched complete-subtree reads for proofs and appends: one query per call, whatever the tree
 * height, and always the same statement text with the node list as a single array parameter. A
 * query built per call (one OR term per node) cost more to build, compile and plan than to run,
 * and the garbage it left behind showed up as latency spikes.
 */
export function sqlNodeSource(db: Db): NodeSource {
  const read = isPostgres(db) ? readNodesPostgres : readNodesSqlite;
  return {
    async getNodes(refs) {
      if (refs.length === 0) return [];
      const rows = await read(db, refs);
      const byKey = new Map(rows.map((row) => [`${row.level}:${Number(row.idx)}`, row.hash]));
      return refs.map((ref) => {
        const hash = byKey.get(`${ref.level}:${ref.index}`);
        if (hash === undefined) throw new MissingNodeError(ref);
        return Buffer.from(hash, 'hex');
      });
    },
  };
}

type NodeRow = { level: number; idx: number; hash: string };

// CROSS JOIN keeps SQLite from reordering: walk the requested list, look each node up by key.
async function readNodesSqlite(db: Db, refs: readonly NodeRef[]): Promise<NodeRow[]> {
  const wanted = JSON.stringify(refs.map((ref) => [ref.level, ref.index]));
  const result = await sql<NodeRow>`SELECT n.level, n.idx, n.hash FROM json_each(${wanted}) AS j CROSS JOIN audit_nodes AS n WHERE n.level = j.value ->> 0 AND n.idx = j.value ->> 1`.execute(db);
  return result.rows;
}

async function readNodesPostgres(db: Db, refs: readonly NodeRef[]): Promise<NodeRow[]> {
  const levels = refs.map((ref) => ref.level);
  const indexes = refs.map((ref) => ref.index);
  const result = await sql<NodeRow>`SELECT n.level, n.idx, n.hash FROM unnest(CAST(${levels} AS integer[]), CAST(${indexes} AS bigint[])) AS j(level, idx) JOIN audit_nodes AS n ON n.level = j.level AND n.idx = j.idx`.execute(db);
  return result.rows;
}

export async function insertCheckpoint(db: Db, row: AuditCheckpointRow): Promise<boolean> {
  const result = await db.insertInto('audit_checkpoints').values(row).onConflict((oc) => oc.column('tree_size').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function latestCheckpoint(db: Db): Promise<AuditCheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

export function findCheckpoint(db: Db, size: number): Promise<AuditCheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirst();
}

export function listCheckpoints(db: Db, options: { limit: number; beforeSize?: number }): Promise<AuditCheckpointRow[]> {
  let query = db.selectFrom('audit_checkpoints').selectAll();
  if (options.beforeSize !== undefined) query = query.where('tree_size', '<', options.beforeSize);
  return query.orderBy('tree_size', 'desc').limit(options.limit).execute();
}

export function allCheckpoints(db: Db): Promise<AuditCheckpointRow[]> {
  return db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
}

export function findEntry(db: Db, seq: number): Promise<AuditEntryRow | undefined> {
  return db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
}

/** Entries in sequence order from `fromSeq`, for streaming verification and export. */
export function entriesFrom(db: Db, fromSeq: number, limit: number, toSeqExclusive?: number): Promise<AuditEntryRow[]> {
  let query = db.selectFrom('audit_entries').selectAll().where('seq', '>=', fromSeq);
  if (toSeqExclusive !== undefined) query = query.where('seq', '<', toSeqExclusive);
  return query.orderBy('seq').limit(limit).execute();
}

export function leafNodesFrom(db: Db, fromIndex: number, limit: number): Promise<{ idx: number; hash: string }[]> {
  return db.selectFrom('audit_nodes').select(['idx', 'hash']).where('level', '=', 0).where('idx', '>=', fromIndex).orderBy('idx').limit(limit).execute();
}

export async function countEntries(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_entries').select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
