import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { AppConfig } from '../app/config.js';
import { openMigratedDatabase, type DatabaseHandle } from '../db/index.js';
import { generateHospitalNdjson } from '../demo/clinical/index.js';
import { loadDemoRecords, type DemoRecordsSummary } from '../demo/index.js';
import { recordCliAction } from './audit.js';
import { ingestForCli } from './ingest-setup.js';

/** Ingests the synthetic records through the normal path (catalog routing, encryption, audit). */
export async function loadDemoRecordsInto(handle: DatabaseHandle, settings: AppConfig, patients = settings.demoPatients): Promise<DemoRecordsSummary> {
  const ingest = await ingestForCli(handle, settings);
  const interactive = process.stderr.isTTY;
  const summary = await loadDemoRecords(ingest, patients, (s) => {
    if (interactive) process.stderr.write(`\r${s.resources} resources, ${s.created} created, ${s.refused} refused`);
  });
  if (interactive) process.stderr.write('\n');
  return summary;
}

export function registerDemoGenerate(demo: Command, config: () => AppConfig): void {
  demo
    .command('generate')
    .description('Generate a synthetic hospital of N patients: into the database, or as NDJSON with --out (for benchmarks and import tests)')
    .requiredOption('--patients <n>', 'number of patients (1–100000)', (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error('--patients must be an integer between 1 and 100000');
      return n;
    })
    .option('--out <file>', 'write NDJSON here instead of loading the database')
    .option('--seed <n>', 'generator seed (same seed, same data)', (value) => Number(value))
    .action(async (options: { patients: number; out?: string; seed?: number }) => {
      if (options.out) {
        const out = createWriteStream(options.out);
        let lines = 0;
        for (const line of generateHospitalNdjson({ patients: options.patients, ...(options.seed !== undefined && { seed: options.seed }) })) {
          if (!out.write(`${line}\n`)) await once(out, 'drain');
          lines++;
        }
        out.end();
        await once(out, 'finish');
        console.log(`Wrote ${lines} resources for ${options.patients} synthetic patients to ${options.out}.`);
        return;
      }
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        const summary = await loadDemoRecordsInto(handle, settings, options.patients);
        await recordCliAction(handle, settings, 'demo generate', { action: 'create', objectType: 'demo_hospital', objectId: null, details: { patients: options.patients, ...summary } });
        console.log(`Loaded ${summary.created} new and ${summary.updated} updated records for ${options.patients} synthetic patients (${summary.refused} refused).`);
      } finally {
        await handle.close();
      }
    });
}
