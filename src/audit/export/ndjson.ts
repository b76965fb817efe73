import { canonicalJson, type AuditEntry } from '../entry.js';
import type { EntryExtras } from './export-context.js';

/**
 * One entry as one NDJSON line: the entry's own fields, keys sorted at every depth (the same
 * canonical JSON the log hashes its details with), plus `leafHash` when known. Two exports of the
 * same entry are byte-identical, so exports can be diffed and hashed. No trailing newline: the
 * writer joins lines with "\n". JSON escapes every control character, so the text never spans lines.
 */
export function toNdjsonLine(entry: AuditEntry, extra: EntryExtras = {}): string {
  return canonicalJson(extra.leafHash === undefined ? entry : { ...entry, leafHash: extra.leafHash });
}
