import type { Kysely } from 'kysely';
import type { CatalogResourceDefinition } from '../catalog/index.js';
import { SUPPORTED_FHIR_TYPES } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import { refreshPlannerStatistics, type Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { FhirResource } from './fhir-facts.js';
import { planEntries, referenceHolders, referencesIn, type IngestIssue } from './ingest-plan.js';
import { prepareRecords, SOURCE_KEY_KIND, storedForm, type PreparedBatch, type PreparedRecord, type RecordColumns } from './ingest-prepare.js';
import { protectPayload, RECORDS_KEY_PURPOSE } from './protect.js';
import { findByIds, findBySourceKeys, insertRecords, replacePatientIdentifiers, updateRecords, withBulkWrites, type BulkWrites } from './store.js';
import type { PatientIdentifierRow, RecordRow } from './tables.js';

export type IngestMode = 'transaction' | 'batch';
/** Which outcomes a result lists: every entry's, or only the refused ones' (bulk imports). */
export type OutcomeReport = 'all' | 'issues';

/**
 * Called inside the ingest transaction, with the connection or transaction to write through and
 * the stored resources (final ids, references rewritten).
 * An indexer that names the `resourceTypes` it reads gets only those: after a bulk import worker
 * prepared a chunk, every resource handed over has to be parsed again in the writing thread.
 */
export type RecordIndexer = ((trx: Kysely<Database>, resources: readonly FhirResource[]) => Promise<void>) & { readonly resourceTypes?: readonly string[] };

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
const NO_REWRITES: ReadonlyMap<string, string> = new Map();
const REFERENCE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/** A prepared record with the id it is stored under (and the row it updates, if any). */
interface Assigned {
  record: PreparedRecord;
  id: string;
  existing?: { version_id: number; created_at: string };
}

interface Resolved extends Assigned {
  /** The record's columns with references rewritten to assigned ids. */
  columns: RecordColumns;
  /** Reference as sent → the reference it must now read. */
  rewrites: ReadonlyMap<string, string>;
}

/**
 * Writes FHIR resources into the repository: validated, routed to their catalog resource, given a
 * stable id (re-sending the same business identifier updates the same record), references resolved
 * and rewritten, payloads encrypted by level, patient identifiers stored only as blind indexes.
 * A transaction writes everything or nothing; a batch writes the entries that are valid.
 *
 * The work comes in two halves: preparing (checks, routing, blind indexes — no database) and
 * committing (ids, references, payloads, the write). Bulk imports prepare in a worker thread and
 * commit here, so the two halves run side by side.
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

  /**
   * Runs a bulk import's chunks with the repository's bulk write settings (see `withBulkWrites`):
   * call `commit` for each chunk between `beginChunk` and `endChunk`, passing `writes` along.
   */
  async bulk<T>(work: (writes: BulkWrites) => Promise<T>): Promise<T> {
    // The keys a chunk may need exist before any group's transaction is open: creating one is a
    // transaction of its own, which cannot start inside the group (nor, from a worker's
    // connection, while the group holds the write lock).
    await this.keyring.blindIndex(SOURCE_KEY_KIND, 'key-check');
    await this.keyring.encrypt(RECORDS_KEY_PURPOSE, new Uint8Array(0));
    return withBulkWrites(this.db, work);
  }

  /** The catalog definitions records are routed by right now (also handed to import workers). */
  definitions(): Promise<CatalogResourceDefinition[]> {
    return this.catalog();
  }

  /** After a bulk load: refreshes the query planner's statistics, so searches keep choosing the right indexes. */
  afterBulkLoad(): Promise<void> {
    return refreshPlannerStatistics(this.db, 'after-import');
  }

  async ingest(entries: { fullUrl?: unknown; resource?: unknown }[], mode: IngestMode, report: OutcomeReport = 'all'): Promise<IngestResult> {
    const { planned, issues } = planEntries(entries, await this.catalog());
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    return this.commit({ records: await prepareRecords(planned, this.keyring), issues }, mode, report);
  }

  /** The database-free half of `ingest` for a batch (checks, routing, blind indexes), for `commit`. */
  async prepare(entries: { fullUrl?: unknown; resource?: unknown }[]): Promise<PreparedBatch> {
    const { planned, issues } = planEntries(entries, await this.catalog());
    return { records: await prepareRecords(planned, this.keyring), issues };
  }

  /**
   * Writes a prepared batch: in this thread by `ingest`, or from an import worker. A bulk import
   * only counts what was written and lists what was refused, so with `report: 'issues'` the
   * outcomes hold the refusals only (no location per written record) and no patient ids.
   */
  async commit(batch: PreparedBatch, mode: IngestMode, report: OutcomeReport = 'all', writes?: BulkWrites): Promise<IngestResult> {
    const issues = [...batch.issues];
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const assigned = await this.assignIds(batch.records, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);
    const valid = await this.resolveReferences(assigned, issues);
    if (mode === 'transaction' && issues.length > 0) return rejected(issues);

    const now = this.clock().toISOString();
    const stored = await Promise.all(valid.map((record) => this.storedRecord(record, now)));
    const rows = stored.map(({ row }) => row);
    const patients = valid.filter((r) => r.record.resourceType === 'Patient');
    const isNew = valid.map((r) => !r.existing);
    const write = async (trx: Kysely<Database>) => {
      await insertRecords(trx, rows.filter((_, i) => isNew[i]));
      await updateRecords(trx, rows.filter((_, i) => !isNew[i]));
      if (patients.length > 0) await replacePatientIdentifiers(trx, patients.map((r) => r.id), patients.flatMap(identifierRows));
      for (const indexer of this.indexers) await indexer(trx, resourcesFor(indexer, valid, stored));
    };
    // In a grouped bulk import the connection is already inside the group's transaction.
    if (writes?.grouped) await write(this.db);
    else await this.db.transaction().execute(write);

    const refusals = issues.map((issue) => ({ entry: issue.entry, status: STATUS_BY_CODE[issue.code], issue }));
    const created = isNew.filter(Boolean).length;
    if (report === 'issues') return { outcomes: refusals.sort((a, b) => a.entry - b.entry), created, updated: rows.length - created, rejected: null, patientIds: [] };
    const outcomes: EntryOutcome[] = [
      ...rows.map((row, i) => ({ entry: valid[i]!.record.entry, status: (isNew[i] ? 201 : 200) as 201 | 200, location: `${row.resource_type}/${row.id}/_history/${row.version_id}` })),
      ...refusals,
    ].sort((a, b) => a.entry - b.entry);
    return {
      outcomes,
      created,
      updated: rows.length - created,
      rejected: null,
      patientIds: [...new Set(rows.map((row) => row.patient_id).filter((p): p is string => p !== null))],
    };
  }

  private async assignIds(records: PreparedRecord[], issues: IngestIssue[]): Promise<Assigned[]> {
    const existing = await findBySourceKeys(this.db, records.map((r) => ({ resourceType: r.resourceType, sourceKey: r.sourceKey })));
    // Only a record that is new by its business identifier can collide with another record's id.
    const unmatched = records.filter((r) => r.senderId !== null && !existing.has(`${r.resourceType}|${r.sourceKey}`));
    const owners = await findByIds(this.db, unmatched.map((r) => ({ resourceType: r.resourceType, id: r.senderId! })));
    const seen = new Set<string>();
    const assigned: Assigned[] = [];
    for (const record of records) {
      const type = record.resourceType;
      const key = `${type}|${record.sourceKey}`;
      if (seen.has(key)) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.identifier`, message: 'the same business identifier appears twice in this bundle' });
        continue;
      }
      seen.add(key);
      const match = existing.get(key);
      const requestedOwner = record.senderId !== null ? owners.get(`${type}/${record.senderId}`) : undefined;
      if (!match && requestedOwner !== undefined && requestedOwner !== record.sourceKey) {
        issues.push({ entry: record.entry, code: 'conflict', expression: `Bundle.entry[${record.entry}].resource.id`, message: `${type}/${record.senderId} already exists with a different business identifier` });
        continue;
      }
      const id = match?.id ?? record.proposedId ?? newId();
      assigned.push({ record, id, ...(match && { existing: { version_id: match.version_id, created_at: match.created_at } }) });
    }
    return assigned;
  }

  /** Decides how references must be rewritten to the ids assigned here and checks that stored-type references exist. */
  private async resolveReferences(assigned: Assigned[], issues: IngestIssue[]): Promise<Resolved[]> {
    const bySender = new Map<string, string>();
    for (const { record, id } of assigned) for (const ref of record.senderRefs) bySender.set(ref, `${record.resourceType}/${id}`);
    const outside = new Set<string>();
    for (const { record } of assigned) for (const reference of record.references) if (!bySender.has(reference)) outside.add(reference);
    const stored = await findByIds(this.db, storedTargets(outside));
    const valid: Resolved[] = [];
    for (const entry of assigned) {
      const { record } = entry;
      let missing: string | null = null;
      let rewrites: Map<string, string> | null = null;
      for (const reference of record.references) {
        const rewritten = bySender.get(reference);
        if (rewritten) {
          if (rewritten !== reference) (rewrites ??= new Map()).set(reference, rewritten);
        } else if (reference.startsWith('urn:uuid:') || (storedTarget(reference) && !stored.has(reference))) {
          missing = reference;
          break;
        }
      }
      if (missing !== null) {
        issues.push(unresolved(record, missing));
        continue;
      }
      // An entry that failed its own checks never entered bySender, so references to it fail above.
      const { patientRef, encounterRef } = record.columns;
      const columns = { ...record.columns, patientRef: patientRef && (bySender.get(patientRef) ?? patientRef), encounterRef: encounterRef && (bySender.get(encounterRef) ?? encounterRef) };
      valid.push({ ...entry, columns, rewrites: rewrites ?? NO_REWRITES });
    }
    return valid;
  }

  /**
   * The row to write and, for indexers, the stored resource. A payload sealed while preparing is
   * used when its guess held (new record, same id, references as sent); otherwise it is sealed here.
   */
  private async storedRecord({ record, id, existing, columns, rewrites }: Resolved, now: string): Promise<{ row: RecordRow; resource: () => FhirResource }> {
    const version = (existing?.version_id ?? 0) + 1;
    const reusable = record.sealed && !existing && record.sealed.id === id && rewrites.size === 0 ? record.sealed : null;
    let resource: FhirResource | null = null;
    const storedResource = () => (resource ??= storedForm(withRewrittenReferences(sourceResource(record), rewrites), id, version, reusable?.lastUpdated ?? now));
    const sealed = reusable ?? { ...(await protectPayload(this.keyring, storedResource(), record.level)), lastUpdated: now };
    const type = record.resourceType;
    const row: RecordRow = {
      id,
      resource_type: type,
      catalog_code: record.catalogCode,
      patient_id: type === 'Patient' ? id : idOf(columns.patientRef, 'Patient'),
      department_code: columns.departmentCode,
      encounter_id: idOf(columns.encounterRef, 'Encounter'),
      effective_at: columns.effectiveAt,
      code: record.code,
      category: columns.category,
      status: columns.status,
      level: record.level,
      source_key: record.sourceKey,
      payload: sealed.payload,
      encrypted: sealed.encrypted,
      version_id: version,
      last_updated: sealed.lastUpdated,
      created_at: existing?.created_at ?? sealed.lastUpdated,
    };
    return { row, resource: storedResource };
  }
}

function resourcesFor(indexer: RecordIndexer, records: readonly Resolved[], stored: readonly { resource: () => FhirResource }[]): FhirResource[] {
  const types = indexer.resourceTypes;
  return stored.flatMap(({ resource }, i) => (!types || types.includes(records[i]!.record.resourceType) ? [resource()] : []));
}

function identifierRows({ record, id }: Assigned): PatientIdentifierRow[] {
  const rows = record.identifiers.map(({ kind, blind_index }) => ({ patient_id: id, kind, blind_index }));
  return [...new Map(rows.map((row) => [`${row.kind}|${row.blind_index}`, row])).values()];
}

/** The resource as the sender sent it: held in memory, or parsed again from what a worker passed on. */
function sourceResource(record: PreparedRecord): FhirResource {
  return record.resource ?? record.reparse!();
}

/**
 * The resource with its references rewritten, leaving the caller's object untouched. Most
 * resources keep every reference as sent (bulk files carry their final ids), so they are used as
 * they are; only one that needs a rewrite is copied, and its copy walked in the same order.
 */
function withRewrittenReferences(resource: FhirResource, rewrites: ReadonlyMap<string, string>): FhirResource {
  if (rewrites.size === 0) return resource;
  const copy = structuredClone(resource);
  for (const holder of referenceHolders(copy)) {
    const rewritten = rewrites.get(holder.reference as string);
    if (rewritten !== undefined) holder.reference = rewritten;
  }
  return copy;
}

/** The issue for a record whose `reference` resolves nowhere, pointing at where it first appears. */
function unresolved(record: PreparedRecord, reference: string): IngestIssue {
  const path = referencesIn(sourceResource(record), 'resource').find((r) => r.reference === reference)?.path ?? 'resource';
  return { entry: record.entry, code: 'not-found', expression: `Bundle.entry[${record.entry}].${path}`, message: `reference ${reference} does not resolve to a resource in this bundle or the repository` };
}

/** The stored-type targets among these (distinct) references, for one existence lookup. */
function storedTargets(references: Iterable<string>): { resourceType: string; id: string }[] {
  const targets: { resourceType: string; id: string }[] = [];
  for (const reference of references) {
    const target = storedTarget(reference);
    if (target) targets.push(target);
  }
  return targets;
}

/** A literal `Type/id` reference split in two, or null (absolute URLs, `#contained`, urn:uuid…). */
function splitReference(reference: string): { resourceType: string; id: string } | null {
  // test() and slices instead of exec(): this runs for several references of every record.
  if (!REFERENCE.test(reference)) return null;
  const slash = reference.indexOf('/');
  return { resourceType: reference.slice(0, slash), id: reference.slice(slash + 1) };
}

/** `Type/id` of a type this repository stores, or null (external, contained or other references). */
function storedTarget(reference: string): { resourceType: string; id: string } | null {
  const target = splitReference(reference);
  return target && STORED_TYPES.has(target.resourceType) ? target : null;
}

function idOf(reference: string | null, type: string): string | null {
  const target = reference ? splitReference(reference) : null;
  return target && target.resourceType === type ? target.id : null;
}

function rejected(issues: IngestIssue[]): IngestResult {
  return { outcomes: issues.map((issue) => ({ entry: issue.entry, status: STATUS_BY_CODE[issue.code], issue })), created: 0, updated: 0, rejected: issues, patientIds: [] };
}
