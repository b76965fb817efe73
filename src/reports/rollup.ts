import type { Kysely } from 'kysely';
import type { Database, SnapshotReader } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { chunkRunner, foldChunk, rolledTo } from './rollup-store.js';

export interface RollupOptions {
  /** Entries per chunk: each chunk's totals are read first, then written in one short transaction. */
  chunk: number;
  /** A run stops after this long and the next one carries on, so one run never holds the job's lease for long. */
  budgetMs: number;
}

export const DEFAULT_ROLLUP_OPTIONS: RollupOptions = { chunk: 20_000, budgetMs: 50_000 };

/**
 * Keeps the quarterly report's rollup tables up to the audit log (scheduled job `report-rollup`).
 * The report stays exact whether or not this has run: it counts whatever was not folded in yet
 * live, so the job only decides how much work a report read has left.
 */
export class ReportRollup {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly treeSize: () => Promise<number>,
    private readonly clock: Clock,
    private readonly options: RollupOptions = DEFAULT_ROLLUP_OPTIONS,
    /** Where the chunks' scans run on SQLite (off the main thread); null runs them on `db`. */
    private readonly reader: SnapshotReader | null = null,
  ) {}

  /** Folds in the entries appended since the last run, up to the log's size when it starts. */
  async run(): Promise<{ from: number; to: number }> {
    const size = await this.treeSize();
    const start = await rolledTo(this.db);
    const deadline = performance.now() + this.options.budgetMs;
    let from = start;
    const run = chunkRunner(this.reader);
    while (from < size && performance.now() < deadline) {
      const to = Math.min(size, from + this.options.chunk);
      if (!(await foldChunk(this.db, { from, to }, this.clock().toISOString(), run))) break;
      from = to;
    }
    return { from: start, to: from };
  }
}
