import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { AtomicWriter, Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { checkpointRow, checkpointText, presentCheckpoint, type Checkpoint } from './checkpoint.js';
import { completeEntryWithDetails, systemActor, type AuditEntry, type AuditRecord } from './entry.js';
import { isPostgres } from './dialect.js';
import { GroupCommitter } from './group-commit.js';
import { appendToEdge, completeSubtrees, emptyRoot, foldSubtrees, leafHash, nodeCryptoHash, rootAt, type HashFn } from './merkle/index.js';
import { canonicalRowText, entryToRow } from './rows.js';
import { appendIfAtPostgres, claimSequence, claimSequenceIfAt, entryInserts, findCheckpoint, insertCheckpoint, insertEntries, insertNodes, latestCheckpoint, nodeInserts, sqlNodeSource, treeSize } from './store.js';

export const AUDIT_SIGNING_PURPOSE = 'audit';

export interface AuditLogOptions {
  /** Sign a checkpoint once this many entries have been added since the last one. */
  checkpointEvery: number;
  /** …or once this much time has passed with new entries (checked by `tick`). */
  checkpointIntervalMs: number;
  maxBatch: number;
}

/** Appends by other processes (a CLI next to the server) are rare; this many in a row means something is wrong. */
const WRITER_ATTEMPTS = 20;

export const DEFAULT_AUDIT_OPTIONS: AuditLogOptions = { checkpointEvery: 1000, checkpointIntervalMs: 60_000, maxBatch: 2000 };

export interface AuditHealth {
  status: 'ok' | 'failing';
  treeSize: number | null;
  lastError: string | null;
  failingSince: string | null;
}

export class AuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The audit log cannot be written: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'AuditUnavailableError';
  }
}

/**
 * The one append API. `append` resolves only after the entry is committed to the database, so a
 * caller that awaits it before answering never answers without a durable entry.
 */
