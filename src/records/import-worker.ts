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
import { prepareNewRecord } from './ingest-prepare.js';
import { BatchPacker, type ImportWorkerData, type WorkerBatch, type WorkerMessage } from './import-worker-protocol.js';
import { ndjsonLineChunks, type NdjsonLineChunk } from './ndjson-chunks.js';

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

/**
 * Parses, plans, keys and seals the chunk's lines one after another, each parsed resource dropped
 * once sealed; lines that are not JSON are reported by number and get no entry.
 */
async function prepareChunk(chunk: NdjsonLineChunk, catalog: CatalogResourceDefinition[], keyring: Keyring): Promise<WorkerBatch> {
  const now = systemClock().toISOString();
  const packer = new BatchPacker();
  const lines: number[] = [];
  const invalid: number[] = [];
  for (let i = 0; i < chunk.lines.length; i++) {
    const line = chunk.raw.subarray(chunk.rawEnds[i - 1] ?? 0, chunk.rawEnds[i]);
    let resource: unknown;
    try {
      resource = JSON.parse(line.toString('utf8'));
    } catch {
      invalid.push(chunk.lines[i]!);
      continue;
    }
    const entry = lines.length;
    lines.push(chunk.lines[i]!);
    packer.add(await prepareNewRecord({ resource }, entry, catalog, keyring, now, line), line);
  }
  // The lines' bytes go back instead of parsed objects: moving a buffer is free, cloning a tree is not.
  return { kind: 'batch', batch: packer.pack(), lines, invalid, linesRead: chunk.linesRead, bytesRead: chunk.bytesRead };
}

async function run(): Promise<void> {
  const handle = await openDatabase(dialectFor(data.database));
  try {
    const masterKey = loadMasterKey({ env: { YIXIANG_MASTER_KEY: data.masterKey ?? undefined }, dataDir: data.database.dataDir });
    const keyring = createKeyring({ db: handle.db, profile: data.cryptoProfile, masterKey, clock: systemClock });
    const chunks = ndjsonLineChunks(data.file, data.chunkSize);
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
