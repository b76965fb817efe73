import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { AuditEntry } from './entry.js';
import { canonicalRowBytes, rowToEntry } from './rows.js';
import type { LeafSource } from './verify-log.js';
import { entriesFrom, leafNodesFrom } from './store.js';

const PAGE = 10_000;

/** All entries in sequence order, read page by page so verification runs in constant memory. */
export async function* streamEntries(db: Kysely<Database>, fromSeq = 0, toSeqExclusive?: number): AsyncGenerator<AuditEntry> {
  let next = fromSeq;
  for (;;) {
    const rows = await entriesFrom(db, next, PAGE, toSeqExclusive);
    for (const row of rows) yield rowToEntry(row);
    if (rows.length < PAGE) return;
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

/** Sequence numbers and leaf bytes straight from the rows, for verification at full speed. */
export async function* streamLeafSources(db: Kysely<Database>, fromSeq = 0): AsyncGenerator<LeafSource> {
  let next = fromSeq;
  for (;;) {
    const rows = await entriesFrom(db, next, PAGE);
    for (const row of rows) yield { seq: Number(row.seq), bytes: canonicalRowBytes(row) };
    if (rows.length < PAGE) return;
    next = Number(rows[rows.length - 1]!.seq) + 1;
  }
}

export async function* streamLeaves(db: Kysely<Database>, fromIndex = 0): AsyncGenerator<{ index: number; hash: Buffer }> {
  let next = fromIndex;
  for (;;) {
    const rows = await leafNodesFrom(db, next, PAGE);
    for (const row of rows) yield { index: Number(row.idx), hash: Buffer.from(row.hash, 'hex') };
    if (rows.length < PAGE) return;
    next = Number(rows[rows.length - 1]!.idx) + 1;
  }
}
