// The export benchmarks' data: the demo hospital's organisation and catalog, plus enough synthetic
// patients' laboratory reports (and what they reference) to reach exactly `records` records in
// CLIN_LAB_REPORT. bench/export.mjs and bench/bulk-export.mjs share it, so either can reuse the
// other's kept data directory.
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { importServer } from './build.mjs';
import { fmt } from './common.mjs';

const { generateHospitalData } = await importServer('demo/clinical/index.js');

const LAB_DEPENDENCIES = new Set(['Patient', 'Practitioner', 'PractitionerRole', 'Device', 'Encounter']);
const codesOf = (resource) => (resource.category ?? []).flatMap((c) => (c.coding ?? []).map((coding) => coding.code));

function isLabOrDependency(resource) {
  if (LAB_DEPENDENCIES.has(resource.resourceType)) return true;
  if (resource.resourceType === 'Observation') return codesOf(resource).includes('laboratory');
  if (resource.resourceType === 'DiagnosticReport') return !codesOf(resource).includes('RAD');
  return false;
}

export async function labCount(db) {
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).where('catalog_code', '=', 'CLIN_LAB_REPORT').executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ingests the laboratory data unless the database already holds `records` of it; returns what was ingested. */
export async function prepareLabRecords(platform, records, log) {
  const db = platform.database.db;
  if ((await labCount(db)) >= records) return { ingested: 0, refused: 0, ms: 0 };
  // ≈ 8.4 laboratory records per synthetic patient; a margin, then trim to the exact count.
  const patients = Math.ceil(records / 7.6);
  log(`Preparing ${fmt(patients)} synthetic patients' laboratory data…`);
  const started = process.hrtime.bigint();
  let chunk = [];
  let ingested = 0;
  let refused = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const result = await platform.ingest.ingest(chunk, 'batch');
    ingested += result.created + result.updated;
    refused += result.outcomes.filter((o) => o.issue).length;
    chunk = [];
  };
  for (const resource of generateHospitalData({ patients })) {
    if (!isLabOrDependency(resource)) continue;
    chunk.push({ resource });
    if (chunk.length >= 1000) await flush();
  }
  await flush();
  const count = await labCount(db);
  if (count < records) throw new Error(`only ${count} laboratory records from ${patients} patients; raise the patient estimate`);
  // Trim the surplus so the export is exactly `records` rows (a fixture step, not product code).
  const surplus = await db.selectFrom('records').select('id').where('catalog_code', '=', 'CLIN_LAB_REPORT').orderBy('id', 'desc').limit(count - records).execute();
  for (let i = 0; i < surplus.length; i += 500) {
    await db.deleteFrom('records').where('id', 'in', surplus.slice(i, i + 500).map((r) => r.id)).execute();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  log(`  ${fmt(ingested)} resources ingested (${refused} refused) in ${(ms / 1000).toFixed(0)} s; ${fmt(await labCount(db))} laboratory records`);
  return { ingested, refused, ms };
}

/**
 * Both export benchmarks' baseline: the same scan through access, each resource as one JSON line,
 * one write per page, fsync at the end.
 */
export async function plainNdjsonExport(access, context, target, file, pageSize) {
  const handle = await open(file, 'wx', 0o600);
  let records = 0;
  const started = process.hrtime.bigint();
  for await (const items of access.scan(context, target, pageSize)) {
    let text = '';
    for (const item of items) text += `${JSON.stringify(item.resource)}\n`;
    await handle.write(text);
    records += items.length;
  }
  await handle.sync();
  await handle.close();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { records, ms, bytes: statSync(file).size };
}
