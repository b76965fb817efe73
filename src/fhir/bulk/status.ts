import type { BulkExportFileRow, BulkExportRow } from './tables.js';

/** How often the process running an export touches its row. */
export const HEARTBEAT_MS = 5_000;
/** A queued or running export untouched for this long lost the process running it (a restart, a crash). */
export const STALE_AFTER_MS = 60_000;
/** How long a finished export answers (and its files are kept): a day, and never past the grant's end. */
export const RETENTION_MS = 24 * 3_600_000;
/** Exports one institution may have queued or running at once. */
export const MAX_ACTIVE_PER_INSTITUTION = 2;

export type ExportState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export const INTERRUPTED = 'the server running the export stopped (restart or crash) before it finished; start a new export';

/**
 * An export's state as of `now`, from its row alone: a finished export past its expiry is expired
 * before the sweep deletes its files, and a queued or running one whose process stopped touching it
 * is failed before the sweep (or the next start-up) records that.
 */
export function exportState(row: Pick<BulkExportRow, 'status' | 'expires_at' | 'heartbeat_at' | 'created_at'>, now: Date): ExportState {
  if (row.status === 'cancelled') return 'cancelled';
  if (row.status === 'queued' || row.status === 'running') return isStale(row, now) ? 'failed' : row.status;
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return 'expired';
  return row.status;
}

export function isStale(row: Pick<BulkExportRow, 'heartbeat_at' | 'created_at'>, now: Date): boolean {
  return Date.parse(row.heartbeat_at ?? row.created_at) <= now.getTime() - STALE_AFTER_MS;
}

/** The failure to report: the recorded one, or the interruption the row's silence shows. */
export function failureOf(row: Pick<BulkExportRow, 'status' | 'error'>): string {
  return row.status === 'failed' && row.error ? row.error : INTERRUPTED;
}

/** When a finished export stops answering: `RETENTION_MS` after it ended, or when its grant ends if sooner. */
export function expiryOf(endedAt: Date, grantValidTo: string): string {
  return new Date(Math.min(endedAt.getTime() + RETENTION_MS, Date.parse(grantValidTo))).toISOString();
}

/** The `X-Progress` of a status answer while the export is under way. */
export function progressText(state: 'queued' | 'running', progress: number): string {
  return state === 'queued' ? 'queued' : `running: ${progress} resources written`;
}

export interface ManifestEntry {
  type: string;
  url: string;
  count: number;
}

export interface BulkManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: true;
  output: ManifestEntry[];
  error: ManifestEntry[];
}

/** The completion manifest (Bulk Data "Complete Status" body); `fileUrl` gives each file's download URL. */
export function manifestOf(row: Pick<BulkExportRow, 'started_at' | 'created_at' | 'request_url'>, files: readonly Pick<BulkExportFileRow, 'id' | 'kind' | 'resource_type' | 'count'>[], fileUrl: (fileId: string) => string): BulkManifest {
  const entry = (file: (typeof files)[number]): ManifestEntry => ({ type: file.resource_type, url: fileUrl(file.id), count: Number(file.count) });
  return {
    transactionTime: row.started_at ?? row.created_at,
    request: row.request_url,
    requiresAccessToken: true,
    output: files.filter((file) => file.kind === 'output').map(entry),
    error: files.filter((file) => file.kind === 'error').map(entry),
  };
}
