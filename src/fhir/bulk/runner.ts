import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AccessContext, AccessService, ParallelScanOptions } from '../../access/index.js';
import { newId } from '../../lib/ids.js';
import { ndjsonTransform } from './ndjson-transform.js';
import { DEFAULT_CHUNK_SIZE, SealedFileWriter, type SealedFileKey } from './sealed-file.js';
import type { BulkExportFileRow } from './tables.js';

/** What one run of an export needs; everything about who and why is decided before it starts. */
export interface ExportRun {
  access: Pick<AccessService, 'scanTransformed'>;
  /** The partner institution, the grant's purpose, the external channel. */
  context: AccessContext;
  grantId: string;
  catalogCode: string;
  /** The types to export, and every type the group opens (one scan covers them all when they agree). */
  types: readonly string[];
  groupTypes: readonly string[];
  /** `_since`: only resources stored or changed after it. */
  since: string | null;
  /** Lines for the error file that the kick-off already knows (parameters skipped, types the group does not open). */
  notes: readonly string[];
  directory: string;
  /** A new key for one file: its sealing and the keyring's envelope of it for the row. */
  fileKey(fileId: string): Promise<{ sealing: SealedFileKey; sealedKey: string }>;
  pageSize: number;
  scanOptions?: ParallelScanOptions;
  signal: AbortSignal;
  now: () => string;
  progress(records: number): void;
}

export interface ExportResult {
  files: BulkExportFileRow[];
  records: number;
  counts: Record<string, number>;
  /** Real patients of the records written, for the audit entry only. */
  patients: Set<string>;
  /** Records access opened by another of the institution's grants first, by basis: left out. */
  otherBasis: Record<string, number>;
}

interface OpenFile {
  row: Omit<BulkExportFileRow, 'bytes' | 'plain_bytes'>;
  writer: SealedFileWriter;
}

/** The scans an export runs: one over the catalog resource when every type it opens is wanted, else one per type. */
export function scansFor(types: readonly string[], groupTypes: readonly string[], since: string | null): { resourceType?: string; updatedSince?: string }[] {
  // `_since` is exclusive ("changed after"), the repository's filter inclusive: one millisecond later.
  const updated = since ? { updatedSince: new Date(Date.parse(since) + 1).toISOString() } : {};
  const all = groupTypes.length === types.length && groupTypes.every((type) => types.includes(type));
  return all ? [updated] : types.map((resourceType) => ({ resourceType, ...updated }));
}

/** The error file's lines: informational OperationOutcomes about what the export left out. */
export function noteLine(text: string): string {
  return `${JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: text }] })}\n`;
}

export function otherBasisNote(basis: string, count: number): string {
  const other = basis.startsWith('grant:') ? `Group/${basis.slice('grant:'.length)}` : basis;
  return `${count} resource(s) of this catalog resource are opened to you first by another of your grants (${other}) and were left out here; export that Group to receive them`;
}

/**
 * Reads what the grant opens through access (the bulk read, on worker threads where the build has
 * them) and writes one sealed NDJSON file per type, plus an error file of notes when there are any.
 * Files appear as each type's first record arrives; on any failure or abort every file is removed.
 */
export async function writeExport(run: ExportRun): Promise<ExportResult> {
  await mkdir(run.directory, { recursive: true, mode: 0o700 });
  const open = new Map<string, OpenFile>();
  const result: ExportResult = { files: [], records: 0, counts: {}, patients: new Set(), otherBasis: {} };
  const openFile = async (kind: BulkExportFileRow['kind'], resourceType: string): Promise<OpenFile> => {
    const id = newId();
    const { sealing, sealedKey } = await run.fileKey(id);
    const fileName = `${id}.ndjson.sealed`;
    const writer = await SealedFileWriter.create(path.join(run.directory, fileName), sealing, DEFAULT_CHUNK_SIZE);
    const file: OpenFile = { writer, row: { id, export_id: '', kind, resource_type: resourceType, count: 0, file_name: fileName, cipher: sealing.cipher.name, sealed_key: sealedKey, chunk_size: DEFAULT_CHUNK_SIZE, created_at: run.now() } };
    open.set(`${kind} ${resourceType}`, file);
    return file;
  };
  try {
    const transform = ndjsonTransform({ grantId: run.grantId, types: [...run.types] });
    for (const query of run.types.length ? scansFor(run.types, run.groupTypes, run.since) : []) {
      for await (const page of run.access.scanTransformed(run.context, { catalogCodes: [run.catalogCode], query }, run.pageSize, transform, run.scanOptions)) {
        run.signal.throwIfAborted();
        for (const [type, lines] of Object.entries(page.byType)) {
          const file = open.get(`output ${type}`) ?? (await openFile('output', type));
          await file.writer.write(lines.text);
          file.row.count += lines.count;
        }
        result.records += page.records;
        for (const patient of page.patients) result.patients.add(patient);
        for (const [basis, count] of Object.entries(page.otherBasis)) result.otherBasis[basis] = (result.otherBasis[basis] ?? 0) + count;
        run.progress(result.records);
      }
    }
    run.signal.throwIfAborted();
    const notes = [...run.notes, ...Object.entries(result.otherBasis).map(([basis, count]) => otherBasisNote(basis, count))];
    if (notes.length > 0) {
      const file = await openFile('error', 'OperationOutcome');
      await file.writer.write(notes.map(noteLine).join(''));
      file.row.count = notes.length;
    }
    for (const file of open.values()) {
      const written = await file.writer.finish();
      result.files.push({ ...file.row, bytes: written.bytes, plain_bytes: written.plainBytes });
      if (file.row.kind === 'output') result.counts[file.row.resource_type] = file.row.count;
    }
    return result;
  } catch (error) {
    await Promise.all([...open.values()].map((file) => file.writer.abort()));
    throw error;
  }
}
