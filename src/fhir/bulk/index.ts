/**
 * FHIR Bulk Data export for partner institutions (Bulk Data Access STU2, group-level `$export`):
 * a grant to an institution is a Group; its export runs in the background through access and is
 * served as sealed NDJSON files. See docs/adr/0021-bulk-export.md.
 */
export { bulkExportRoutes, BULK_CAPABILITY, STATUS_PATH } from './routes.js';
export { BulkExportService, type ExportView, type KickedOff } from './service.js';
export { BULK_EXPORT_KEY_PURPOSE, type BulkExportDeps } from './export-jobs.js';
export { MAX_ACTIVE_PER_INSTITUTION, RETENTION_MS, STALE_AFTER_MS } from './status.js';
export type { BulkTables } from './tables.js';
