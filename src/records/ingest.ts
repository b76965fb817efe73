import type { Kysely } from 'kysely';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { SUPPORTED_FHIR_TYPES } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { planEntries, referencesIn, type IngestIssue, type PlannedRecord } from './ingest-plan.js';
import { patientLookupValues, protectPayload, storedCode } from './protect.js';
import { findByIds, findBySourceKeys, insertRecords, replacePatientIdentifiers, updateRecord } from './store.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';

export type IngestMode = 'transaction' | 'batch';

export interface EntryOutcome {
  entry: number;
  status: 201 | 200 | 400 | 404 | 409 | 422;
  location?: string;
  issue?: IngestIssue;
}

export interface IngestResult {
  outcomes: EntryOutcome[];
  created: number;
  updated: number;
  /** Set when a transaction was refused as a whole; nothing was written. */
  rejected: IngestIssue[] | null;
  patientIds: string[];
}

const STATUS_BY_CODE: Record<IngestIssue['code'], EntryOutcome['status']> = { structure: 400, required: 400, invalid: 400, 'not-supported': 422, 'not-found': 404, conflict: 409 };
const STORED_TYPES = new Set<string>(SUPPORTED_FHIR_TYPES);
const REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

interface Assigned extends PlannedRecord {
  id: string;
  sourceKey: string;
  existing?: { version_id: number; created_at: string };
}

/**
 * Writes FHIR resources into the repository: validated, routed to their catalog resource, given a
 * stable id (re-sending the same business identifier updates the same record), references resolved
 * and rewritten, payloads encrypted by level, patient identifiers stored only as blind indexes.
 * A transaction writes everything or nothing; a batch writes the entries that are valid.
 */
