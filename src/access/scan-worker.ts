import { parentPort, workerData } from 'node:worker_threads';
import { PagePresenter } from './page-presenter.js';
import type { PresentedRecord } from './present.js';
import type { ScanWorkerData, ScanWorkerReply, ScanWorkerRequest } from './scan-worker-protocol.js';

/*
 * One worker of a parallel bulk read (parallel-scan.ts): decrypts and presents the pages the
 * calling thread read, exactly as the sequential scan would, then applies the caller's page
 * transform and sends back only its result.
 */
const data = workerData as ScanWorkerData;
const pages = new PagePresenter(data.presentation);
const { createPageTransform } = (await import(data.transform.module)) as { createPageTransform(setup: unknown): (records: Iterable<PresentedRecord>) => unknown };
const transform = createPageTransform(data.transform.setup);

parentPort!.on('message', (request: ScanWorkerRequest) => {
  let reply: ScanWorkerReply;
  try {
    pages.addKeys(request.keys);
    reply = { seq: request.seq, ok: true, result: transform(pages.presentEach(request.rows)) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    reply = { seq: request.seq, ok: false, message: failure.message, stack: failure.stack };
  }
  parentPort!.postMessage(reply);
});
