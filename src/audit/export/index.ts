export type { EntryExtras, ExportContext } from './export-context.js';
export { toFhirAuditEvent } from './fhir-audit-event.js';
export { toFhirBundle, type FhirBundleOptions } from './fhir-bundle.js';
export type { FhirAuditEvent, FhirBundle } from './fhir-types.js';
export { toSyslogLine } from './syslog.js';
export { toNdjsonLine } from './ndjson.js';
export { AUDIT_EVENT_CODES } from './audit-event-codes.js';
export { PURPOSE_OF_USE_CODES } from './purpose-of-use.js';
