import type { PresentedRecord } from '../../access/index.js';
// The module itself, not the access index: this file is loaded on the bulk read's worker threads,
// and must find the patient a record was presented for in the same module instance that presented it.
import { auditPatientOf } from '../../access/present.js';
import { securityLabelled } from '../labels.js';

/** What rendering a page needs, as plain data: it may be sent to a worker thread of the bulk read. */
export interface NdjsonSetup {
  /** The grant the export is of: records access opened by any other rule are left out (and counted). */
  grantId: string;
  /** The types exported; records of other types are left out (and counted). */
  types: string[];
}

export interface NdjsonPage {
  /** NDJSON lines by resource type, in scan order within each type. */
  byType: Record<string, { text: string; count: number }>;
  /** Records rendered. */
  records: number;
  /** The distinct real patients of the records rendered, for the audit entry only. */
  patients: string[];
  /** Records left out because another of the reader's grants opened them first, by that basis. */
  otherBasis: Record<string, number>;
  /** Records left out because their type was not asked for. */
  otherType: number;
}

/**
 * Renders presented pages as the export's NDJSON, grouped by type, on whichever thread presented
 * them, so the thread running the export only seals and writes. Pure given its setup.
 */
export function createPageTransform(setup: NdjsonSetup): (records: Iterable<PresentedRecord>) => NdjsonPage {
  const wanted = new Set(setup.types);
  const basis = `grant:${setup.grantId}`;
  return (records) => {
    const page: NdjsonPage = { byType: {}, records: 0, patients: [], otherBasis: {}, otherType: 0 };
    const patients = new Set<string>();
    for (const record of records) {
      if (record.basis !== basis) {
        page.otherBasis[record.basis] = (page.otherBasis[record.basis] ?? 0) + 1;
        continue;
      }
      const type = record.resource.resourceType;
      if (!wanted.has(type)) {
        page.otherType += 1;
        continue;
      }
      const lines = (page.byType[type] ??= { text: '', count: 0 });
      lines.text += `${JSON.stringify(securityLabelled(record))}\n`;
      lines.count += 1;
      page.records += 1;
      const patient = auditPatientOf(record);
      if (patient) patients.add(patient);
    }
    page.patients = [...patients];
    return page;
  };
}

/** The transform handed to `AccessService.scanTransformed`. */
export function ndjsonTransform(setup: NdjsonSetup) {
  return { module: new URL('./ndjson-transform.js', import.meta.url), setup, create: createPageTransform };
}
