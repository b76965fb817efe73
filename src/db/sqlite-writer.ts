import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A second SQLite connection in a worker thread, for the audit log's commits.
 *
 * better-sqlite3 is synchronous: on the main connection a durable COMMIT (synchronous = FULL, one
 * or two fsyncs) blocks the event loop for milliseconds, and every read waits behind it. In WAL
 * mode one writer and any number of readers may work at once on separate connections, so the audit
 * commits run here, off the main thread: the fsync happens in the worker while the main thread keeps
 * answering, and entries that arrive meanwhile form the next group commit. The caller still awaits
 * the COMMIT, so no response goes out before its entry is durable.
 *
 * A transaction is sent as one script and runs start to finish inside the worker. It never holds
 * the write lock while waiting for the main thread, which may itself be blocked (busy_timeout)
 * waiting for that lock to write something else — that would deadlock both for the timeout.
 *
 * The worker's code is a string evaluated as CommonJS: it then loads the same way from dist/ and
 * from the TypeScript sources under test, with no build step of its own.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SqliteDatabase = require(workerData.driver);
const db = new SqliteDatabase(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (statements.size >= 100) statements.clear();
    statements.set(sql, statement);
  }
  return statement;
};
class Conflict extends Error {}
const script = db.transaction((steps) =>
  steps.map((step) => {
    const statement = prepared(step.sql);
    if (!statement.reader) return statement.run(step.parameters).changes;
    const rows = statement.all(step.parameters);
    if (step.guard && rows.length === 0) throw new Conflict();
    return rows;
  }),
);
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.postMessage({ id: message.id });
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, results: message.read ? script.deferred(message.steps) : script.immediate(message.steps) });
  } catch (error) {
    if (error instanceof Conflict) parentPort.postMessage({ id: message.id, conflict: true });
    else parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
parentPort.postMessage({ ready: true });
`;

/** One statement of a script. A guard must return at least one row, or the script rolls back as a conflict. */
export interface ScriptStep {
  sql: string;
  parameters: readonly (string | number | null)[];
  guard?: boolean;
}

/** Rows for each reading step, the number of changed rows for each writing one; or a guard failed. */
export type ScriptResult = { conflict: false; results: (unknown[] | number)[] } | { conflict: true };

export interface AtomicWriter {
  /** Runs the steps in one IMMEDIATE transaction and resolves once it is committed (or rolled back). */
  run(steps: readonly ScriptStep[]): Promise<ScriptResult>;
  close(): Promise<void>;
}

/**
 * Queries on a connection of their own in a worker thread: long aggregate reads (the report
 * rollup's scans of the audit log) that would otherwise hold the main thread for as long as
 * SQLite works on them, with every request queued behind. The steps run in one read transaction,
 * so they all see the same snapshot.
 */
export interface SnapshotReader {
  /** The rows of each step, read in one deferred transaction. */
  read(steps: readonly ScriptStep[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ready?: boolean;
  results?: (unknown[] | number)[];
  conflict?: boolean;
  error?: { message: string; code?: string };
}

class SqliteWriterError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/** One worker thread with one connection; requests are matched to replies by id. */
class WorkerWriter {
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.ready) return resolve();
        const waiter = this.pending.get(reply.id!);
        if (!waiter) return;
        this.pending.delete(reply.id!);
        if (reply.error) waiter.reject(new SqliteWriterError(reply.error.message, reply.error.code));
        else waiter.resolve(reply);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        reject(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`SQLite writer thread exited (code ${code})`)));
    });
    // Failures reach callers through the requests that wait for replies.
    this.ready.catch(() => undefined);
  }

  get broken(): boolean {
    return this.failure !== null;
  }

  send(message: object): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // Referenced only while a request is in flight: an awaited commit keeps the process alive, an
    // idle writer never does.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.send({ close: true }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Opens lazily: commands that never append to the audit log (or read through it) never start the thread. */
export function openSqliteWriter(file: string, pragmas: readonly string[]): AtomicWriter & SnapshotReader {
  let writer: WorkerWriter | null = null;
  let starting: Promise<WorkerWriter> | null = null;
  const start = async (): Promise<WorkerWriter> => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, pragmas, driver } });
    const started = new WorkerWriter(worker);
    await started.ready;
    worker.unref();
    return started;
  };
  // A writer thread that died (out of memory, native crash) is replaced on the next use; the
  // requests in flight have already failed, so their appends answered 503.
  const current = async (): Promise<WorkerWriter> => {
    if (writer && !writer.broken) return writer;
    starting ??= start().finally(() => (starting = null));
    writer = await starting;
    return writer;
  };
  // Once closed, a late append (a job still finishing during shutdown) fails instead of quietly
  // starting a new thread and connection that nobody would close.
  let closed = false;
  return {
    async run(steps) {
      if (closed) throw new Error('the audit writer is closed');
      const reply = await (await current()).send({ steps });
      return reply.conflict ? { conflict: true } : { conflict: false, results: reply.results ?? [] };
    },
    async read(steps) {
      if (closed) throw new Error('the reader is closed');
      const reply = await (await current()).send({ steps, read: true });
      return (reply.results ?? []) as unknown[][];
    },
    async close() {
      closed = true;
      const open = writer ?? (starting ? await starting.catch(() => null) : null);
      writer = null;
      await open?.close();
    },
  };
}
