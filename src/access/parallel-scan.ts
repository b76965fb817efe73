import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { envelopeKeyId, type Keyring, type ReleasedDataKey } from '../crypto/index.js';
import { scanScoped, type BulkReadDeps } from './bulk-read.js';
import { PagePresenter, type ScanPresentation } from './page-presenter.js';
import type { OutsideGrant, PresentedRecord } from './present.js';
import type { PseudonymSeed } from './pseudonym.js';
import type { ScopeClause } from './scope.js';
import { sharedScanPool, type ScanLease, type ScanWorkerPool } from './scan-pool.js';
import type { PageTransform } from './scan-worker-protocol.js';
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
  /** A pool of its own rather than the process's shared one for `workerModule` and `workers` (tests); `workers` is then its size. */
  pool?: ScanWorkerPool;
}

const MAX_DEFAULT_WORKERS = 4;
/** Pages a worker holds at once: one being presented, one waiting, so it never idles between pages. */
const PAGES_PER_WORKER = 2;

const defaultWorkers = (): number => Math.max(1, Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1));
const defaultWorkerModule = (): URL => new URL('./scan-worker.js', import.meta.url);

/**
 * Every page a scan would yield, passed through `transform`, in scan order, using more than one
 * core. The calling thread runs the page queries (one at a time, in keyset order, with the scopes
 * compiled once, as `scanScoped`) and hands each page to a worker thread with room for it (the
 * process's pool for the worker module and size, scan-pool.ts, kept warm between scans); when
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
  const workers = options.pool?.size ?? options.workers ?? defaultWorkers();
  const workerModule = options.workerModule ?? defaultWorkerModule();
  const compiled = (options.pool !== undefined || existsSync(fileURLToPath(workerModule))) && existsSync(fileURLToPath(transform.module));
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
  const lease = (options.pool ?? sharedScanPool(workerModule, workers)).lease({ presentation, transform: { module: transform.module.href, setup: transform.setup } }, PAGES_PER_WORKER);
  const pool = new PoolLane(lease, deps.keyring);
  const now = deps.clock().toISOString();
  const pending: Slot[] = [];
  try {
    let after: PageRequest['after'];
    let more = true;
    for (;;) {
      if (lease.failed) throw lease.failed;
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
    lease.end();
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

/** The pool's share of the pages: each goes to the worker with most room, with the data keys that worker lacks for this scan. */
class PoolLane {
  private readonly keys: KeyHandout[];

  constructor(
    private readonly lease: ScanLease,
    keyring: Pick<Keyring, 'releaseDataKeys'>,
  ) {
    this.keys = Array.from({ length: lease.size }, () => new KeyHandout(keyring));
  }

  hasRoom(): boolean {
    return this.lease.hasRoom();
  }

  async present(rows: readonly PresentableRow[]): Promise<Slot> {
    const worker = this.lease.nextWorker();
    const keys = await this.keys[worker]!.keysFor(rows);
    const slot: Slot = { done: false, settled: Promise.resolve() };
    slot.settled = this.lease.send(worker, rows, keys).then((result) => {
      slot.done = true;
      slot.result = result;
      return result;
    });
    // The failure is reported when the page's turn comes; until then it must not count as unhandled.
    slot.settled.catch(() => undefined);
    return slot;
  }
}
