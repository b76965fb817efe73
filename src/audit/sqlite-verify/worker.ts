import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { verifyRange, type LeafDigest, type RangeTask } from './range-verifier.js';

/**
 * A verification worker: its own read-only connection to the log's SQLite file, verifying the
 * stretches the main thread hands it one at a time. Only committed rows below the size being
 * verified are read, and those never change, so separate connections see the same log.
 */
const { file, digest } = workerData as { file: string; digest: LeafDigest };
const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });

parentPort!.on('message', (task: RangeTask) => {
  try {
    parentPort!.postMessage({ result: verifyRange(db, digest, task) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
