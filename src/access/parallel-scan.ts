import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { envelopeKeyId, type Keyring, type ReleasedDataKey } from '../crypto/index.js';
import { scanScoped, type BulkReadDeps } from './bulk-read.js';
import { PagePresenter, type ScanPresentation } from './page-presenter.js';
import type { OutsideGrant, PresentedRecord } from './present.js';
import type { PseudonymSeed } from './pseudonym.js';
import type { ScopeClause } from './scope.js';
import type { PageTransform, ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from './scan-worker-protocol.js';
import { scanPage, type CatalogScope, type PageRequest, type PresentableRow, type RecordQuery } from './store.js';

export interface ParallelScanOptions {
  /**
   * Worker threads besides the calling thread, which presents pages too; 0 keeps the whole scan on
   * the calling thread. Defaults to one fewer than the machine's cores (at least 1, at most 4).
   */
  workers?: number;
  /** The worker module; tests point it at the compiled build. */
  workerModule?: URL;
  /** How fields outside a grant are presented (present.ts); an export omits them. Defaults to `mask`. */
  outsideGrant?: OutsideGrant;
}

const MAX_DEFAULT_WORKERS = 4;
/** Pages a worker holds at once: one being presented, one waiting, so it never idles between pages. */
const PAGES_PER_WORKER = 2;
/** Small young generation: a page's objects die within the page, and a big nursery only adds resident memory. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

const defaultWorkers = (): number => Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1));
const defaultWorkerModule = (): URL => new URL('./scan-worker.js', import.meta.url);

/**
 * Every page a scan would yield, passed through `transform`, in scan order, using more than one
 * core. The calling thread runs the page queries (one at a time, in keyset order, with the scopes
 * compiled once, as `scanScoped`) and hands each page to a worker thread with room for it; when
 * every worker is busy it decrypts, presents and transforms the page itself rather than wait. A
 * page's result is yielded only after every earlier page's, and the pages read ahead are bounded.
 *
 * The scan stays wholly on the calling thread when workers are off, when the presenter cannot be
 * rebuilt from a seed, or when the compiled worker is absent (running from TypeScript sources);
 * the results are the same either way.
 */
export async function* scanTransformed<Setup, Result>(
  deps: BulkReadDeps & { seed: PseudonymSeed | null },
  scopes: readonly CatalogScope[],
  query: RecordQuery,
  pageSize: number,
  transform: PageTransform<Setup, Result>,
  options: ParallelScanOptions = {},
): AsyncGenerator<Result> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`scan page size must be a positive integer, not ${pageSize}`);
  const live = scopes.filter((scope) => scope.clauses.length > 0);
  if (live.length === 0) return;
  const workers = options.workers ?? defaultWorkers();
  const workerModule = options.workerModule ?? defaultWorkerModule();
  const compiled = existsSync(fileURLToPath(workerModule)) && existsSync(fileURLToPath(transform.module));
  const apply = transform.create(transform.setup);
  const outsideGrant = options.outsideGrant ?? 'mask';
  if (workers < 1 || !deps.seed || !compiled) {
    for await (const page of scanScoped(deps, live, query, pageSize, outsideGrant)) yield apply(page);
    return;
  }
  const presentation: ScanPresentation = {
    clauses: live.flatMap((scope) => scope.clauses.map((clause) => [`${scope.catalogCode} ${clause.basis}`, clause] as [string, ScopeClause])),
    definitions: await definitionsOf(deps, live),
    rules: [...(await deps.maskingRules())],
    seed: deps.seed,
    outsideGrant,
  };
  const here = new LocalLane(presentation, apply, deps.keyring);
  const pool = new ScanPool(workerModule, workers, { presentation, transform: { module: transform.module.href, setup: transform.setup } }, deps.keyring);
  const now = deps.clock().toISOString();
  const pending: Slot[] = [];
  try {
    let after: PageRequest['after'];
    let more = true;
    for (;;) {
      while (pending[0]?.done) yield pending.shift()!.result as Result;
      if (!more && pending.length === 0) return;
      if (more && pending.length < workers * PAGES_PER_WORKER + 2) {
        const rows = await scanPage(deps.db, live, query, { limit: pageSize, after }, now);
        const last = rows[rows.length - 1];
        // A short page is the last one; a full one may be followed by more.
        more = rows.length === pageSize && last !== undefined;
        if (last) after = { effectiveAt: last.effective_at ?? '', resourceType: last.resource_type, id: last.id };
        if (rows.length > 0) pending.push(pool.hasRoom() ? await pool.present(rows) : await here.present(rows));
        continue;
      }
      // Everything is read ahead as far as allowed: wait for the oldest page.
      const head = pending.shift()!;
      yield (await head.settled) as Result;
    }
  } finally {
    await pool.close();
  }
}

