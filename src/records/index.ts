export { RecordIngest, type IngestMode, type IngestResult, type EntryOutcome, type RecordIndexer } from './ingest.js';
export { revealPayload, RECORDS_KEY_PURPOSE, ENCRYPT_FROM_LEVEL } from './protect.js';
export { factsOf, type FhirResource, MRN_SYSTEM, ID_CARD_SYSTEM, DEPARTMENT_EXTENSION } from './fhir-facts.js';
export { routeToCatalog } from './routing.js';
export type { RecordTables, RecordRow } from './tables.js';
export { importNdjson, importResources, type ImportSummary, type ImportProgress } from './ndjson-import.js';
export { rewrapRecords, type RewrapProgress } from './rewrap.js';
export { resourcesFromCsv, parseColumnMap, CSV_KINDS, DEFAULT_COLUMNS, type CsvKind } from './csv-import.js';
export { CsvError } from './csv.js';
