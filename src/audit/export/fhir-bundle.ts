import type { AuditEntry } from '../entry.js';
import type { ExportContext } from './export-context.js';
import { toFhirAuditEvent } from './fhir-audit-event.js';
import type { FhirBundle } from './fhir-types.js';

export interface FhirBundleOptions {
  /**
   * 'collection' (default) for a file export; 'searchset' when answering an AuditEvent search,
   * which adds the total and marks every entry as a match.
   */
  type?: 'collection' | 'searchset';
  /** Leaf hashes by seq, carried into each event so the bundle can be checked against proofs. */
  leafHashes?: ReadonlyMap<number, string>;
  /** When the bundle was assembled; passed in because presenters do not read the clock. */
  timestamp?: string;
}

/** Many entries as one Bundle of AuditEvents, in the order given (callers pass seq order). */
export function toFhirBundle(entries: readonly AuditEntry[], context: ExportContext, options: FhirBundleOptions = {}): FhirBundle {
  const type = options.type ?? 'collection';
  const base = context.fhirBaseUrl?.replace(/\/+$/, '');
  return {
    resourceType: 'Bundle',
    type,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(type === 'searchset' ? { total: entries.length } : {}),
    entry: entries.map((entry) => {
      const leafHash = options.leafHashes?.get(entry.seq);
      const resource = toFhirAuditEvent(entry, context, leafHash === undefined ? {} : { leafHash });
      return {
        // Without a server base there is no resolvable URL; fullUrl is optional in a collection.
        ...(base ? { fullUrl: `${base}/AuditEvent/${resource.id}` } : {}),
        resource,
        ...(type === 'searchset' ? { search: { mode: 'match' as const } } : {}),
      };
    }),
  };
}
