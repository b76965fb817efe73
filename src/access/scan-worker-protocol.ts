import type { ReleasedDataKey } from '../crypto/index.js';
import type { ScanPresentation } from './page-presenter.js';
import type { PresentedRecord } from './present.js';
import type { PresentableRow } from './store.js';

/**
 * What a bulk read does to each presented page before handing it on, given as data so it can run
 * on a worker thread: `module` exports `createPageTransform(setup)`, and `create` is the same
 * factory for reads that stay on the calling thread. The transform only ever sees records as
 * access presented them; the rows and keys behind them stay inside access. It gets a page as an
 * iterable, so a worker can present each record only when the transform takes it and let it go
 * straight after, instead of holding a whole presented page.
 */
export interface PageTransform<Setup, Result> {
  module: URL;
  setup: Setup;
  create(setup: Setup): (records: Iterable<PresentedRecord>) => Result;
}

/** Rows go to a worker as loaded: only the columns presenting reads. */
export type WireRow = PresentableRow;

/** What a worker needs to present and transform the pages of one scan: sent when the scan begins. */
export interface ScanWorkerData {
  presentation: ScanPresentation;
  transform: { module: string; setup: unknown };
}

/**
 * Workers outlive a scan (scan-pool.ts), so every message names its scan: `begin` gives the scan's
 * presentation and transform, `page` one page with the data keys its rows need that this worker
 * has not had for this scan, `end` lets the worker drop the scan and its keys.
 */
export type ScanWorkerRequest =
  | { kind: 'begin'; scan: number; data: ScanWorkerData }
  | { kind: 'page'; scan: number; seq: number; rows: WireRow[]; keys: ReleasedDataKey[] }
  | { kind: 'end'; scan: number };

/** A page's result or failure; a `seq` of null means the scan could not begin on this worker. */
export type ScanWorkerReply =
  | { scan: number; seq: number; ok: true; result: unknown }
  | { scan: number; seq: number | null; ok: false; message: string; stack?: string };
