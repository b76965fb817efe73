import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Checkpoint } from '../checkpoint.js';
import { checkpointText } from '../checkpoint.js';
import { isPostgres } from '../dialect.js';
import { completeSubtrees, foldSubtrees, TreeBuilder, type HashFn } from '../merkle/index.js';
import type { VerificationResult } from '../verify-log.js';
import { verifyRange, type LeafDigest, type RangeResult, type RangeTask } from './range-verifier.js';

/** Leaves per stretch handed to a worker: a complete subtree, so stretches combine without rehashing. */
const STRETCH = 2 ** 16;
/**
 * Below this many entries the check stays on the calling thread. Above it, it goes to worker
 * threads even when one worker is all there is to use: the server runs it as a scheduled job, and
 * on its own thread SQLite's canonical rows and the hashing held the event loop for a few
 * microseconds per entry — over half a second for the first run on a busy server's log, with every
 * request waiting behind it.
 */
const MIN_ENTRIES_OFF_THREAD = 16_384;
const MAX_WORKERS = 4;

export interface FastVerification {
  db: Kysely<Database>;
  hash: HashFn;
  digest: LeafDigest;
  checkpoints: readonly Checkpoint[];
  claimedSize: number;
  /** The archive mark with the subtree hashes covering the archived prefix, when there is one. */
  resume?: { size: number; edge: readonly Buffer[]; checkArchivedCheckpoint(checkpoint: Checkpoint): Promise<string | null> };
  verifySignature(checkpoint: Checkpoint, text: string): Promise<boolean>;
  /** Leaves per stretch, a power of two; smaller only in tests, to exercise combining stretches. */
  stretch?: number;
}

/**
 * Full verification of a SQLite log at the speed of its disk and cores: the same checks as
 * verifyLog (every sequence number once and in order, every leaf recomputed from its row and equal
 * to the stored leaf, every checkpoint's root recomputed and its signature valid, nothing beyond
 * the claimed size), with the per-row work done by SQLite and by one worker thread per core.
 *
 * It answers only "all is well". At the first sign of trouble it returns null and the caller runs
 * the row-by-row verifyLog, whose job is to describe what is wrong; so it never needs to agree
 * with verifyLog's wording, only never to pass a log that verifyLog would fail.
 */
