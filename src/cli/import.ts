import type { Command } from 'commander';
import type { AppConfig } from '../app/config.js';
import { openMigratedDatabase } from '../db/index.js';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { CSV_KINDS, importNdjson, type ImportWorkerSettings, importResources, parseColumnMap, resourcesFromCsv, type CsvKind, type ImportProgress } from '../records/index.js';
import { recordCliAction } from './audit.js';
import { ingestForCli } from './ingest-setup.js';

function progressLine(progress: ImportProgress): string {
  const share = progress.totalBytes ? progress.bytesRead / progress.totalBytes : 1;
  const width = 30;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}%  ${progress.lines} lines, ${progress.created} created, ${progress.updated} updated, ${progress.refused} refused`;
}

/**
 * A bulk import allocates far more than it keeps — every chunk is parsed, prepared, written and
 * dropped — and V8 lets a heap grow to about four times what survives a collection before it
 * collects again. Growing by half instead keeps both threads' heaps near their live size, which is
 * what holds a gigabyte-sized import to a few hundred megabytes of memory, for a little more
 * marking work. V8 reads the flag at every collection, so setting it here takes effect for the
 * rest of this process, which exists only to run the import.
 */
export function boundImportHeap(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** A second core prepares (parses, validates, encrypts) while this one writes; it opens the same database and keys. */
export function importWorkerSettings(settings: AppConfig): ImportWorkerSettings {
  return { database: { databaseUrl: settings.databaseUrl, dataDir: settings.dataDir }, masterKey: settings.masterKey, cryptoProfile: settings.cryptoProfile };
}

export function registerImportCommand(program: Command, config: () => AppConfig): void {
  program
    .command('import')
    .description('Import FHIR R4 resources from an NDJSON file (one resource per line, patients before their records); re-importing updates, never duplicates')
    .argument('<file>', 'NDJSON file, or a CSV file with --csv')
    .option('--csv <kind>', `import a CSV export instead: ${CSV_KINDS.join(' or ')} (default columns: 工号,姓名,科室编码… / 资产编号,设备名称,科室编码…)`)
    .option('--map <field=column...>', 'rename a CSV column, e.g. staffId=员工编号')
    .action(async (file: string, options: { csv?: string; map?: string[] }) => {
      if (options.csv !== undefined && !(CSV_KINDS as readonly string[]).includes(options.csv)) throw new Error(`--csv must be one of ${CSV_KINDS.join(', ')}`);
      // A CSV is checked completely (columns, shape) before anything is written.
      const csvResources = options.csv ? resourcesFromCsv(options.csv as CsvKind, readFileSync(file, 'utf8'), parseColumnMap(options.csv as CsvKind, options.map)) : null;
      const settings = config();
      const handle = await openMigratedDatabase(settings);
      try {
        const ingest = await ingestForCli(handle, settings);
        const interactive = process.stderr.isTTY;
        boundImportHeap();
        const summary = csvResources
          ? await importResources(csvResources, ingest)
          : await importNdjson(
              file,
              ingest,
              (progress) => {
                if (interactive) process.stderr.write(`\r${progressLine(progress)}`);
              },
              { ...(availableParallelism() > 1 && { worker: importWorkerSettings(settings) }) },
            );
        if (interactive) process.stderr.write('\n');
        await recordCliAction(handle, settings, 'import', {
          action: 'create',
          objectType: 'fhir_import',
          objectId: null,
          details: { file, lines: summary.lines, created: summary.created, updated: summary.updated, refused: summary.refused },
        });
        const rate = summary.seconds > 0 ? Math.round((summary.created + summary.updated) / summary.seconds) : 0;
        console.log(`Imported ${file}: ${summary.created} created, ${summary.updated} updated, ${summary.refused} refused, in ${summary.seconds.toFixed(1)} s (${rate} resources/s).`);
        for (const problem of summary.problems) console.log(`  line ${problem.line}: ${problem.message}${problem.expression ? ` (${problem.expression})` : ''}`);
        if (summary.refused > summary.problems.length) console.log(`  … and ${summary.refused - summary.problems.length} more refused lines`);
        if (summary.refused > 0) process.exitCode = 3;
      } finally {
        await handle.close();
      }
    });
}
