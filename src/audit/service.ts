import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { presentCheckpoint, type Checkpoint } from './checkpoint.js';
import { streamEntries, streamLeafSources, streamLeaves } from './db-source.js';
import { canonicalEntry, type AuditEntry } from './entry.js';
import type { AuditLog } from './log.js';
import { completeSubtrees, consistencyProof, inclusionProof, leafHash, verifyConsistency } from './merkle/index.js';
import { searchEntries, type AuditEventFilter } from './query.js';
import { rowToEntry } from './rows.js';
import { allCheckpoints, archivedBefore, findCheckpoint, findEntry, latestCheckpoint, listCheckpoints, sqlNodeSource, treeSize } from './store.js';
import { verifySqliteLog } from './sqlite-verify/index.js';
import { verifyLog, type VerificationResult } from './verify-log.js';

export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
  checkpoint: Checkpoint;
}

export class AuditEntryNotFoundError extends Error {}
export class CheckpointNotFoundError extends Error {
  constructor(readonly size: number) {
    super(`no checkpoint at tree size ${size}`);
  }
}

/** Reading, proving and verifying the log; appending stays in AuditLog. */
export class AuditService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: AuditLog,
    private readonly keyring: Keyring,
  ) {}

  async search(filter: AuditEventFilter, limit: number, beforeSeq?: number): Promise<{ items: AuditEntry[]; nextCursor: number | null }> {
    const rows = await searchEntries(this.db, filter, limit + 1, beforeSeq);
    const items = rows.slice(0, limit).map(rowToEntry);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.seq : null };
  }

  /** The entry with an inclusion proof against the latest checkpoint, signing a new one if the entry is newer. */
  async entryWithProof(seq: number): Promise<{ entry: AuditEntry; proof: InclusionProofView }> {
    const row = await findEntry(this.db, seq);
    if (!row) throw new AuditEntryNotFoundError(`audit entry ${seq} not found`);
    const entry = rowToEntry(row);
    let latest = await latestCheckpoint(this.db);
    if (!latest || Number(latest.tree_size) <= seq) {
      await this.log.checkpoint();
      latest = await latestCheckpoint(this.db);
    }
    const checkpoint = presentCheckpoint(latest!);
    const hashes = await inclusionProof(this.log.hashFn, seq, checkpoint.treeSize, sqlNodeSource(this.db));
    return {
      entry,
      proof: {
        leafIndex: seq,
        treeSize: checkpoint.treeSize,
        leafHash: leafHash(this.log.hashFn, canonicalEntry(entry)).toString('hex'),
        hashes: hashes.map((h) => h.toString('hex')),
        checkpoint,
      },
    };
  }

  async latestCheckpoint(): Promise<Checkpoint> {
    const latest = await latestCheckpoint(this.db);
    return latest ? presentCheckpoint(latest) : this.log.checkpoint();
  }

  async checkpoints(limit: number, beforeSize?: number): Promise<{ items: Checkpoint[]; nextCursor: number | null }> {
    const rows = await listCheckpoints(this.db, { limit: limit + 1, beforeSize });
    const items = rows.slice(0, limit).map(presentCheckpoint);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.treeSize : null };
  }

  /** A consistency proof between two signed checkpoints (both sizes must be checkpoints). */
  async consistency(fromSize: number, toSize: number): Promise<{ from: Checkpoint; to: Checkpoint; hashes: string[] }> {
    const [from, to] = await Promise.all([findCheckpoint(this.db, fromSize), findCheckpoint(this.db, toSize)]);
    if (!from || !to) throw new CheckpointNotFoundError(!from ? fromSize : toSize);
    const hashes = await consistencyProof(this.log.hashFn, fromSize, toSize, sqlNodeSource(this.db));
    return { from: presentCheckpoint(from), to: presentCheckpoint(to), hashes: hashes.map((h) => h.toString('hex')) };
  }

  /**
   * Recomputes the tree from the stored entries and checks every checkpoint (with `from`, only the
   * entries and checkpoints from that checkpoint's size on). On SQLite a
   * parallel pass over the rows answers for a sound log; whenever it cannot vouch for the log, the
   * row-by-row pass runs and says what is wrong.
   */
  async verify(options: { from?: number } = {}): Promise<VerificationResult> {
    await this.log.flush();
    const [rows, size, archived] = await Promise.all([allCheckpoints(this.db), treeSize(this.db), archivedBefore(this.db)]);
    // From a later checkpoint (an incremental check), the prefix stands on that signed checkpoint:
    // the stored subtree hashes must rebuild its root, and older checkpoints are not revisited.
    const from = Math.max(options.from ?? 0, archived);
    const checkpoints = rows.map(presentCheckpoint).filter((checkpoint) => from === archived || checkpoint.treeSize >= from);
    const resume = from > 0 ? await this.resumeAt(from, checkpoints) : undefined;
    const verifySignature = (checkpoint: Checkpoint, text: string) => this.verifySignature(checkpoint, text);
    const fast = await verifySqliteLog({ db: this.db, hash: this.log.hashFn, digest: this.log.nodeHashName, checkpoints, claimedSize: size, resume, verifySignature });
    if (fast) return fast;
    return verifyLog({
      hash: this.log.hashFn,
      entries: streamLeafSources(this.db, from),
      storedLeaves: streamLeaves(this.db, from),
      checkpoints,
      claimedSize: size,
      verifySignature,
      ...(resume && { resume }),
    });
  }

  /** The archived prefix as complete-subtree hashes, and how older checkpoints are still proven. */
  async resumeAt(size: number, checkpoints: readonly Checkpoint[]) {
    const source = sqlNodeSource(this.db);
    const edge = await source.getNodes(completeSubtrees(0, size));
    const mark = checkpoints.find((c) => c.treeSize === size);
    return {
      size,
      edge,
      checkArchivedCheckpoint: async (checkpoint: Checkpoint): Promise<string | null> => {
        if (!mark) return `no checkpoint at the archive mark ${size}`;
        const proof = await consistencyProof(this.log.hashFn, checkpoint.treeSize, size, source).catch(() => null);
        const consistent = proof !== null && verifyConsistency(this.log.hashFn, checkpoint.treeSize, size, Buffer.from(checkpoint.rootHash, 'hex'), Buffer.from(mark.rootHash, 'hex'), proof);
        return consistent ? null : `archived checkpoint at tree size ${checkpoint.treeSize} is not consistent with the archive mark ${size}`;
      },
    };
  }

  async verifySignature(checkpoint: Checkpoint, text: string): Promise<boolean> {
    try {
      return await this.keyring.verify(checkpoint.keyId, Buffer.from(text), Buffer.from(checkpoint.signature, 'base64'));
    } catch {
      return false;
    }
  }

  async archivedBefore(): Promise<number> {
    return archivedBefore(this.db);
  }

  entries(fromSeq = 0, toSeqExclusive?: number): AsyncGenerator<AuditEntry> {
    return streamEntries(this.db, fromSeq, toSeqExclusive);
  }

  async allCheckpoints(): Promise<Checkpoint[]> {
    return (await allCheckpoints(this.db)).map(presentCheckpoint);
  }

  async treeSize(): Promise<number> {
    return treeSize(this.db);
  }

  leafHashOf(entry: AuditEntry): string {
    return leafHash(this.log.hashFn, canonicalEntry(entry)).toString('hex');
  }
}
