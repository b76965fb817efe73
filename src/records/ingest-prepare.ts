import type { CatalogResourceDefinition } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import { newId } from '../lib/ids.js';
import type { FhirResource, RecordFacts } from './fhir-facts.js';
import { distinctReferences, isIssue, planEntry, type IngestIssue, type PlannedRecord } from './ingest-plan.js';
import { patientLookupValues, protectJson, protectPayload, storedCode } from './protect.js';

/** The blind-index kind of business identifiers (`source_key`). */
export const SOURCE_KEY_KIND = 'source-identifier';

/** The searchable facts that become plain columns; references still as the sender wrote them. */
export interface RecordColumns {
  patientRef: string | null;
  encounterRef: string | null;
  effectiveAt: string | null;
  category: string | null;
  status: string | null;
  departmentCode: string | null;
}

/** A payload already encrypted for a new record with `id`, version 1 and its references as sent. */
export interface SealedPayload {
  id: string;
  payload: string;
  encrypted: number;
  lastUpdated: string;
}

/**
 * One entry after every step that needs no database: validated, routed, its business identifier,
 * code and (for patients) lookup identifiers turned into blind indexes. Plain data, so an import
 * worker thread can prepare records while the main thread writes the previous batch.
 */
export interface PreparedRecord {
  entry: number;
  resourceType: string;
  /** The id the sender gave the resource, if any. */
  senderId: string | null;
  /** The id a new record gets unless its business identifier already has one. */
  proposedId: string | null;
  catalogCode: string;
  level: number;
  columns: RecordColumns;
  /** `Type/id` as the sender named it (or the urn:uuid fullUrl), so references can be rewritten. */
  senderRefs: string[];
  /** Every distinct reference in the resource, in the order they first appear. */
  references: string[];
  sourceKey: string;
  /** The code column's value: plain `system|code`, or a blind index at level 5. */
  code: string | null;
  /** Patients only: their identifiers, name and phone as blind indexes. */
  identifiers: { kind: string; blind_index: string }[];
  /** The resource itself when prepared in this thread… */
  resource?: FhirResource;
  /** …or, from a worker, a way to parse it again, used only if it has to be re-sealed or indexed. */
  reparse?: () => FhirResource;
  sealed?: SealedPayload;
}

export interface PreparedBatch {
  records: PreparedRecord[];
  issues: IngestIssue[];
}

/** The resource as stored: the assigned id and this version's metadata, without touching the caller's object. */
export function storedForm(resource: FhirResource, id: string, version: number, now: string): FhirResource {
  return { ...resource, id, meta: { ...(resource.meta as object), versionId: String(version), lastUpdated: now } };
}

function columnsOf(facts: RecordFacts): RecordColumns {
  return {
    patientRef: facts.patientRef,
    encounterRef: facts.encounterRef,
    effectiveAt: facts.effectiveAt,
    category: facts.categories[0]?.code ?? null,
    status: facts.status,
    departmentCode: facts.departmentCode,
  };
}

async function identifierIndexes(keyring: Keyring, patient: FhirResource): Promise<{ kind: string; blind_index: string }[]> {
  return Promise.all(patientLookupValues(patient).map(async ({ kind, value }) => ({ kind, blind_index: await keyring.blindIndex(`patient-${kind}`, value) })));
}

async function prepareRecord(record: PlannedRecord, keyring: Keyring): Promise<PreparedRecord> {
  const { resource, facts, catalog } = record;
  const { system, value } = facts.businessIdentifier!;
  const level = catalog.defaultLevel;
  const [sourceKey, code, identifiers] = await Promise.all([
    keyring.blindIndex(SOURCE_KEY_KIND, `${resource.resourceType}|${system}|${value}`),
    storedCode(keyring, facts.code, level),
    resource.resourceType === 'Patient' ? identifierIndexes(keyring, resource) : [],
  ]);
  return {
    entry: record.entry,
    resourceType: resource.resourceType,
    senderId: resource.id ?? null,
    proposedId: resource.id ?? null,
    catalogCode: catalog.code,
    level,
    columns: columnsOf(facts),
    senderRefs: record.senderRefs,
    references: distinctReferences(resource),
    sourceKey,
    code,
    identifiers,
    resource,
  };
}

/** The keyed half of preparing planned records (blind indexes); nothing is sealed yet. */
export function prepareRecords(planned: PlannedRecord[], keyring: Keyring): Promise<PreparedRecord[]> {
  return Promise.all(planned.map((record) => prepareRecord(record, keyring)));
}

const CLOSING_BRACE = 0x7d;
const isJsonWhitespace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The stored JSON of a new record, version 1, made from the line it arrived as: when the resource
 * has no `meta` and no id other than `id`, the stored form is that line with `"id"` (if missing)
 * and `"meta"` added before its closing brace — the same keys in the same order as serialising
 * `storedForm` would give, without parsing's cost twice over. Anything else returns null and is
 * serialised the ordinary way.
 */
export function storedJsonFromLine(line: Uint8Array, resource: FhirResource, id: string, now: string): Buffer | null {
  if (resource.meta !== undefined || (resource.id !== undefined && resource.id !== id)) return null;
  let end = line.length - 1;
  while (isJsonWhitespace(line[end])) end--;
  if (line[end] !== CLOSING_BRACE) return null;
  const idMember = resource.id === undefined ? `,"id":${JSON.stringify(id)}` : '';
  const tail = Buffer.from(`${idMember},"meta":${JSON.stringify({ versionId: '1', lastUpdated: now })}}`);
  return Buffer.concat([line.subarray(0, end), tail]);
}

/**
 * Plans, keys and seals one entry of a bulk import as if it were new: the usual case there, so the
 * encryption can happen off the writing thread. Whoever writes the batch checks the guess (no
 * existing record, same id, no reference rewritten) and seals again where it was wrong. The
 * stored JSON is built from `line`, the entry as read. One entry at a time, so that each parsed
 * resource is garbage as soon as it is sealed rather than kept alive with a whole chunk's.
 */
export async function prepareNewRecord(entry: { resource?: unknown }, index: number, catalog: readonly CatalogResourceDefinition[], keyring: Keyring, now: string, line: Uint8Array): Promise<PreparedRecord | IngestIssue> {
  const planned = planEntry(entry, index, catalog);
  if (isIssue(planned)) return planned;
  const record = await prepareRecord(planned, keyring);
  const id = (record.proposedId ??= newId());
  const resource = record.resource!;
  const json = storedJsonFromLine(line, resource, id, now);
  const { payload, encrypted } = json ? await protectJson(keyring, json, record.resourceType, id, record.level) : await protectPayload(keyring, storedForm(resource, id, 1, now), record.level);
  record.sealed = { id, payload, encrypted, lastUpdated: now };
  return record;
}
