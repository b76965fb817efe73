import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { detectSignatureAlgorithm, signatureScheme } from '../crypto/index.js';
import type { Checkpoint } from './checkpoint.js';
import type { AuditEntry } from './entry.js';
import { nodeCryptoHash } from './merkle/index.js';
import type { AuditService } from './service.js';
import { entryLeaves, verifyLog, type VerificationResult } from './verify-log.js';

export const EXPORT_FORMAT = 'yixiang-audit-export/v1';

interface Header {
  format: typeof EXPORT_FORMAT;
  hashAlgorithm: string;
  /** The file holds entries [fromSeq, treeSize). */
  treeSize: number;
  fromSeq: number;
  /** Hex hashes of the complete subtrees covering [0, fromSeq), largest first; checked against the signed checkpoint at fromSeq. */
  edge: string[];
  exportedAt: string;
}

export interface ExportRange {
  fromSeq: number;
  toSeq: number;
  /** Complete-subtree hashes covering [0, fromSeq), largest first. */
  edge: Buffer[];
}

/**
 * Writes the whole log for an outside verifier: a header line, every entry, every checkpoint and
 * the public signing keys, one JSON object per line. The keys are a convenience; a careful
 * verifier trusts only keys it obtained separately (`--public-key`).
 */
export async function writeExportFile(
  file: string,
  audit: AuditService,
  range: ExportRange,
  meta: { publicKeys: { id: string; algorithm: string; publicKey: string }[]; hashAlgorithm: string; exportedAt: string },
): Promise<{ entries: number; checkpoints: number }> {
  const checkpoints = (await audit.allCheckpoints()).filter((c) => c.treeSize >= range.fromSeq && c.treeSize <= range.toSeq);
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  const header: Header = {
    format: EXPORT_FORMAT,
    hashAlgorithm: meta.hashAlgorithm,
    treeSize: range.toSeq,
    fromSeq: range.fromSeq,
    edge: range.edge.map((hash) => hash.toString('hex')),
    exportedAt: meta.exportedAt,
  };
  await write(header);
  // Checkpoints and keys first, so a verifier can stream the entries after them in constant memory.
  for (const checkpoint of checkpoints) await write({ type: 'checkpoint', ...checkpoint });
  for (const key of meta.publicKeys) await write({ type: 'public-key', ...key });
  let entries = 0;
  for await (const entry of audit.entries(range.fromSeq, range.toSeq)) {
    await write({ type: 'entry', ...entry });
    entries++;
  }
  out.end();
  await once(out, 'finish');
  return { entries, checkpoints: checkpoints.length };
}

export class ExportFileError extends Error {}

interface ParsedLine {
  type: string;
  value: Record<string, unknown>;
}

async function* parseLines(file: string): AsyncGenerator<ParsedLine> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ExportFileError(`${file}:${lineNumber}: not JSON`);
    }
    if (lineNumber === 1 && value.format !== EXPORT_FORMAT) throw new ExportFileError(`${file}: not a ${EXPORT_FORMAT} file`);
    const { type, ...rest } = value;
    yield { type: lineNumber === 1 ? 'header' : String(type), value: lineNumber === 1 ? value : rest };
  }
}

/** Reads the header and checkpoints, then hands back the rest of the file as a stream of entries. */
async function openExport(file: string): Promise<{ header: Header; checkpoints: Checkpoint[]; entries: AsyncGenerator<AuditEntry> }> {
  const lines = parseLines(file);
  let header: Header | null = null;
  const checkpoints: Checkpoint[] = [];
  let firstEntry: AuditEntry | null = null;
  for (;;) {
    const next = await lines.next();
    if (next.done) break;
    if (next.value.type === 'header') header = next.value.value as unknown as Header;
    else if (next.value.type === 'checkpoint') checkpoints.push(next.value.value as unknown as Checkpoint);
    else if (next.value.type === 'entry') {
      firstEntry = next.value.value as unknown as AuditEntry;
      break;
    }
  }
  if (!header) throw new ExportFileError(`${file}: empty file`);
  async function* entries(): AsyncGenerator<AuditEntry> {
    if (firstEntry) yield firstEntry;
    for await (const line of lines) if (line.type === 'entry') yield line.value as unknown as AuditEntry;
  }
  return { header, checkpoints, entries: entries() };
}

/** Verifies an export with no database, trusting only the given public keys (PEM). */
export async function verifyExportFile(file: string, trustedKeys: string[]): Promise<VerificationResult> {
  const { header, entries, checkpoints } = await openExport(file);
  const hash = nodeCryptoHash(header.hashAlgorithm === 'SM3' ? 'sm3' : 'sha256');
  return verifyLog({
    hash,
    entries: entryLeaves(entries),
    checkpoints,
    claimedSize: header.treeSize,
    ...(header.fromSeq > 0 && {
      resume: { size: header.fromSeq, edge: header.edge.map((hex) => Buffer.from(hex, 'hex')), checkArchivedCheckpoint: async () => null },
    }),
    async verifySignature(checkpoint, text) {
      const signature = Buffer.from(checkpoint.signature, 'base64');
      return trustedKeys.some((pem) => {
        try {
          return signatureScheme(detectSignatureAlgorithm(pem)).verify(pem, Buffer.from(text), signature);
        } catch {
          return false;
        }
      });
    },
  });
}
