import { parentPort } from 'node:worker_threads';
import { PagePresenter } from './page-presenter.js';
import type { PresentedRecord } from './present.js';
import type { ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from './scan-worker-protocol.js';

/*
 * One worker of the bulk-read pool (scan-pool.ts): for each scan under way, decrypts and presents
 * the pages the calling thread read, exactly as the sequential scan would, then applies that
 * scan's page transform and sends back only its result. A scan's presenter and data keys are
 * dropped when it ends; what stays between scans is the loaded and optimised code.
 */
type PageApply = (records: Iterable<PresentedRecord>) => unknown;

interface ScanState {
  pages: PagePresenter;
  apply: PageApply;
}

const scans = new Map<number, Promise<ScanState | null>>();

const reply = (message: ScanWorkerReply): void => parentPort!.postMessage(message);

function failure(error: unknown): { message: string; stack?: string } {
  const cause = error instanceof Error ? error : new Error(String(error));
  return { message: cause.message, stack: cause.stack };
}

async function begin(scan: number, data: ScanWorkerData): Promise<ScanState | null> {
  try {
    const { createPageTransform } = (await import(data.transform.module)) as { createPageTransform(setup: unknown): PageApply };
    return { pages: new PagePresenter(data.presentation), apply: createPageTransform(data.transform.setup) };
  } catch (error) {
    reply({ scan, seq: null, ok: false, ...failure(error) });
    return null;
  }
}

async function page(request: Extract<ScanWorkerRequest, { kind: 'page' }>): Promise<void> {
  const state = await scans.get(request.scan);
  // A scan that could not begin has already said so; its pages have nowhere to go.
  if (!state) return;
  try {
    state.pages.addKeys(request.keys);
    reply({ scan: request.scan, seq: request.seq, ok: true, result: state.apply(state.pages.presentEach(request.rows)) });
  } catch (error) {
    reply({ scan: request.scan, seq: request.seq, ok: false, ...failure(error) });
  }
}

parentPort!.on('message', (request: ScanWorkerRequest) => {
  switch (request.kind) {
    case 'begin':
      scans.set(request.scan, begin(request.scan, request.data));
      break;
    case 'page':
      void page(request);
      break;
    case 'end':
      scans.delete(request.scan);
      break;
  }
});
