import { locate, valueAt, type CompiledPath } from '../../access/projection.js';
import type { FhirResource } from '../../records/index.js';
import { CSV_BOM, csvLine, flattenValue } from './csv.js';
import type { DataFormat } from './manifest.js';
import type { ReleasePlan } from './plan.js';

export const MEDIA_TYPES: Record<DataFormat, string> = { ndjson: 'application/fhir+ndjson', csv: 'text/csv; charset=utf-8' };

/** Renders released resources in the package's data format. */
export interface RecordSink {
  header(): string;
  line(released: FhirResource): string;
}

/** NDJSON: one released resource per line. CSV: a header row, then one row per record, released fields as columns. */
export function sinkFor(format: DataFormat, plan: ReleasePlan): RecordSink {
  if (format === 'ndjson') return { header: () => '', line: (released) => `${JSON.stringify(released)}\n` };
  return {
    header: () => CSV_BOM + csvLine(['resourceType', 'id', ...plan.columns.map((column) => column.field.name)]),
    line: (released) => csvLine([released.resourceType, String(released.id ?? ''), ...plan.columns.map((column) => columnValue(released, column.path))]),
  };
}

/** A released field as one cell: every value the field's path reaches, flattened, `; `-joined. */
export function columnValue(resource: FhirResource, path: CompiledPath): string {
  return locate(resource, path)
    .map((location) => flattenValue(valueAt(resource, location)))
    .filter((text) => text !== '')
    .join('; ');
}
