import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { NodeRef, NodeSource, StoredNode } from './merkle/index.js';
import type { AuditArchiveRow, AuditCheckpointRow, AuditEntryRow } from './tables.js';

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

export async function treeSize(db: Db): Promise<number> {
  const row = await db.selectFrom('audit_sequencer').select('tree_size').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.tree_size);
}

export async function insertEntries(trx: Db, rows: AuditEntryRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ENTRY_CHUNK) await trx.insertInto('audit_entries').values(rows.slice(i, i + ENTRY_CHUNK)).execute();
}

export async function insertNodes(trx: Db, nodes: readonly StoredNode[]): Promise<void> {
  const rows = nodes.map((node) => ({ level: node.level, idx: node.index, hash: node.hash.toString('hex') }));
  for (let i = 0; i < rows.length; i += NODE_CHUNK) await trx.insertInto('audit_nodes').values(rows.slice(i, i + NODE_CHUNK)).execute();
}

export class MissingNodeError extends Error {
  constructor(readonly ref: NodeRef) {
    super(`audit tree node (level ${ref.level}, index ${ref.index}) is missing`);
  }
}

/** Batched complete-subtree reads for proofs: one query per call, whatever the tree height. */
export function sqlNodeSource(db: Db): NodeSource {
  return {
    async getNodes(refs) {
      if (refs.length === 0) return [];
      const rows = await db
        .selectFrom('audit_nodes')
        .select(['level', 'idx', 'hash'])
        .where((eb) => eb.or(refs.map((ref) => eb.and([eb('level', '=', ref.level), eb('idx', '=', ref.index)]))))
        .execute();
      const byKey = new Map(rows.map((row) => [`${row.level}:${Number(row.idx)}`, row.hash]));
      return refs.map((ref) => {
        const hash = byKey.get(`${ref.level}:${ref.index}`);
        if (hash === undefined) throw new MissingNodeError(ref);
        return Buffer.from(hash, 'hex');
      });
    },
  };
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
