import type { Kysely } from 'kysely';
import type { CatalogResourceDefinition, CatalogService } from '../catalog/index.js';
import type { Keyring } from '../crypto/index.js';
import type { Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import type { PolicyService } from '../policy/index.js';
import { revealPayload, type FhirResource, type RecordRow } from '../records/index.js';
import { scanScoped } from './bulk-read.js';
import { scanTransformed, type ParallelScanOptions } from './parallel-scan.js';
import type { SeededPresenter } from './pseudonym.js';
import type { PageTransform } from './scan-worker-protocol.js';
import { effectiveStatus, type Channel, type Grant, type GrantStatus } from './grants.js';
import { presentRecord, type OutsideGrant, type PresentedRecord, type Presenter } from './present.js';
import { granteeIdentityOf, readerOf, type AccessPrincipal } from './reader.js';
import { clauseMatches, compileScope, type RecordFacts, type ScopeClause, type ScopeResource } from './scope.js';
import { activeEmergencies, candidateGrants, consentedGrants, diagnosisCodesOf, grantsListing, lapsedGrants, onCareTeam, recordRow, searchScoped, type CatalogScope, type RecordQuery } from './store.js';

/**
 * Data leaving the hospital carries exactly the granted fields: an external recipient gets no
 * masked trace of the others. Readers inside see identifiers outside their grant masked.
 */
function viewOf(context: AccessContext): OutsideGrant {
  return context.channel === 'external' ? 'omit' : 'mask';
}

export interface AccessContext {
  principal: AccessPrincipal;
  purpose: string;
  /** How the data leaves; console and REST reads are `api`. */
  channel?: Channel;
}

/** Why a single read answered 404: the record does not exist, or no rule opens it (recorded, never shown). */
export interface ReadRefusal {
  refused: 'not-found' | 'no-rule';
  patientId: string | null;
  catalogCode: string | null;
  /** A grant of the caller's that would have opened the record had it still been in force: the signal of a lapsed grant in use. */
  lapsedGrant?: { id: string; status: GrantStatus };
}

export function isRefusal(result: PresentedRecord | ReadRefusal): result is ReadRefusal {
  return 'refused' in result;
}

export interface AccessPage<T> {
  items: T[];
  /** Visible rows in all, exact up to `TOTAL_COUNT_LIMIT`; beyond it that limit, as a lower bound. */
  total: number;
  /** False when `total` is a lower bound (there are more visible rows than were counted). */
  totalExact: boolean;
  nextCursor: string | null;
}

export interface SearchTarget {
  /** Catalog resources to search; default: every resource covering `query.resourceType`. */
  catalogCodes?: string[];
  query: RecordQuery;
}

/**
 * A caller who names the patient (by id, or by an identifier resolved to ids) may use only rules under
 * which they may know who the patient is. Answering through a pseudonymised or de-identified grant
 * would link the pseudonym back to the person (look up an ID card number, get the pseudonym, then
 * every de-identified record of that person).
 */
function identifiedOnly(clauses: readonly ScopeClause[]): ScopeClause[] {
  return clauses.filter((clause) => !('grant' in clause) || clause.grant.maskingProfile === 'identified');
}

/** The plain columns of a record that the decision reads. */
type RecordHeader = Pick<RecordRow, 'patient_id' | 'department_code' | 'effective_at' | 'level'>;

/** Catalog definitions and departments change rarely; a short cache keeps them off the per-read path. */
const REFERENCE_CACHE_MS = 2_000;

/**
 * The one choke point between callers and records: decide, compile the decision into SQL, load
 * only what it allows, decrypt, project to the opened fields and mask. Routes and jobs never query
 * the records table themselves.
 */
export class AccessService {
  private reference: { at: number; definitions: Map<string, CatalogResourceDefinition>; departments: Map<string, string> } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keyring: Keyring,
    private readonly catalog: CatalogService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
    private readonly presenter: Presenter,
  ) {}

  /** Catalog resources whose records can be of this FHIR type. */
  async catalogsForType(resourceType: string): Promise<string[]> {
    const { definitions } = await this.referenceData();
    return [...definitions.values()].filter((d) => d.fhirResourceTypes.includes(resourceType)).map((d) => d.code);
  }

  async search(context: AccessContext, target: SearchTarget, limit: number, cursor?: string): Promise<AccessPage<PresentedRecord> & { bases: string[] }> {
    const after = cursor ? decodeCursor(cursor, 3) : undefined;
    if (after === null) throw new AppError(Errors.VALIDATION_FAILED, {}, [{ path: 'querystring/cursor', message: 'unknown cursor' }]);
    const codes = target.catalogCodes ?? (target.query.resourceType ? await this.catalogsForType(target.query.resourceType) : []);
    const namesPatient = target.query.patientId !== undefined || target.query.patientIds !== undefined;
    const scopes = (await this.scopesFor(context, codes)).map((scope) => (namesPatient ? { ...scope, clauses: identifiedOnly(scope.clauses) } : scope));
    const now = this.clock().toISOString();
    const { rows, total, totalExact } = await searchScoped(this.db, scopes, target.query, { limit: limit + 1, after: after ? { effectiveAt: after[0]!, resourceType: after[1]!, id: after[2]! } : undefined }, now);
    const page = rows.slice(0, limit);
    const clauses = new Map<string, ScopeClause>(scopes.flatMap((scope) => scope.clauses.map((clause) => [`${scope.catalogCode} ${clause.basis}`, clause] as const)));
    const items = await Promise.all(
      page.map(async (row) => {
        const clause = clauses.get(`${row.catalog_code} ${row.access_basis}`);
        if (!clause) throw new Error(`row ${row.resource_type}/${row.id} came back without a basis`);
        return this.present(row, clause, viewOf(context));
      }),
    );
    const last = page[page.length - 1];
    return {
      items,
      total,
      totalExact,
      nextCursor: rows.length > limit && last ? encodeCursor([last.effective_at ?? '', last.resource_type, last.id]) : null,
      bases: [...new Set(items.map((item) => item.basis))],
    };
  }

  /**
   * Every record `search` would return for the same context and target, in the same order and
   * presented the same way, in pages of `pageSize`, without totals or cursors: the bulk read for
   * exports (bulk-read.ts). The decision is taken once, when the scan starts. Audit as for search.
   */
  async *scan(context: AccessContext, target: SearchTarget, pageSize: number): AsyncGenerator<PresentedRecord[]> {
    const codes = target.catalogCodes ?? (target.query.resourceType ? await this.catalogsForType(target.query.resourceType) : []);
    const namesPatient = target.query.patientId !== undefined || target.query.patientIds !== undefined;
    const scopes = (await this.scopesFor(context, codes)).map((scope) => (namesPatient ? { ...scope, clauses: identifiedOnly(scope.clauses) } : scope));
    const deps = { db: this.db, keyring: this.keyring, presenter: this.presenter, clock: this.clock, definition: (code: string) => this.definition(code), maskingRules: () => this.policy.get('access.masking') };
    yield* scanScoped(deps, scopes, target.query, pageSize, viewOf(context));
  }

  /**
   * `scan`, with each presented page passed through `transform`, possibly on worker threads
   * (parallel-scan.ts): the bulk read of an export, whose per-record work would otherwise keep one
   * core busy while the others idle. Same decision, scopes, order and presentation as `scan`.
   */
  async *scanTransformed<Setup, Result>(context: AccessContext, target: SearchTarget, pageSize: number, transform: PageTransform<Setup, Result>, options: ParallelScanOptions = {}): AsyncGenerator<Result> {
    const codes = target.catalogCodes ?? (target.query.resourceType ? await this.catalogsForType(target.query.resourceType) : []);
    const namesPatient = target.query.patientId !== undefined || target.query.patientIds !== undefined;
    const scopes = (await this.scopesFor(context, codes)).map((scope) => (namesPatient ? { ...scope, clauses: identifiedOnly(scope.clauses) } : scope));
    const seed = 'seed' in this.presenter ? (this.presenter as SeededPresenter).seed : null;
    const deps = { db: this.db, keyring: this.keyring, presenter: this.presenter, seed, clock: this.clock, definition: (code: string) => this.definition(code), maskingRules: () => this.policy.get('access.masking') };
    yield* scanTransformed(deps, scopes, target.query, pageSize, transform, { outsideGrant: viewOf(context), ...options });
  }

  /**
   * One record. The decision is made on the record's plain facts before its payload is read; a
   * record outside every rule is reported to the caller exactly like a missing one (404), so
   * existence never leaks — but the audit entry says which it was.
   */
  async read(context: AccessContext, resourceType: string, id: string): Promise<PresentedRecord | ReadRefusal> {
    // One query for the row: the decision uses its plain columns only, and the sealed payload is
    // opened after a rule allows it.
    const row = await recordRow(this.db, resourceType, id);
    if (!row) return { refused: 'not-found', patientId: null, catalogCode: null };
    const [scope] = await this.scopesFor(context, [row.catalog_code]);
    // A Patient's id is the patient: reading it by that id must not hand back its pseudonym.
    const clauses = resourceType === 'Patient' ? identifiedOnly(scope?.clauses ?? []) : (scope?.clauses ?? []);
    const clause = await this.decide(row, clauses);
    if (!clause) return { refused: 'no-rule', patientId: row.patient_id, catalogCode: row.catalog_code, ...(await this.lapsedGrantOf(context, row, resourceType)) };
    return this.present(row, clause, viewOf(context));
  }

  /**
   * After a refusal: the first of the caller's lapsed grants that would have opened this record were
   * it still in force — the same rules, with the grant revived. Only refusals pay for this lookup.
   */
  private async lapsedGrantOf(context: AccessContext, row: RecordHeader & { catalog_code: string }, resourceType: string): Promise<Pick<ReadRefusal, 'lapsedGrant'>> {
    const now = this.clock();
    const { principal } = context;
    const lapsed = await lapsedGrants(this.db, granteeIdentityOf(principal), row.catalog_code, now.toISOString());
    if (lapsed.length === 0) return {};
    const revived = lapsed.map((grant) => ({ ...grant, status: 'active' as const, validTo: new Date(Math.max(Date.parse(grant.validTo), now.getTime() + 1)).toISOString() }));
    const [scope] = await this.scopesFor(context, [row.catalog_code], revived);
    const grantClauses = (scope?.clauses ?? []).filter((clause) => 'grant' in clause);
    const clause = await this.decide(row, resourceType === 'Patient' ? identifiedOnly(grantClauses) : grantClauses);
    const original = clause && 'grant' in clause ? lapsed.find((grant) => grant.id === clause.grant.id) : undefined;
    return original ? { lapsedGrant: { id: original.id, status: effectiveStatus(original, now) } } : {};
  }

  /** Every catalog resource that holds patient data, for the integrated patient view. */
  async patientCatalogCodes(): Promise<string[]> {
    const { definitions } = await this.referenceData();
    return [...definitions.values()].filter((d) => this.scopeResource(d).patientData).map((d) => d.code);
  }

  async definition(code: string): Promise<CatalogResourceDefinition | undefined> {
    return (await this.referenceData()).definitions.get(code);
  }

  private async present(row: Parameters<typeof revealPayload>[1] & { catalog_code: string; patient_id: string | null; department_code: string | null; effective_at: string | null }, clause: ScopeClause, outsideGrant: OutsideGrant): Promise<PresentedRecord> {
    const definition = (await this.referenceData()).definitions.get(row.catalog_code);
    if (!definition) throw new Error(`catalog resource ${row.catalog_code} vanished`);
    const resource: FhirResource = await revealPayload(this.keyring, row);
    const rules = await this.policy.get('access.masking');
    return presentRecord(this.presenter, { resource, definition, clause, rules, catalogCode: row.catalog_code, patientId: row.patient_id, departmentCode: row.department_code, effectiveAt: row.effective_at, outsideGrant });
  }

  /**
   * `firstMatch` over one record, looking up only the facts the clauses reached need: clauses are
   * tested in rule order, so when the department rule opens the record the care-team and grant
   * lookups are never made. Each clause sees exactly the facts `firstMatch` would give it.
   */
  async decide(header: RecordHeader, clauses: readonly ScopeClause[]): Promise<ScopeClause | null> {
    const patientId = header.patient_id;
    const facts: RecordFacts = { patientId, departmentCode: header.department_code, effectiveAt: header.effective_at, level: header.level, onCareTeam: false, listedIn: new Set(), diagnosedFor: new Set() };
    let careTeamKnown = patientId === null;
    let grantsKnown = patientId === null;
    let consentsKnown = patientId === null;
    for (const clause of clauses) {
      if (clause.basis === 'care-team' && !careTeamKnown) {
        facts.onCareTeam = await onCareTeam(this.db, clause.staffKey, patientId!, clause.endedAfter, this.clock().toISOString());
        careTeamKnown = true;
      }
      if ('grant' in clause && !grantsKnown) {
        Object.assign(facts, await this.grantFacts(patientId!, clauses));
        grantsKnown = true;
      }
      if ('grant' in clause && clause.consent && !consentsKnown) {
        const needing = clauses.flatMap((c) => ('grant' in c && c.consent ? [{ grantId: c.grant.id, consent: c.consent }] : []));
        facts.consentedFor = await consentedGrants(this.db, patientId!, needing, this.clock().toISOString());
        consentsKnown = true;
      }
      if (clauseMatches(clause, facts)) return clause;
    }
    return null;
  }

  /** Which of the grant clauses list this patient, or are met by the patient's diagnoses. */
  private async grantFacts(patientId: string, clauses: readonly ScopeClause[]): Promise<Pick<RecordFacts, 'listedIn' | 'diagnosedFor'>> {
    const grants = clauses.flatMap((clause) => ('grant' in clause ? [clause.grant] : []));
    const listed = grants.filter((g) => g.patientScope.kind === 'patients').map((g) => g.id);
    const diagnosisGrants = grants.flatMap((g) => (g.patientScope.kind === 'criteria' && g.patientScope.criteria.diagnosisCode ? [{ id: g.id, code: g.patientScope.criteria.diagnosisCode }] : []));
    const [listedIn, diagnosed] = await Promise.all([grantsListing(this.db, listed, patientId), diagnosisCodesOf(this.db, patientId, diagnosisGrants.map((g) => g.code))]);
    return { listedIn, diagnosedFor: new Set(diagnosisGrants.filter((g) => diagnosed.has(g.code)).map((g) => g.id)) };
  }

  /**
   * The clauses that open each catalog resource for this caller, now. Grants and emergencies are read
   * fresh every time. `revived` replaces the caller's live grants (and drops emergencies) only to
   * explain a refusal: would one of these grants have opened the record?
   */
  async scopesFor(context: AccessContext, catalogCodes: readonly string[], revived?: readonly Grant[]): Promise<CatalogScope[]> {
    const { principal } = context;
    const { definitions, departments } = await this.referenceData();
    const now = this.clock();
    const reader = readerOf(principal, (id) => departments.get(id) ?? null);
    const [grants, emergencies, careTeam] = await Promise.all([
      revived ?? candidateGrants(this.db, reader, catalogCodes),
      // Only staff open emergency windows.
      revived || principal.kind !== 'user' ? [] : activeEmergencies(this.db, principal.userId, now.toISOString()),
      this.policy.get('access.careTeam'),
    ]);
    const scopes: CatalogScope[] = [];
    for (const code of catalogCodes) {
      const definition = definitions.get(code);
      if (!definition || definition.status === 'draft') continue;
      const clauses = compileScope({
        reader,
        resource: this.scopeResource(definition),
        purpose: context.purpose,
        channel: context.channel ?? 'api',
        now,
        afterDischargeHours: careTeam.afterDischargeHours,
        grants: grants.filter((grant) => grant.catalogCode === code),
        emergencies,
      });
      scopes.push({ catalogCode: code, clauses });
    }
    return scopes;
  }

  private scopeResource(definition: CatalogResourceDefinition): ScopeResource {
    return {
      code: definition.code,
      ownerDepartmentCode: definition.ownerDepartmentCode,
      defaultLevel: definition.defaultLevel,
      specialCategory: definition.specialCategory,
      category: definition.category,
      shareType: definition.shareType,
      patientData: definition.category !== 'management',
    };
  }

  private async referenceData() {
    if (this.reference && Date.now() - this.reference.at < REFERENCE_CACHE_MS) return this.reference;
    const [definitions, departments] = await Promise.all([this.catalog.definitions(), this.db.selectFrom('departments').select(['id', 'code']).execute()]);
    this.reference = { at: Date.now(), definitions: new Map(definitions.map((d) => [d.code, d])), departments: new Map(departments.map((d) => [d.id, d.code])) };
    return this.reference;
  }
}
