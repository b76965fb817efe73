import { Worker } from 'node:worker_threads';
import type { RecordIngest } from './ingest.js';
import type { ImportWorkerData, ImportWorkerSettings, WorkerBatch, WorkerMessage } from './import-worker-protocol.js';


/**
 * A smaller young generation than V8's default for the worker: everything it allocates either dies
 * within a chunk or is handed on, so a large nursery only adds resident memory to the import.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 };

/** Messages from the worker, in order, as an async queue; a crash or early exit becomes an error. */
class Inbox {
  private readonly queue: WorkerMessage[] = [];
  private waiting: ((message: WorkerMessage) => void) | null = null;

  constructor(worker: Worker) {
    worker.on('message', (message: WorkerMessage) => this.put(message));
    worker.on('error', (error: Error) => this.put({ kind: 'failed', message: error.message, stack: error.stack }));
    worker.on('exit', (code) => this.put({ kind: 'failed', message: `import worker exited (code ${code}) before finishing` }));
  }

  private put(message: WorkerMessage): void {
    if (this.waiting) {
      const deliver = this.waiting;
      this.waiting = null;
      deliver(message);
    } else this.queue.push(message);
  }

  next(): Promise<WorkerMessage> {
    const message = this.queue.shift();
    return message ? Promise.resolve(message) : new Promise((resolve) => (this.waiting = resolve));
  }
}

/**
 * Prepared chunks of an NDJSON file, in file order, from a worker thread that parses, validates,
 * computes blind indexes and encrypts the next chunk while the caller writes this one. Each chunk
 * is asked for only once the one before is written: a chunk that arrived early would sit in this
 * thread's heap through a whole write and be promoted to its old generation, which is what made
 * this thread's memory grow. Every request carries the catalog as it is now, so the worker routes
 * by a catalog at most one chunk old, as the single-threaded import refreshes it per chunk.
 */
export async function* preparedInWorker(file: string, chunkSize: number, settings: ImportWorkerSettings, ingest: RecordIngest): AsyncGenerator<WorkerBatch> {
  const workerData: ImportWorkerData = { ...settings, file, chunkSize };
  const worker = new Worker(new URL('./import-worker.js', import.meta.url), { workerData, resourceLimits: WORKER_LIMITS });
  const inbox = new Inbox(worker);
  let finished = false;
  try {
    worker.postMessage(await ingest.definitions());
    for (;;) {
      const message = await inbox.next();
      if (message.kind === 'failed') throw Object.assign(new Error(`import worker failed: ${message.message}`), { workerStack: message.stack });
      if (message.kind === 'done') {
        finished = true;
        return;
      }
      yield message;
      worker.postMessage(await ingest.definitions());
    }
  } finally {
    // A finished worker has closed its database and is leaving by itself; any other is stopped.
    if (!finished) await worker.terminate();
  }
}
