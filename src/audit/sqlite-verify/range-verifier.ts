import { hash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import { canonicalTextSql } from './canonical-sql.js';

/**
 * A stretch [lo, hi) of the log, verified on its own. `lo` must be a multiple of the smallest power
 * of two ≥ hi − lo: then every complete subtree of the stretch is a node of the whole tree, and the
 * tree head at any size inside it is the whole tree's edge at lo followed by the stretch's edge.
 */
export interface RangeTask {
  lo: number;
  hi: number;
  /** Sizes in (lo, hi] at which to report the stretch's edge, ascending; always ends with hi. */
  cuts: number[];
}

export interface RangeResult {
  lo: number;
  hi: number;
  /** False at the first row that is missing, out of place, malformed or not matching its stored leaf. */
  ok: boolean;
  /** Hex hashes of the complete subtrees covering [lo, size), largest first, at each cut. */
  edges: { size: number; edge: string[] }[];
}

export type LeafDigest = 'sha256' | 'sm3';

const statements = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/**
 * Each row's sequence number, leaf input (0x00 and the canonical text: RFC 9162's leaf prefix,
 * which SQLite strings carry intact) and stored leaf hash, in order. Raw (array) rows of three
 * values: no per-row object, no twenty-two column strings, no copy to prepend the prefix.
 */
function rowsStatement(db: SqliteDatabase.Database): SqliteDatabase.Statement {
  let statement = statements.get(db);
  if (!statement) {
    statement = db
      .prepare(
        `SELECT e.seq, char(0) || (${canonicalTextSql('e')}), n.hash FROM audit_entries AS e LEFT JOIN audit_nodes AS n ON n.level = 0 AND n.idx = e.seq ` +
          'WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq',
      )
      .raw();
    statements.set(db, statement);
  }
  return statement;
}

/**
 * Recomputes every leaf of the stretch from its row and checks it against the stored leaf, and
 * builds the stretch's subtrees from those recomputed leaves. Hashes stay lowercase hex strings
 * throughout (as stored), so the loop allocates no Buffer per row; interior nodes are hashed
 * from one reused 65-byte buffer.
 */
export function verifyRange(db: SqliteDatabase.Database, digest: LeafDigest, task: RangeTask): RangeResult {
  const node = Buffer.alloc(65);
  node[0] = 0x01;
  const edge: string[] = [];
  const edges: RangeResult['edges'] = [];
  const failed = (): RangeResult => ({ lo: task.lo, hi: task.hi, ok: false, edges });
  let expected = task.lo;
  let cut = 0;
  for (const [seq, leafInput, stored] of rowsStatement(db).iterate(task.lo, task.hi) as Iterable<[unknown, string | null, string | null]>) {
    if (seq !== expected || leafInput === null || stored === null) return failed();
    let current = hash(digest, leafInput, 'hex');
    if (current !== stored) return failed();
    // Binary increment over the leaves of this stretch, as TreeBuilder.push does.
    for (let n = expected - task.lo; n % 2 === 1; n = (n - 1) / 2) {
      node.write(edge.pop()!, 1, 'hex');
      node.write(current, 33, 'hex');
      current = hash(digest, node, 'hex');
    }
    edge.push(current);
    expected += 1;
    if (expected === task.cuts[cut]) {
      edges.push({ size: expected, edge: [...edge] });
      cut += 1;
    }
  }
  return expected === task.hi ? { lo: task.lo, hi: task.hi, ok: true, edges } : failed();
}
