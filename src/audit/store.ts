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
  await insertRows(trx, 'audit_entries', ENTRY_COLUMNS, rows.map((row) => ENTRY_COLUMNS.map((column) => row[column] ?? null)), ENTRY_CHUNK);
}

export async function insertNodes(trx: Db, nodes: readonly StoredNode[]): Promise<void> {
  await insertRows(trx, 'audit_nodes', ['level', 'idx', 'hash'], nodes.map((node) => [node.level, node.index, node.hash.toString('hex')]), NODE_CHUNK);
}

/**
 * Multi-row INSERTs written out directly rather than through the query builder: for thousands of
 * rows per batch, building and compiling Kysely's syntax tree cost more than SQLite spent
 * inserting them. Values are bound as parameters all the same.
 */
async function insertRows(trx: Db, table: string, columns: readonly string[], rows: readonly (string | number | null)[][], chunk: number): Promise<void> {
  const postgres = isPostgres(trx);
  for (let i = 0; i < rows.length; i += chunk) {
    const count = Math.min(chunk, rows.length - i);
    const parameters: (string | number | null)[] = [];
    for (let r = i; r < i + count; r++) for (const value of rows[r]!) parameters.push(value);
    await trx.executeQuery(CompiledQuery.raw(insertText(table, columns, count, postgres), parameters));
  }
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
