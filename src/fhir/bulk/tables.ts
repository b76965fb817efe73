/** Row shapes of migration 0021-bulk-exports (FHIR Bulk Data export for partner institutions). */

export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface BulkExportRow {
  id: string;
  institution_id: string;
  api_client_id: string;
  /** The grant behind the Group (the Group's id). */
  grant_id: string;
  status: ExportStatus;
  /**
   * 1..max while queued or running, null after: a unique index on (institution_id, active_slot)
   * makes the per-institution limit on concurrent exports exact on both databases.
   */
  active_slot: number | null;
  /** The kick-off URL as the client sent it (the manifest's `request`). */
  request_url: string;
  /** JSON array of the resource types exported. */
  types: string;
  /** `_since`, ISO-8601 UTC, or null. */
  since: string | null;
  purpose: string;
  created_at: string;
  /** When the scan started: the manifest's `transactionTime`. */
  started_at: string | null;
  /** When the job ended, whatever the outcome. */
  completed_at: string | null;
  /** Completed and failed jobs answer until then; null while queued or running. */
  expires_at: string | null;
  /** Touched every few seconds by the process running the job; a stale one means that process is gone. */
  heartbeat_at: string | null;
  /** Resources written so far (the status's X-Progress). */
  progress: number;
  error: string | null;
  /** When the job's files were removed from the data directory (expiry, cancellation, a failure). */
  files_deleted_at: string | null;
}

export interface BulkExportFileRow {
  id: string;
  export_id: string;
  /** `output` (resources) or `error` (OperationOutcome lines about what was left out). */
  kind: 'output' | 'error';
  resource_type: string;
  count: number;
  /** Under `<dataDir>/bulk-exports/<export id>/`. */
  file_name: string;
  /** Size of the sealed file and of the NDJSON inside it. */
  bytes: number;
  plain_bytes: number;
  /** The AEAD that sealed the chunks (the crypto profile's at the time), by name. */
  cipher: string;
  /** The file's own key, sealed by the keyring (envelope encryption), base64. */
  sealed_key: string;
  chunk_size: number;
  created_at: string;
}

export interface BulkTables {
  bulk_exports: BulkExportRow;
  bulk_export_files: BulkExportFileRow;
}
