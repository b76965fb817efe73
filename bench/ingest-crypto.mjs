#!/usr/bin/env node
// What the envelope encryption of record payloads costs per crypto profile, record by record:
// `protectPayload` at level 4 (encrypted: JSON, one cipher call, base64) against the same
// function at level 1 (JSON only), and `revealPayload` of those payloads (base64, one cipher call,
// JSON) against parsing the plain JSON. The records are the first lines of the benchmark file,
// so sizes and shapes are the demo hospital's. Passes alternate: plain, encrypted, encrypted, plain.
//
//   node --expose-gc bench/ingest-crypto.mjs --file hospital.ndjson [--records 20000] [--profiles standard,gm] [--out result.json]
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { collectGarbage, emitResult, fmt, list, log, msSince, now, openRepository, parseFlags } from './ingest-common.mjs';
import { importServer } from './lib/build.mjs';

const flags = parseFlags();
if (typeof flags.file !== 'string') throw new Error('--file is required');
const count = Number(flags.records ?? 20_000);
const profiles = list(flags.profiles, ['standard', 'gm']);
const { protectPayload, revealPayload } = await importServer('records/protect.js');

async function firstResources(file, limit) {
  const resources = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const resource = JSON.parse(line);
    resource.id ??= `bench-${resources.length}`;
    resources.push(resource);
    if (resources.length >= limit) break;
  }
  return resources;
}

const resources = await firstResources(flags.file, count);
const bytes = resources.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0);

/** µs per record for one pass of `fn` over every resource (awaited one by one, as ingest's chunks are). */
async function pass(fn) {
  await collectGarbage();
  const started = now();
  for (let i = 0; i < resources.length; i++) await fn(resources[i], i);
  return (msSince(started) * 1000) / resources.length;
}

const runs = [];
for (const profile of profiles) {
  const repo = await openRepository({ profile });
  try {
    const keyring = repo.keyring;
    await protectPayload(keyring, resources[0], 4);
    const sealed = [];
    const plainText = [];
    const seal = async (r, i) => (sealed[i] = (await protectPayload(keyring, r, 4)).payload);
    const stringify = async (r, i) => (plainText[i] = (await protectPayload(keyring, r, 1)).payload);
    const rowOf = (r, i, payload, encrypted) => ({ resource_type: r.resourceType, id: r.id, payload, encrypted });
    const protect = { plain: [await pass(stringify)], encrypted: [await pass(seal), await pass(seal)] };
    protect.plain.push(await pass(stringify));
    const reveal = { plain: [await pass((r, i) => revealPayload(keyring, rowOf(r, i, plainText[i], 0)))] };
    reveal.encrypted = [await pass((r, i) => revealPayload(keyring, rowOf(r, i, sealed[i], 1))), await pass((r, i) => revealPayload(keyring, rowOf(r, i, sealed[i], 1)))];
    reveal.plain.push(await pass((r, i) => revealPayload(keyring, rowOf(r, i, plainText[i], 0))));
    const best = (values) => Math.min(...values);
    const run = {
      profile,
      cipher: keyring.profile.aeadAlgorithm,
      records: resources.length,
      meanJsonBytes: bytes / resources.length,
      meanEnvelopeChars: sealed.reduce((sum, s) => sum + s.length, 0) / sealed.length,
      protectUs: { plain: best(protect.plain), encrypted: best(protect.encrypted) },
      revealUs: { plain: best(reveal.plain), encrypted: best(reveal.encrypted) },
    };
    run.protectRatio = run.protectUs.encrypted / run.protectUs.plain;
    run.revealRatio = run.revealUs.encrypted / run.revealUs.plain;
    log(`[${profile}] ${run.cipher}: protect ${fmt(run.protectUs.encrypted, 1)} µs vs ${fmt(run.protectUs.plain, 1)} µs plain (${run.protectRatio.toFixed(2)}×); reveal ${fmt(run.revealUs.encrypted, 1)} µs vs ${fmt(run.revealUs.plain, 1)} µs (${run.revealRatio.toFixed(2)}×)`);
    runs.push(run);
  } finally {
    await repo.drop();
  }
}
await emitResult(flags, { runs });
