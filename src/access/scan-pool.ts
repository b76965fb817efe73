import { Worker } from 'node:worker_threads';
import type { PresentableRow } from './store.js';
import type { ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from './scan-worker-protocol.js';
import type { ReleasedDataKey } from '../crypto/index.js';

/** Small young generation: a page's objects die within the page, and a big nursery only adds resident memory. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };
/** How long idle workers are kept for the next export before their memory is given back. */
export const DEFAULT_IDLE_MS = 30_000;

interface Waiting {
  worker: number;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * One scan's use of the pool: its pages go to the workers with room and come back by sequence
 * number. Ending the lease tells every worker to drop the scan, its presenter and its keys.
 */
export class ScanLease {
  private readonly outstanding: number[];
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(
    private readonly pool: ScanWorkerPool,
    readonly scan: number,
    private readonly pagesPerWorker: number,
  ) {
    this.outstanding = Array.from({ length: pool.size }, () => 0);
  }

  get size(): number {
    return this.outstanding.length;
  }

  private freest(): number {
    let best = 0;
    for (let i = 1; i < this.outstanding.length; i += 1) if (this.outstanding[i]! < this.outstanding[best]!) best = i;
    return best;
  }

  hasRoom(): boolean {
    return this.failure === null && this.outstanding[this.freest()]! < this.pagesPerWorker;
  }

  /** Which worker the next page goes to, so the caller can hand it the keys that worker lacks. */
  nextWorker(): number {
    return this.freest();
  }

  /** Sends a page to `worker`; the promise settles with the transform's result for it. */
  send(worker: number, rows: readonly PresentableRow[], keys: ReleasedDataKey[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    this.outstanding[worker]! += 1;
    const settled = new Promise<unknown>((resolve, reject) => this.waiting.set(seq, { worker, resolve, reject }));
    this.pool.post(worker, { kind: 'page', scan: this.scan, seq, rows: rows as PresentableRow[], keys });
    return settled;
  }

  /** @internal A worker's answer for one of this scan's pages, or for its beginning. */
  settle(reply: ScanWorkerReply): void {
    if (reply.seq === null) {
      if (!reply.ok) this.fail(new Error(`bulk read worker failed: ${reply.message}`));
      return;
    }
    const waiting = this.waiting.get(reply.seq);
    if (!waiting) return;
    this.waiting.delete(reply.seq);
    this.outstanding[waiting.worker]! -= 1;
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(`bulk read worker could not present a page: ${reply.message}`), { workerStack: reply.stack }));
  }

  /** @internal The scan cannot go on: every page still out fails with `error`, and so does every later one. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }

  get failed(): Error | null {
    return this.failure;
  }

  end(): void {
    this.fail(new Error('bulk read ended'));
    this.pool.release(this);
  }
}

/**
 * Worker threads for bulk reads that outlive any one scan. Starting a worker, loading its modules
 * and letting the engine optimise the presenting code costs about as much as presenting thousands
 * of records; an export paying that each time ran its worker cold for most of its pages. The pool
 * starts its workers with the first scan, keeps them while scans come, and stops them after they
 * have been idle for `idleMs`. Idle workers do not keep the process alive.
 *
 * A worker that fails or exits fails every scan under way (their results could be incomplete) and
 * is started afresh for the next scan.
 */
export class ScanWorkerPool {
  private readonly workers: (Worker | null)[];
  private readonly leases = new Map<number, ScanLease>();
  private nextScan = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly module: URL,
    readonly size: number,
    private readonly idleMs: number = DEFAULT_IDLE_MS,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a scan pool needs at least one worker, not ${size}`);
    this.workers = Array.from({ length: size }, () => null);
  }

  /** Begins a scan on every worker. */
  lease(data: ScanWorkerData, pagesPerWorker: number): ScanLease {
    if (this.closed) throw new Error('bulk read pool is closed');
    this.stopIdleTimer();
    const lease = new ScanLease(this, this.nextScan++, pagesPerWorker);
    this.leases.set(lease.scan, lease);
    for (let index = 0; index < this.size; index += 1) {
      this.workers[index] ??= this.start(index);
      this.workers[index]!.ref();
      this.post(index, { kind: 'begin', scan: lease.scan, data });
    }
    return lease;
  }

  /** Worker threads currently running (for tests and diagnostics). */
  get running(): number {
    return this.workers.filter((worker) => worker !== null).length;
  }

  /** @internal */
  post(index: number, request: ScanWorkerRequest): void {
    const worker = this.workers[index];
    if (worker) worker.postMessage(request);
  }

  /** @internal */
  release(lease: ScanLease): void {
    if (!this.leases.delete(lease.scan)) return;
    for (let index = 0; index < this.size; index += 1) this.post(index, { kind: 'end', scan: lease.scan });
    if (this.leases.size > 0) return;
    for (const worker of this.workers) worker?.unref();
    this.idleTimer = setTimeout(() => void this.stopWorkers(), this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopIdleTimer();
    for (const lease of this.leases.values()) lease.fail(new Error('bulk read pool closed'));
    this.leases.clear();
    await this.stopWorkers();
  }

  private start(index: number): Worker {
    const worker = new Worker(this.module, { resourceLimits: WORKER_LIMITS });
    worker.on('message', (reply: ScanWorkerReply) => this.leases.get(reply.scan)?.settle(reply));
    worker.on('error', (error: Error) => this.lost(index, worker, new Error(`bulk read worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.lost(index, worker, new Error(`bulk read worker exited (code ${code}) before the scan ended`)));
    return worker;
  }

  /** A worker died: the scans under way cannot be complete; the next scan gets a fresh worker. */
  private lost(index: number, worker: Worker, error: Error): void {
    if (this.workers[index] !== worker) return;
    this.workers[index] = null;
    for (const lease of this.leases.values()) lease.fail(error);
  }

  private async stopWorkers(): Promise<void> {
    this.stopIdleTimer();
    const stopping = this.workers.filter((worker): worker is Worker => worker !== null);
    // Cleared first, so their exits are not taken for failures.
    this.workers.fill(null);
    await Promise.all(stopping.map((worker) => worker.terminate()));
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

const pools = new Map<string, ScanWorkerPool>();

/** The process's pool for a worker module and size, shared by every bulk read that asks for the same. */
export function sharedScanPool(module: URL, size: number): ScanWorkerPool {
  const key = `${module.href}#${size}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new ScanWorkerPool(module, size);
    pools.set(key, pool);
  }
  return pool;
}
