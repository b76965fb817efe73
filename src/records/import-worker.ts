/**
 * Worker thread of a bulk import: reads the NDJSON file, and plans, keys and seals each chunk
 * while the main thread writes the previous one. It opens its own database connection and keyring
 * — another reader of the same keys, like a second server instance — so key material never
 * crosses between threads. It prepares one chunk ahead and hands it over only when the main
 * thread asks, so at most one prepared chunk waits here and one is being written there, whatever
 * the file's size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { createKeyring, loadMasterKey, type Keyring } from '../crypto/index.js';
import { dialectFor, openDatabase } from '../db/index.js';
import { systemClock } from '../lib/clock.js';
import { prepareNewRecords } from './ingest-prepare.js';
import { packBatch, type ImportWorkerData, type WorkerBatch, type WorkerMessage } from './import-worker-protocol.js';
import { ndjsonChunks, type NdjsonChunk } from './ndjson-chunks.js';

const port = parentPort!;
const data = workerData as ImportWorkerData;

/** Each request from the main thread asks for the next chunk and carries the catalog as it is now. */
const requests: CatalogResourceDefinition[][] = [];
let wake: (() => void) | null = null;
port.on('message', (catalog: CatalogResourceDefinition[]) => {
  requests.push(catalog);
  wake?.();
});

async function nextRequest(): Promise<CatalogResourceDefinition[]> {
  while (requests.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = null;
  return requests.shift()!;
}

const send = (message: WorkerMessage) => port.postMessage(message);

async function prepareChunk(chunk: NdjsonChunk, catalog: CatalogResourceDefinition[], keyring: Keyring): Promise<WorkerBatch> {
  const lineOf = (entry: number) => chunk.raw.subarray(chunk.rawEnds[entry - 1] ?? 0, chunk.rawEnds[entry]);
  const prepared = await prepareNewRecords(chunk.entries, catalog, keyring, systemClock().toISOString(), lineOf);
  // The line's bytes go back instead of the parsed object: moving a buffer is free, cloning a tree is not.
  const batch = packBatch(prepared, chunk.raw, chunk.rawEnds);
  return { kind: 'batch', batch, lines: chunk.lines, invalid: chunk.invalid, linesRead: chunk.linesRead, bytesRead: chunk.bytesRead };
}

async function run(): Promise<void> {
  const handle = await openDatabase(dialectFor(data.database));
  try {
    const masterKey = loadMasterKey({ env: { YIXIANG_MASTER_KEY: data.masterKey ?? undefined }, dataDir: data.database.dataDir });
    const keyring = createKeyring({ db: handle.db, profile: data.cryptoProfile, masterKey, clock: systemClock });
    const chunks = ndjsonChunks(data.file, data.chunkSize);
    const prepareNext = async (catalog: CatalogResourceDefinition[]) => {
      const next = await chunks.next();
      return next.done ? null : prepareChunk(next.value, catalog, keyring);
    };
    let catalog = await nextRequest();
    for (let ready = await prepareNext(catalog); ready; ) {
      // Asked for: hand it over (its line buffer moves rather than being copied)…
      port.postMessage(ready, [ready.batch.raw.buffer as ArrayBuffer]);
      // …prepare the following chunk while the main thread writes this one, and keep it until asked.
      ready = await prepareNext(catalog);
      if (ready) catalog = await nextRequest();
    }
  } finally {
    await handle.close();
  }
}

run().then(
  () => {
    send({ kind: 'done' });
    port.close();
  },
  (error: unknown) => {
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    port.close();
  },
);