export class AuditLog {
  private readonly committer: GroupCommitter<AuditRecord, AuditEntry>;
  private readonly hash: HashFn;
  private failure: { message: string; since: string } | null = null;
  private lastCheckpointSize = -1;
  private lastCheckpointAt = 0;
  private knownSize: number | null = null;
  /**
   * The tree's right edge (complete subtrees covering [0, size), largest first) as of this
   * instance's last commit. The next batch starts from it without reading nodes back, unless
   * another instance appended in between, which shows as a different start size.
   */
  private edge: { size: number; hashes: Buffer[] } = { size: 0, hashes: [] };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
    private readonly options: AuditLogOptions = DEFAULT_AUDIT_OPTIONS,
    /** SQLite: the connection in a worker thread that commits batches (db/sqlite-writer.ts); reads stay on `db`. */
    private readonly writer: AtomicWriter | null = null,
  ) {
    // Node's one-shot hash is ~3× faster than createHash for these small inputs; same digests.
    this.hash = nodeCryptoHash(this.nodeHashName);
    this.committer = new GroupCommitter((records) => this.commit(records), options.maxBatch);
  }

  get checkpointIntervalMs(): number {
    return this.options.checkpointIntervalMs;
  }

  get hashAlgorithm(): string {
    return this.keyring.profile.hashAlgorithm;
  }

  get hashFn(): HashFn {
    return this.hash;
  }

  /** The digest's name for node:crypto, for code that hashes outside this process's HashFn (worker threads). */
  get nodeHashName(): 'sha256' | 'sm3' {
    return this.keyring.profile.hashAlgorithm === 'SM3' ? 'sm3' : 'sha256';
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    try {
      return await this.committer.submit(record);
    } catch (error) {
      throw new AuditUnavailableError(error);
    }
  }

  private lastProbeAt = 0;

  /**
   * True when appends are working. While the log is failing, at most one request per second is
   * let through to probe it with a system entry that records the outage; the rest are refused.
   */
  async ensureWritable(): Promise<boolean> {
    if (!this.failure) return true;
    const now = this.clock().getTime();
    if (now - this.lastProbeAt < 1000) return false;
    this.lastProbeAt = now;
    const since = this.failure.since;
    try {
      await this.append({
        actor: systemActor('yixiang'),
        action: 'system',
        objectType: 'audit_log',
        objectId: null,
        outcome: 'success',
        details: { event: 'audit-log-recovered', failingSince: since },
      });
      return true;
    } catch {
      return false;
    }
  }

  health(): AuditHealth {
    return { status: this.failure ? 'failing' : 'ok', treeSize: this.knownSize, lastError: this.failure?.message ?? null, failingSince: this.failure?.since ?? null };
  }

  private async commit(records: AuditRecord[]): Promise<AuditEntry[]> {
    const recordedAt = this.clock().toISOString();
    try {
      const { entries, edge } = this.writer
        ? await this.commitOnWriter(this.writer, records, recordedAt)
        : isPostgres(this.db)
          ? await this.commitOptimisticPostgres(records, recordedAt)
          : await this.commitInTransaction(records, recordedAt);
      // Only a committed edge may be remembered: a rolled-back batch left the stored tree as it was.
      this.edge = edge;
      this.failure = null;
      this.knownSize = edge.size;
      await this.maybeCheckpoint();
      return entries;
    } catch (error) {
      this.failure ??= { message: (error as Error).message.split('\n')[0]!, since: recordedAt };
      throw error;
    }
  }

  /** Entries, rows and new tree nodes of a batch that starts at `start`. */
  private async prepareBatch(records: readonly AuditRecord[], start: number, recordedAt: string, trx: Kysely<Database>) {
    const completed = records.map((record, offset) => completeEntryWithDetails(record, start + offset, recordedAt));
    const batch = completed.map((c) => c.entry);
    const rows = completed.map((c) => entryToRow(c.entry, c.detailsJson));
    // The row text is the canonical entry text (rows.test.ts holds the two together), and
    // building it from the row skips a second walk over every entry.
    const leaves = rows.map((row) => leafHash(this.hash, Buffer.from(canonicalRowText(row), 'utf8')));
    const appended = appendToEdge(this.hash, start, await this.edgeAt(trx, start), leaves);
    return { batch, rows, appended, edge: { size: start + batch.length, hashes: appended.edge } };
  }

  /** PostgreSQL (and a lone SQLite connection): the sequencer row's lock orders the instances. */
  private commitInTransaction(records: AuditRecord[], recordedAt: string) {
    return this.db.transaction().execute(async (trx) => {
      const start = await claimSequence(trx, records.length);
      const { batch, rows, appended, edge } = await this.prepareBatch(records, start, recordedAt, trx);
      await insertEntries(trx, rows);
      await insertNodes(trx, appended.created);
      return { entries: batch, edge };
    });
  }

  /**
   * PostgreSQL: while this instance knows the tree's edge (it made the last append), the batch goes
   * out as one conditional statement. When another instance appended meanwhile, or on the first
   * append, the batch takes the locking path, which waits its turn instead of retrying.
   */
  private async commitOptimisticPostgres(records: AuditRecord[], recordedAt: string) {
    if (this.knownSize === null || this.edge.size !== this.knownSize) return this.commitInTransaction(records, recordedAt);
    const start = this.edge.size;
    const { batch, rows, appended, edge } = await this.prepareBatch(records, start, recordedAt, this.db);
    if (await appendIfAtPostgres(this.db, start, rows, appended.created)) return { entries: batch, edge };
    return this.commitInTransaction(records, recordedAt);
  }

  /**
   * SQLite with a writer thread: the batch is built against the size this instance last committed
   * and sent as one transaction that claims the sequence only if the log still has that size. If
   * another process appended in between, the batch is rebuilt on the new size.
   */
  private async commitOnWriter(writer: AtomicWriter, records: AuditRecord[], recordedAt: string) {
    let start = this.knownSize !== null && this.edge.size === this.knownSize ? this.edge.size : await treeSize(this.db);
    for (let attempt = 0; attempt < WRITER_ATTEMPTS; attempt += 1) {
      const { batch, rows, appended, edge } = await this.prepareBatch(records, start, recordedAt, this.db);
      const steps = [{ ...claimSequenceIfAt(start, records.length), guard: true }, ...entryInserts(rows, false), ...nodeInserts(appended.created, false)];
      const result = await writer.run(steps);
      if (!result.conflict) return { entries: batch, edge };
      start = await treeSize(this.db);
    }
    throw new Error(`the audit log kept moving under ${WRITER_ATTEMPTS} attempts to append`);
  }

  private async edgeAt(trx: Kysely<Database>, size: number): Promise<Buffer[]> {
    if (this.edge.size === size) return this.edge.hashes;
    return sqlNodeSource(trx).getNodes(completeSubtrees(0, size));
  }

  private async maybeCheckpoint(): Promise<void> {
    if (this.lastCheckpointSize < 0) {
      const latest = await latestCheckpoint(this.db);
      this.lastCheckpointSize = latest ? Number(latest.tree_size) : 0;
      this.lastCheckpointAt = latest ? Date.parse(latest.signed_at) : this.clock().getTime();
    }
    const size = this.knownSize ?? 0;
    const dueByCount = size - this.lastCheckpointSize >= this.options.checkpointEvery;
    const dueByTime = size > this.lastCheckpointSize && this.clock().getTime() - this.lastCheckpointAt >= this.options.checkpointIntervalMs;
    if (!dueByCount && !dueByTime) return;
    // Right after this instance's own commit the head is known from the edge; reading the size
    // and nodes back is only needed when the timer fires after another instance appended.
    const known = this.edge.size === size ? this.edge : null;
    // A checkpoint failure must not fail the appends it follows: those entries are already durable.
    await (known ? this.signKnown(size, foldEdge(this.hash, known.hashes)) : this.signCheckpoint()).catch(() => undefined);
  }

  private async signKnown(size: number, root: Buffer): Promise<Checkpoint> {
    const checkpoint = await this.signAt(size, root);
    this.noteCheckpoint(checkpoint);
    return checkpoint;
  }

  private noteCheckpoint(checkpoint: Checkpoint): void {
    if (checkpoint.treeSize < this.lastCheckpointSize) return;
    this.lastCheckpointSize = checkpoint.treeSize;
    this.lastCheckpointAt = Date.parse(checkpoint.signedAt);
  }

  /** Signs a checkpoint of the current tree (or returns the latest if nothing was added since). */
  async checkpoint(): Promise<Checkpoint> {
    await this.committer.idle();
    return this.signCheckpoint();
  }

  /**
   * Signs a checkpoint at an earlier size (the archive mark), from the stored subtree hashes. It is
   * a statement made now about the tree as it stood at `size`.
   */
  async checkpointAt(size: number): Promise<Checkpoint> {
    const existing = await findCheckpoint(this.db, size);
    return existing ? presentCheckpoint(existing) : this.signAt(size);
  }

  // Runs inside a batch's completion too, so it must not wait for the committer to go idle.
  private async signCheckpoint(): Promise<Checkpoint> {
    const size = await treeSize(this.db);
    const latest = await latestCheckpoint(this.db);
    if (latest && Number(latest.tree_size) >= size) return presentCheckpoint(latest);
    const checkpoint = await this.signAt(size);
    this.noteCheckpoint(checkpoint);
    return checkpoint;
  }

  private async signAt(size: number, knownRoot?: Buffer): Promise<Checkpoint> {
    const root = knownRoot ?? (await rootAt(this.hash, size, sqlNodeSource(this.db)));
    const unsigned = { treeSize: size, rootHash: root.toString('hex'), hashAlgorithm: this.hashAlgorithm, signedAt: this.clock().toISOString() };
    const signed = await this.keyring.signStatement(AUDIT_SIGNING_PURPOSE, (keyId) => checkpointText({ ...unsigned, keyId }));
    const checkpoint: Checkpoint = { ...unsigned, keyId: signed.keyId, signatureAlgorithm: signed.algorithm, signature: signed.signature.toString('base64') };
    await insertCheckpoint(this.db, checkpointRow(checkpoint));
    return checkpoint;
  }

  /** Called by a timer: checkpoints after `checkpointIntervalMs` even when traffic is low. */
  async tick(): Promise<void> {
    if (this.knownSize === null) this.knownSize = await treeSize(this.db);
    await this.maybeCheckpoint();
  }

  async flush(): Promise<void> {
    await this.committer.idle();
  }
}

/** The tree head from its edge: the RFC fold of the complete subtrees, largest first. */
function foldEdge(hash: HashFn, edge: readonly Buffer[]): Buffer {
  return edge.length === 0 ? emptyRoot(hash) : foldSubtrees(hash, edge);
}