export async function verifySqliteLog(input: FastVerification): Promise<VerificationResult | null> {
  if (isPostgres(input.db)) return null;
  const file = await databaseFile(input.db);
  if (!file) return null;
  const start = input.resume?.size ?? 0;
  const checkpoints = [...input.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  if (checkpoints.some((c) => c.treeSize > input.claimedSize)) return null;
  if (await hasEntriesFrom(input.db, input.claimedSize)) return null;
  if (input.resume && !checkpoints.some((c) => c.treeSize === start)) return null;

  const tasks = stretches(start, input.claimedSize, checkpoints.map((c) => c.treeSize), input.stretch);
  // Signatures are checked on this thread while the workers hash.
  const signaturesOk = allSignaturesValid(input, checkpoints);
  const results = await runTasks(file, input.digest, tasks);
  if (!(await signaturesOk) || !results || results.some((r) => !r.ok)) return null;

  const roots = rootsAtCuts(input, start, results);
  for (const checkpoint of checkpoints) {
    if (checkpoint.treeSize < start) {
      if (await input.resume!.checkArchivedCheckpoint(checkpoint)) return null;
    } else if (roots.get(checkpoint.treeSize) !== checkpoint.rootHash) {
      return null;
    }
  }
  return { ok: true, entriesChecked: input.claimedSize, checkpointsChecked: checkpoints.length, treeSize: input.claimedSize, problems: [], firstBadSeq: null };
}

/** The main database's file, or '' for an in-memory or temporary database that no other connection can open. */
async function databaseFile(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(db);
  const file = result.rows[0]?.file ?? '';
  return file && existsSync(file) ? file : '';
}

async function hasEntriesFrom(db: Kysely<Database>, seq: number): Promise<boolean> {
  const row = await db.selectFrom('audit_entries').select('seq').where('seq', '>=', seq).limit(1).executeTakeFirst();
  return row !== undefined;
}

async function allSignaturesValid(input: FastVerification, checkpoints: readonly Checkpoint[]): Promise<boolean> {
  for (const checkpoint of checkpoints) if (!(await input.verifySignature(checkpoint, checkpointText(checkpoint)))) return false;
  return true;
}

/**
 * Splits [start, end) into stretches that are complete subtrees of at most STRETCH leaves (the
 * first ones sized by the low bits of an archive mark, the last one possibly short), each with the
 * checkpoint sizes that fall inside it.
 */
export function stretches(start: number, end: number, checkpointSizes: readonly number[], stretch = STRETCH): RangeTask[] {
  const tasks: RangeTask[] = [];
  for (let lo = start; lo < end; ) {
    const alignment = lo === 0 ? stretch : Math.min(stretch, lowestSetBit(lo));
    const hi = Math.min(end, lo + alignment);
    const cuts = checkpointSizes.filter((size) => size > lo && size < hi);
    tasks.push({ lo, hi, cuts: [...cuts, hi] });
    lo = hi;
  }
  return tasks;
}

function lowestSetBit(n: number): number {
  let bit = 1;
  while ((n / bit) % 2 === 0) bit *= 2;
  return bit;
}

/** Tree heads (hex) at every cut, from the edge before each stretch followed by the stretch's own edge. */
function rootsAtCuts(input: FastVerification, start: number, results: readonly RangeResult[]): Map<number, string> {
  const builder = input.resume ? TreeBuilder.resume(input.hash, start, input.resume.edge) : new TreeBuilder(input.hash);
  const roots = new Map<number, string>([[start, builder.root().toString('hex')]]);
  for (const result of results) {
    let last: Buffer[] = [];
    for (const { size, edge } of result.edges) {
      last = edge.map((hex) => Buffer.from(hex, 'hex'));
      roots.set(size, foldSubtrees(input.hash, [...builder.edgeHashes, ...last]).toString('hex'));
    }
    completeSubtrees(result.lo, result.hi - result.lo).forEach((ref, i) => builder.pushSubtree(last[i]!, ref.level));
  }
  return roots;
}

/** Runs the stretches on worker threads when that pays, else here; null if a worker failed. */
async function runTasks(file: string, digest: LeafDigest, tasks: readonly RangeTask[]): Promise<RangeResult[] | null> {
  const workerUrl = new URL('./worker.js', import.meta.url);
  const workers = Math.max(1, Math.min(MAX_WORKERS, availableParallelism(), tasks.length));
  const entries = tasks.reduce((sum, task) => sum + (task.hi - task.lo), 0);
  // The worker exists only in the compiled build; run from TypeScript sources (tests), stay here.
  if (entries < MIN_ENTRIES_OFF_THREAD || !existsSync(fileURLToPath(workerUrl))) return runHere(file, digest, tasks);
  return runOnWorkers(workerUrl, workers, file, digest, tasks);
}

// A row SQLite cannot even render (say, a BLOB planted in a text column) raises; like any other
// failure that hands the log to the row-by-row pass.
function runHere(file: string, digest: LeafDigest, tasks: readonly RangeTask[]): RangeResult[] | null {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const results: RangeResult[] = [];
    for (const task of tasks) {
      const result = verifyRange(db, digest, task);
      if (!result.ok) return null;
      results.push(result);
    }
    return results;
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** A small pool: each worker takes the next stretch as soon as it returns one. */
async function runOnWorkers(url: URL, count: number, file: string, digest: LeafDigest, tasks: readonly RangeTask[]): Promise<RangeResult[] | null> {
  const results: RangeResult[] = new Array(tasks.length);
  let next = 0;
  let failed = false;
  const pool = Array.from({ length: count }, () => new Worker(url, { workerData: { file, digest } }));
  const drive = (worker: Worker) =>
    new Promise<void>((resolve) => {
      const give = () => {
        if (failed || next >= tasks.length) return resolve();
        const index = next++;
        worker.once('message', (message: { result?: RangeResult; error?: string }) => {
          if (!message.result?.ok) failed = true;
          else results[index] = message.result;
          give();
        });
        worker.postMessage(tasks[index]);
      };
      worker.once('error', () => {
        failed = true;
        resolve();
      });
      give();
    });
  try {
    await Promise.all(pool.map(drive));
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return failed ? null : results;
}