export class RecordIngest {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly catalog: () => Promise<CatalogResourceDefinition[]>,
    private readonly clock: Clock,
  ) {}

  async ingest(entries: { fullUrl?: unknown; resource?: unknown }[], mode: IngestMode): Promise<IngestResult> {
    const { planned, issues } = planEntries(entries, await this.catalog());
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const assigned = await this.assignIds(planned, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const valid = await this.resolveReferences(assigned, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);

    const now = this.clock().toISOString();
    const rows: { row: RecordRow; isNew: boolean }[] = [];
    const identifiers: PatientIdentifierRow[] = [];
    for (const record of valid) {
      rows.push({ row: await this.rowFor(record, now), isNew: !record.existing });
      if (record.resource.resourceType === 'Patient') identifiers.push(...(await this.identifierRows(record)));
    }
    await this.db.transaction().execute(async (trx) => {
      await insertRecords(trx, rows.filter((r) => r.isNew).map((r) => r.row));
      for (const { row } of rows.filter((r) => !r.isNew)) await updateRecord(trx, row);
      const patients = valid.filter((r) => r.resource.resourceType === 'Patient').map((r) => r.id);
      if (patients.length > 0) await replacePatientIdentifiers(trx, patients, identifiers);
    });

    const outcomes: EntryOutcome[] = [
      ...rows.map(({ row, isNew }, i) => ({ entry: valid[i]!.entry, status: (isNew ? 201 : 200) as 201 | 200, location: `${row.resource_type}/${row.id}/_history/${row.version_id}` })),
      ...issues.map((issue) => ({ entry: issue.entry, status: STATUS_BY_CODE[issue.code], issue })),
    ].sort((a, b) => a.entry - b.entry);
    return {
      outcomes,
      created: rows.filter((r) => r.isNew).length,
      updated: rows.filter((r) => !r.isNew).length,
      rejected: null,
      patientIds: [...new Set(rows.map((r) => r.row.patient_id).filter((p): p is string => p !== null))],
    };
  }

  private async assignIds(planned: PlannedRecord[], issues: IngestIssue[]): Promise<Assigned[]> {
    const keyed = await Promise.all(
      planned.map(async (record) => {
        const { system, value } = record.facts.businessIdentifier!;
        return { ...record, sourceKey: await this.keyring.blindIndex('source-identifier', `${record.resource.resourceType}|${system}|${value}`) };
      }),
    );
    const existing = await findBySourceKeys(this.db, keyed.map((r) => ({ resourceType: r.resource.resourceType, sourceKey: r.sourceKey })));
    const owners = await findByIds(this.db, keyed.filter((r) => r.resource.id).map((r) => ({ resourceType: r.resource.resourceType, id: r.resource.id! })));
    const seen = new Set<string>();
    const assigned: Assigned[] = [];
    for (const record of keyed) {
      const type = record.resource.resourceType;
      const key = `${type}|${record.sourceKey}`;
      if (seen.has(key)) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.identifier`, message: 'the same business identifier appears twice in this bundle' });
        continue;
      }
      seen.add(key);
      const match = existing.get(key);
      const requestedOwner = record.resource.id ? owners.get(`${type}/${record.resource.id}`) : undefined;
      if (!match && requestedOwner !== undefined && requestedOwner !== record.sourceKey) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.id`, message: `${type}/${record.resource.id} already exists with a different business identifier` });
        continue;
      }
      const id = match?.id ?? record.resource.id ?? newId();
      assigned.push({ ...record, id, ...(match && { existing: { version_id: match.version_id, created_at: match.created_at } }) });
    }
    return assigned;
  }

  /** Rewrites references to the ids assigned here and checks that stored-type references exist. */
  private async resolveReferences(records: Assigned[], issues: IngestIssue[]): Promise<Assigned[]> {
    const bySender = new Map<string, string>();
    for (const record of records) for (const ref of record.senderRefs) bySender.set(ref, `${record.resource.resourceType}/${record.id}`);
    // Clone and walk each resource once; the same reference list serves the lookup and the rewrite.
    const walked = records.map((record) => {
      const resource = structuredClone(record.resource);
      resource.id = record.id;
      return { record, resource, refs: referencesIn(resource, 'resource') };
    });
    const lookups = walked.flatMap(({ refs }) => refs.filter((r) => !bySender.has(r.reference)).flatMap((r) => storedTarget(r.reference) ?? []));
    const stored = await findByIds(this.db, lookups);
    const valid: Assigned[] = [];
    for (const { record, resource, refs } of walked) {
      let problem: IngestIssue | null = null;
      for (const ref of refs) {
        const rewritten = bySender.get(ref.reference);
        if (rewritten) ref.holder.reference = rewritten;
        else if (ref.reference.startsWith('urn:uuid:') || (storedTarget(ref.reference) && !stored.has(ref.reference))) {
          problem ??= { entry: record.entry, code: 'not-found', expression: `Bundle.entry[${record.entry}].${ref.path}`, message: `reference ${ref.reference} does not resolve to a resource in this bundle or the repository` };
        }
      }
      if (problem) {
        issues.push(problem);
        continue;
      }
      // An entry that failed its own checks never entered bySender, so references to it fail above.
      const patientRef = record.facts.patientRef ? (bySender.get(record.facts.patientRef) ?? record.facts.patientRef) : null;
      const encounterRef = record.facts.encounterRef ? (bySender.get(record.facts.encounterRef) ?? record.facts.encounterRef) : null;
      valid.push({ ...record, resource, facts: { ...record.facts, patientRef, encounterRef } });
    }
    return valid;
  }

  private async rowFor(record: Assigned, now: string): Promise<RecordRow> {
    const level = record.catalog.defaultLevel;
    const type = record.resource.resourceType;
    const version = (record.existing?.version_id ?? 0) + 1;
    const resource = { ...record.resource, meta: { ...(record.resource.meta as object), versionId: String(version), lastUpdated: now } };
    const { payload, encrypted } = await protectPayload(this.keyring, resource, level);
    return {
      id: record.id,
      resource_type: type,
      catalog_code: record.catalog.code,
      patient_id: type === 'Patient' ? record.id : idOf(record.facts.patientRef, 'Patient'),
      department_code: record.facts.departmentCode,
      encounter_id: idOf(record.facts.encounterRef, 'Encounter'),
      effective_at: record.facts.effectiveAt,
      code: await storedCode(this.keyring, record.facts.code, level),
      category: record.facts.categories[0]?.code ?? null,
      status: record.facts.status,
      level,
      source_key: record.sourceKey,
      payload,
      encrypted,
      version_id: version,
      last_updated: now,
      created_at: record.existing?.created_at ?? now,
    };
  }

  private async identifierRows(record: Assigned): Promise<PatientIdentifierRow[]> {
    const values = patientLookupValues(record.resource);
    const rows = await Promise.all(values.map(async ({ kind, value }) => ({ patient_id: record.id, kind, blind_index: await this.keyring.blindIndex(`patient-${kind}`, value) })));
    return [...new Map(rows.map((row) => [`${row.kind}|${row.blind_index}`, row])).values()];
  }
}

/** `Type/id` of a type this repository stores, or null (external, contained or other references). */
function storedTarget(reference: string): { resourceType: string; id: string } | null {
  const match = REFERENCE.exec(reference);
  return match && STORED_TYPES.has(match[1]!) ? { resourceType: match[1]!, id: match[2]! } : null;
}

function idOf(reference: string | null, type: string): string | null {
  const match = reference ? REFERENCE.exec(reference) : null;
  return match && match[1] === type ? match[2]! : null;
}

function rejected(issues: IngestIssue[]): IngestResult {
  return { outcomes: issues.map((issue) => ({ entry: issue.entry, status: STATUS_BY_CODE[issue.code], issue })), created: 0, updated: 0, rejected: issues, patientIds: [] };
}
