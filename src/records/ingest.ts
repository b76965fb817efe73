import type { Kysely, Transaction } from 'kysely';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { SUPPORTED_FHIR_TYPES } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { planEntries, referencesIn, type IngestIssue, type PlannedRecord } from './ingest-plan.js';
import { patientLookupValues, protectPayload, storedCode } from './protect.js';
import { findByIds, findBySourceKeys, insertRecords, replacePatientIdentifiers, updateRecords } from './store.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';
import type { FhirResource } from './fhir-facts.js';

export type IngestMode = 'transaction' | 'batch';

/** Called inside the ingest transaction with the stored resources (final ids, references rewritten). */
export type RecordIndexer = (trx: Transaction<Database>, resources: readonly FhirResource[]) => Promise<void>;

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
    /** Facts other modules derive from ingested resources (e.g. care teams), written in the same transaction. */
    private readonly indexers: readonly RecordIndexer[] = [],
  ) {}

  async ingest(entries: { fullUrl?: unknown; resource?: unknown }[], mode: IngestMode): Promise<IngestResult> {
    const { planned, issues } = planEntries(entries, await this.catalog());
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const assigned = await this.assignIds(planned, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const valid = await this.resolveReferences(assigned, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);

    const now = this.clock().toISOString();
    const rows = await Promise.all(valid.map((record) => this.rowFor(record, now)));
    const patients = valid.filter((r) => r.resource.resourceType === 'Patient');
    const identifiers = (await Promise.all(patients.map((record) => this.identifierRows(record)))).flat();
    const isNew = valid.map((record) => !record.existing);
    await this.db.transaction().execute(async (trx) => {
      await insertRecords(trx, rows.filter((_, i) => isNew[i]));
      await updateRecords(trx, rows.filter((_, i) => !isNew[i]));
      if (patients.length > 0) await replacePatientIdentifiers(trx, patients.map((r) => r.id), identifiers);
      for (const indexer of this.indexers) await indexer(trx, valid.map((record) => record.resource));
    });

    const outcomes: EntryOutcome[] = [
      ...rows.map((row, i) => ({ entry: valid[i]!.entry, status: (isNew[i] ? 201 : 200) as 201 | 200, location: `${row.resource_type}/${row.id}/_history/${row.version_id}` })),
      ...issues.map((issue) => ({ entry: issue.entry, status: STATUS_BY_CODE[issue.code], issue })),
    ].sort((a, b) => a.entry - b.entry);
    const created = isNew.filter(Boolean).length;
    return {
      outcomes,
      created,
      updated: rows.length - created,
      rejected: null,
      patientIds: [...new Set(rows.map((row) => row.patient_id).filter((p): p is string => p !== null))],
    };
  }

  private async assignIds(planned: PlannedRecord[], issues: IngestIssue[]): Promise<Assigned[]> {
    const sourceKeys = await Promise.all(
      planned.map((record) => {
        const { system, value } = record.facts.businessIdentifier!;
        return this.keyring.blindIndex('source-identifier', `${record.resource.resourceType}|${system}|${value}`);
      }),
    );
    const existing = await findBySourceKeys(this.db, planned.map((r, i) => ({ resourceType: r.resource.resourceType, sourceKey: sourceKeys[i]! })));
    // Only a record that is new by its business identifier can collide with another record's id.
    const unmatched = planned.filter((r, i) => r.resource.id && !existing.has(`${r.resource.resourceType}|${sourceKeys[i]}`));
    const owners = await findByIds(this.db, unmatched.map((r) => ({ resourceType: r.resource.resourceType, id: r.resource.id! })));
    const seen = new Set<string>();
    const assigned: Assigned[] = [];
    planned.forEach((record, i) => {
      const sourceKey = sourceKeys[i]!;
      const type = record.resource.resourceType;
      const key = `${type}|${sourceKey}`;
      if (seen.has(key)) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.identifier`, message: 'the same business identifier appears twice in this bundle' });
        return;
      }
      seen.add(key);
      const match = existing.get(key);
      const requestedOwner = record.resource.id ? owners.get(`${type}/${record.resource.id}`) : undefined;
      if (!match && requestedOwner !== undefined && requestedOwner !== sourceKey) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.id`, message: `${type}/${record.resource.id} already exists with a different business identifier` });
        return;
      }
      const id = match?.id ?? record.resource.id ?? newId();
      assigned.push({ ...record, id, sourceKey, ...(match && { existing: { version_id: match.version_id, created_at: match.created_at } }) });
    });
    return assigned;
  }

  /** Rewrites references to the ids assigned here and checks that stored-type references exist. */
  private async resolveReferences(records: Assigned[], issues: IngestIssue[]): Promise<Assigned[]> {
    const bySender = new Map<string, string>();
    for (const record of records) for (const ref of record.senderRefs) bySender.set(ref, `${record.resource.resourceType}/${record.id}`);
    // Walk each resource once; the same reference list serves the lookup and the rewrite.
    const walked = records.map((record) => ({ record, refs: referencesIn(record.resource, 'resource') }));
    const stored = await findByIds(this.db, storedTargets(walked.flatMap(({ refs }) => refs.map((r) => r.reference).filter((r) => !bySender.has(r)))));
    const valid: Assigned[] = [];
    for (const { record, refs } of walked) {
      let problem: IngestIssue | null = null;
      const rewrites = new Map<number, string>();
      refs.forEach((ref, index) => {
        const rewritten = bySender.get(ref.reference);
        if (rewritten) {
          if (rewritten !== ref.reference) rewrites.set(index, rewritten);
        } else if (ref.reference.startsWith('urn:uuid:') || (storedTarget(ref.reference) && !stored.has(ref.reference))) {
          problem ??= { entry: record.entry, code: 'not-found', expression: `Bundle.entry[${record.entry}].${ref.path}`, message: `reference ${ref.reference} does not resolve to a resource in this bundle or the repository` };
        }
      });
      if (problem) {
        issues.push(problem);
        continue;
      }
      // An entry that failed its own checks never entered bySender, so references to it fail above.
      const patientRef = record.facts.patientRef ? (bySender.get(record.facts.patientRef) ?? record.facts.patientRef) : null;
      const encounterRef = record.facts.encounterRef ? (bySender.get(record.facts.encounterRef) ?? record.facts.encounterRef) : null;
      valid.push({ ...record, resource: withRewrittenReferences(record.resource, rewrites), facts: { ...record.facts, patientRef, encounterRef } });
    }
    return valid;
  }

  private async rowFor(record: Assigned, now: string): Promise<RecordRow> {
    const level = record.catalog.defaultLevel;
    const type = record.resource.resourceType;
    const version = (record.existing?.version_id ?? 0) + 1;
    // A shallow copy: the caller's resource is never modified, and nothing below it is copied.
    const resource = { ...record.resource, id: record.id, meta: { ...(record.resource.meta as object), versionId: String(version), lastUpdated: now } };
    const [{ payload, encrypted }, code] = await Promise.all([protectPayload(this.keyring, resource, level), storedCode(this.keyring, record.facts.code, level)]);
    return {
      id: record.id,
      resource_type: type,
      catalog_code: record.catalog.code,
      patient_id: type === 'Patient' ? record.id : idOf(record.facts.patientRef, 'Patient'),
      department_code: record.facts.departmentCode,
      encounter_id: idOf(record.facts.encounterRef, 'Encounter'),
      effective_at: record.facts.effectiveAt,
      code,
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

/**
 * The resource with its references rewritten, leaving the caller's object untouched. Most
 * resources keep every reference as sent (bulk files carry their final ids), so they are used as
 * they are; only one that needs a rewrite is copied, and its copy walked in the same order.
 */
function withRewrittenReferences(resource: FhirResource, rewrites: ReadonlyMap<number, string>): FhirResource {
  if (rewrites.size === 0) return resource;
  const copy = structuredClone(resource);
  const refs = referencesIn(copy, 'resource');
  for (const [index, reference] of rewrites) refs[index]!.holder.reference = reference;
  return copy;
}

/** The distinct stored-type targets among these references, for one existence lookup. */
function storedTargets(references: string[]): { resourceType: string; id: string }[] {
  return [...new Set(references)].flatMap((reference) => storedTarget(reference) ?? []);
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
