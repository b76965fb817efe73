import { checkpointText, type Checkpoint } from './checkpoint.js';
import { canonicalEntry, type AuditEntry } from './entry.js';
import { leafHash, TreeBuilder, type HashFn } from './merkle/index.js';

export interface VerificationProblem {
  /** The first sequence number where the log stops matching, when one can be named. */
  seq?: number;
  /** The checkpoint (by tree size) that failed, for signature and root mismatches. */
  checkpointSize?: number;
  message: string;
}

export interface LeafSource {
  seq: number;
  bytes: Buffer | null;
}

/** Adapts parsed entries (an export file) to leaf sources. */
export async function* entryLeaves(entries: AsyncIterable<AuditEntry>): AsyncGenerator<LeafSource> {
  for await (const entry of entries) yield { seq: entry.seq, bytes: canonicalEntry(entry) };
}

export interface VerificationResult {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  treeSize: number;
  problems: VerificationProblem[];
  /** The earliest bad sequence number, if any problem names one. */
  firstBadSeq: number | null;
}

export interface LogToVerify {
  hash: HashFn;
  /** Every entry's sequence number and leaf bytes (null for a row too damaged to encode), in order. */
  entries: AsyncIterable<LeafSource>;
  /** Stored leaf hashes aligned with `entries`, when verifying the database (catches a row changed without its leaf). */
  storedLeaves?: AsyncIterable<{ index: number; hash: Buffer }>;
  checkpoints: readonly Checkpoint[];
  /** The size the log claims to have (sequencer, or the export header). */
  claimedSize: number;
  verifySignature(checkpoint: Checkpoint, text: string): Promise<boolean>;
  /** Stops after this many problems so a wrecked log does not produce millions of lines. */
  maxProblems?: number;
  /**
   * For a log whose first entries were archived: the archived size, the complete-subtree hashes
   * covering it (largest first), and a check for each checkpoint older than the archive mark,
   * which can no longer be recomputed from entries (a consistency proof to the mark's checkpoint).
   */
  resume?: { size: number; edge: readonly Buffer[]; checkArchivedCheckpoint(checkpoint: Checkpoint): Promise<string | null> };
}

/**
 * Recomputes the whole Merkle tree from the entries, as an outside auditor would: every sequence
 * number must be present once and in order, every leaf must match what was stored, every
 * checkpoint's root must equal the recomputed root at its size and carry a valid signature.
 * Recomputing each checkpoint's root from the same entries also proves consistency between every
 * pair of checkpoints.
 */
export async function verifyLog(log: LogToVerify): Promise<VerificationResult> {
  const problems: VerificationProblem[] = [];
  const limit = log.maxProblems ?? 20;
  const note = (problem: VerificationProblem) => {
    if (problems.length < limit) problems.push(problem);
  };
  const checkpoints = [...log.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  let nextCheckpoint = 0;
  let checkpointsChecked = 0;
  const start = log.resume?.size ?? 0;
  const builder = log.resume ? TreeBuilder.resume(log.hash, start, log.resume.edge) : new TreeBuilder(log.hash);
  for (; nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize < start; nextCheckpoint++) {
    const checkpoint = checkpoints[nextCheckpoint]!;
    checkpointsChecked++;
    const problem = await log.resume!.checkArchivedCheckpoint(checkpoint);
    if (problem) note({ checkpointSize: checkpoint.treeSize, message: problem });
    else if (!(await log.verifySignature(checkpoint, checkpointText(checkpoint)))) {
      note({ checkpointSize: checkpoint.treeSize, message: `checkpoint at tree size ${checkpoint.treeSize} has an invalid signature (key ${checkpoint.keyId})` });
    }
  }
  if (log.resume && checkpoints[nextCheckpoint]?.treeSize !== start) note({ checkpointSize: start, message: `no checkpoint at the archive mark ${start}` });
  const stored = log.storedLeaves?.[Symbol.asyncIterator]();

  const checkCheckpointsAt = async (size: number) => {
    while (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint]!.treeSize === size) {
      const checkpoint = checkpoints[nextCheckpoint++]!;
      checkpointsChecked++;
      if (checkpoint.rootHash !== builder.root().toString('hex')) {
        note({ checkpointSize: size, message: `checkpoint at tree size ${size} does not match the entries: an entry before ${size} was changed, removed or inserted` });
      }
      if (!(await log.verifySignature(checkpoint, checkpointText(checkpoint)))) {
        note({ checkpointSize: size, message: `checkpoint at tree size ${size} has an invalid signature (key ${checkpoint.keyId})` });
      }
    }
  };

  await checkCheckpointsAt(start);
  for await (const entry of log.entries) {
    const expected = builder.size;
    if (entry.seq !== expected) {
      note({ seq: expected, message: entry.seq > expected ? `entries ${expected}–${entry.seq - 1} are missing` : `entry ${entry.seq} appears again or out of order` });
      if (entry.seq < expected) continue;
      break;
    }
    const leaf = entry.bytes ? leafHash(log.hash, entry.bytes) : Buffer.alloc(0);
    if (!entry.bytes) note({ seq: entry.seq, message: `entry ${entry.seq} was modified: its JSON columns are malformed` });
    if (stored) {
      const next = await stored.next();
      if (next.done || next.value.index !== entry.seq) note({ seq: entry.seq, message: `entry ${entry.seq} has no stored leaf hash` });
      else if (entry.bytes && !next.value.hash.equals(leaf)) note({ seq: entry.seq, message: `entry ${entry.seq} was modified: it no longer matches its leaf hash` });
    }
    builder.push(leaf);
    await checkCheckpointsAt(builder.size);
    if (problems.length >= limit) break;
  }

  if (problems.length === 0 && builder.size !== log.claimedSize) {
    note({ seq: builder.size, message: `the log claims ${log.claimedSize} entries but ${builder.size} were found` });
  }
  for (const checkpoint of checkpoints.slice(nextCheckpoint)) {
    if (problems.length === 0) note({ checkpointSize: checkpoint.treeSize, message: `checkpoint at tree size ${checkpoint.treeSize} is beyond the ${builder.size} entries present` });
  }
  const seqs = problems.map((p) => p.seq).filter((seq): seq is number => seq !== undefined);
  return {
    ok: problems.length === 0,
    entriesChecked: builder.size,
    checkpointsChecked,
    treeSize: log.claimedSize,
    problems,
    firstBadSeq: seqs.length ? Math.min(...seqs) : null,
  };
}