async function definitionsOf(deps: BulkReadDeps, scopes: readonly CatalogScope[]): Promise<[string, CatalogResourceDefinition][]> {
  const entries: [string, CatalogResourceDefinition][] = [];
  for (const code of new Set(scopes.map((scope) => scope.catalogCode))) {
    const definition = await deps.definition(code);
    if (!definition) throw new Error(`catalog resource ${code} vanished`);
    entries.push([code, definition]);
  }
  return entries;
}

/** One page's place in the output order, and its result once there is one. */
interface Slot {
  done: boolean;
  result?: unknown;
  settled: Promise<unknown>;
}

const settledSlot = (result: unknown): Slot => ({ done: true, result, settled: Promise.resolve(result) });

/** The data keys a page's encrypted rows name that a thread has not been given yet. */
class KeyHandout {
  private readonly given = new Set<string>();

  constructor(private readonly keyring: Pick<Keyring, 'releaseDataKeys'>) {}

  async keysFor(rows: readonly PresentableRow[]): Promise<ReleasedDataKey[]> {
    const needed = new Set<string>();
    for (const row of rows) if (row.encrypted) needed.add(envelopeKeyId(row.payload));
    const fresh = [...needed].filter((id) => !this.given.has(id));
    if (fresh.length === 0) return [];
    const keys = await this.keyring.releaseDataKeys(fresh);
    for (const id of fresh) this.given.add(id);
    return keys;
  }
}

/** The calling thread's share of the pages: presented and transformed right here. */
class LocalLane {
  private readonly pages: PagePresenter;
  private readonly keys: KeyHandout;

  constructor(
    presentation: ScanPresentation,
    private readonly apply: (records: Iterable<PresentedRecord>) => unknown,
    keyring: Pick<Keyring, 'releaseDataKeys'>,
  ) {
    this.pages = new PagePresenter(presentation);
    this.keys = new KeyHandout(keyring);
  }

  async present(rows: readonly PresentableRow[]): Promise<Slot> {
    this.pages.addKeys(await this.keys.keysFor(rows));
    return settledSlot(this.apply(this.pages.presentEach(rows)));
  }
}

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Worker threads taking pages when they have room; each answers its pages in the order it got them. */
class ScanPool {
  private readonly workers: Worker[];
  private readonly keys: KeyHandout[];
  private readonly outstanding: number[];
  private readonly waiting = new Map<number, Waiting & { worker: number }>();
  private seq = 0;
  private failure: Error | null = null;

  constructor(module: URL, count: number, workerData: ScanWorkerData, keyring: Pick<Keyring, 'releaseDataKeys'>) {
    this.workers = Array.from({ length: count }, () => new Worker(module, { workerData, resourceLimits: WORKER_LIMITS }));
    this.keys = this.workers.map(() => new KeyHandout(keyring));
    this.outstanding = this.workers.map(() => 0);
    for (const worker of this.workers) {
      worker.on('message', (reply: ScanWorkerReply) => this.settle(reply));
      worker.on('error', (error: Error) => this.fail(new Error(`bulk read worker failed: ${error.message}`, { cause: error })));
      // After close() the exits are expected, and failure already says the scan is over.
      worker.on('exit', (code) => this.fail(new Error(`bulk read worker exited (code ${code}) before the scan ended`)));
    }
  }

  private freest(): number {
    let best = 0;
    for (let i = 1; i < this.outstanding.length; i += 1) if (this.outstanding[i]! < this.outstanding[best]!) best = i;
    return best;
  }

  hasRoom(): boolean {
    return this.outstanding[this.freest()]! < PAGES_PER_WORKER;
  }

  async present(rows: readonly PresentableRow[]): Promise<Slot> {
    if (this.failure) throw this.failure;
    const index = this.freest();
    const seq = this.seq++;
    this.outstanding[index]! += 1;
    const keys = await this.keys[index]!.keysFor(rows);
    // A worker may have died while the keys were unwrapped.
    if (this.failure) throw this.failure;
    const request: ScanWorkerRequest = { seq, rows: rows as PresentableRow[], keys };
    const slot: Slot = { done: false, settled: Promise.resolve() };
    slot.settled = new Promise((resolve, reject) => {
      this.waiting.set(seq, {
        worker: index,
        resolve: (result) => {
          slot.done = true;
          slot.result = result;
          resolve(result);
        },
        reject,
      });
    });
    // The failure is reported when the page's turn comes; until then it must not count as unhandled.
    slot.settled.catch(() => undefined);
    this.workers[index]!.postMessage(request);
    return slot;
  }

  private settle(reply: ScanWorkerReply): void {
    const waiting = this.waiting.get(reply.seq);
    if (!waiting) return;
    this.waiting.delete(reply.seq);
    this.outstanding[waiting.worker]! -= 1;
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(Object.assign(new Error(`bulk read worker could not present a page: ${reply.message}`), { workerStack: reply.stack }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.failure);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    this.failure ??= new Error('bulk read closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
