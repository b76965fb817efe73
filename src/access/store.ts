import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/index.js';
import { runPrepared } from '../db/prepared.js';
import type { RecordRow } from '../records/index.js';
import type { Grant, GranteeIdentity } from './grants.js';
import { grantFromRow } from './grant-store.js';
import { consentInForceExists } from './consent-sql.js';
import { CONSENT_FROM_LEVEL, type ActiveEmergency, type ConsentRequirement, type ScopeClause } from './scope.js';

type Db = Kysely<Database>;
type RecordsEb = ExpressionBuilder<Database, 'records'>;

export interface RecordQuery {
  /** Restrict to these resource types (FHIR search over one type). */
  resourceType?: string;
  patientId?: string;
  /** Any of these record ids (FHIR `_id`). */
  ids?: string[];
  /** Any of these patients (patient search after a blind-index lookup). */
  patientIds?: string[];
  /** Exact `system|code` forms (plain and blind-indexed) a record's code must be one of. */
  codes?: string[];
  /** A bare code in any system (`…|code`). */
  codeSuffix?: string;
  category?: string;
  status?: string;
  from?: string;
  to?: string;
  /** Records ingested or changed at or after this instant. */
  updatedSince?: string;
}

/** One catalog resource with the clauses that open it for this caller. */
export interface CatalogScope {
  catalogCode: string;
  clauses: readonly ScopeClause[];
}

export interface PageRequest {
  limit: number;
  after?: { effectiveAt: string; resourceType: string; id: string };
  /** `false`: skip the total (returned as -1). Bulk reads page through everything and need no count. */
  count?: boolean;
  /** Count exactly up to this many rows (default `TOTAL_COUNT_LIMIT`); more is reported as this many, `totalExact: false`. */
  countLimit?: number;
}

export type ScopedRow = RecordRow & { access_basis: string };

/** The columns presenting a record reads: what a bulk read loads, and no more. */
const PRESENTED_COLUMNS = ['id', 'resource_type', 'catalog_code', 'patient_id', 'department_code', 'effective_at', 'payload', 'encrypted'] as const;
export type PresentableRow = Pick<RecordRow, (typeof PRESENTED_COLUMNS)[number]> & { access_basis: string };

type CareTeamClause = Extract<ScopeClause, { basis: 'care-team' }>;

/** The patients of a care-team clause, read once per search: `careTeamKey` → patient ids. */
type CareTeamPatients = ReadonlyMap<string, readonly string[]>;

const careTeamKey = (clause: CareTeamClause) => `${clause.staffKey}\u0000${clause.endedAfter}`;

/**
 * A care team larger than this stays a subquery in the search SQL instead of a list of bound
 * parameters (a ward's worth is a few dozen patients).
 */
const CARE_TEAM_INLINE_LIMIT = 2_000;

/**
 * Bound parameters all inlined care-team lists of one statement may take. Each list is bound twice
 * per catalog scope that carries its clause (the page's filter and the CASE naming the basis), and a
 * patient timeline searches a dozen catalogs; SQLite refuses a statement above 32,766 parameters.
 */
const CARE_TEAM_PARAMETER_BUDGET = 20_000;

/** Patients the caller treats under this clause: on the care team of an encounter open at `now` or ended after `endedAfter` (as `onCareTeam`). */
function careTeamPatientsQuery(db: Pick<Db, 'selectFrom'>, clause: CareTeamClause, now: string) {
  return db
    .selectFrom('care_team_members as ctm')
    .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
    .select('ctm.patient_id')
    .where('sp.staff_key', '=', clause.staffKey)
    .where((inner) => inner.or([inner('ctm.period_end', 'is', null), inner('ctm.period_end', '>=', clause.endedAfter)]))
    .where((inner) => inner.or([inner('ctm.period_start', 'is', null), inner('ctm.period_start', '<=', now)]));
}

/**
 * Resolves each care-team clause to its patients before the search runs (one small query per
 * distinct clause). The search then tests `patient_id in (…)` against that list: both databases plan
 * it as a few index probes per patient, where the same test as a subquery was planned by SQLite as a
 * scan of the whole catalog resource. A list too long for the statement's parameter budget stays a
 * subquery.
 */
async function resolveCareTeams(db: Db, scopes: readonly CatalogScope[], now: string): Promise<CareTeamPatients> {
  const uses = new Map<string, { clause: CareTeamClause; scopes: number }>();
  for (const scope of scopes) {
    for (const clause of scope.clauses) {
      if (clause.basis !== 'care-team') continue;
      const key = careTeamKey(clause);
      const use = uses.get(key);
      if (use) use.scopes += 1;
      else uses.set(key, { clause, scopes: 1 });
    }
  }
  const bindings = 2 * [...uses.values()].reduce((sum, use) => sum + use.scopes, 0);
  const inlineLimit = Math.min(CARE_TEAM_INLINE_LIMIT, Math.floor(CARE_TEAM_PARAMETER_BUDGET / Math.max(1, bindings)));
  const resolved = new Map<string, readonly string[]>();
  for (const [key, { clause }] of uses) {
    const rows = await careTeamPatientsQuery(db, clause, now).distinct().limit(inlineLimit + 1).execute();
    if (rows.length <= inlineLimit) resolved.set(key, rows.map((row) => row.patient_id).sort());
  }
  return resolved;
}

/** One clause as a SQL predicate on `records`; the same tests as `clauseMatches`, in SQL. */
function clausePredicate(eb: RecordsEb, clause: ScopeClause, now: string, careTeams?: CareTeamPatients): Expression<SqlBool> {
  if (clause.basis === 'department') {
    const level = eb('records.level', '<=', clause.maxLevel);
    return clause.departmentCode === null ? level : eb.and([level, eb('records.department_code', '=', clause.departmentCode)]);
  }
  if (clause.basis === 'care-team') {
    const listed = careTeams?.get(careTeamKey(clause));
    const patients = listed ? (listed.length ? eb('records.patient_id', 'in', [...listed]) : sql<SqlBool>`1 = 0`) : eb('records.patient_id', 'in', careTeamPatientsQuery(eb as unknown as Db, clause, now));
    return eb.and([eb('records.level', '<=', clause.maxLevel), patients]);
  }
  if ('grant' in clause) return clause.consent ? eb.and([grantPredicate(eb, clause.grant), consentPredicate(eb, clause.consent, now)]) : grantPredicate(eb, clause.grant);
  return eb('records.patient_id', '=', clause.patientId);
}

/** A grant's clause: its data period (records dated in [dataFrom, dataTo); undated ones are outside a limited period) and its patient scope. */
function grantPredicate(eb: RecordsEb, grant: Grant): Expression<SqlBool> {
  const period: Expression<SqlBool>[] = [];
  if (grant.dataFrom) period.push(eb('records.effective_at', '>=', grant.dataFrom));
  if (grant.dataTo) period.push(eb('records.effective_at', '<', grant.dataTo));
  return period.length ? eb.and([...period, patientScopePredicate(eb, grant)]) : patientScopePredicate(eb, grant);
}

/** Records below the consent level pass; the others need a consent in force for this recipient, purpose and resource. */
function consentPredicate(eb: RecordsEb, consent: ConsentRequirement, now: string): Expression<SqlBool> {
  const inForce = consentInForceExists(eb, { patientId: eb.ref('records.patient_id'), recipientId: consent.recipientId, purpose: consent.purpose, catalogCode: consent.catalogCode, at: now });
  return eb.or([eb('records.level', '<', CONSENT_FROM_LEVEL), inForce]);
}

/** Which of these grant clauses' consent requirements the patient's consents meet at `now` (a single read's lookup). */
export async function consentedGrants(db: Db, patientId: string, clauses: readonly { grantId: string; consent: ConsentRequirement }[], now: string): Promise<Set<string>> {
  const met = new Set<string>();
  for (const { grantId, consent } of clauses) {
    const row = await db.selectNoFrom((eb) => consentInForceExists(eb, { patientId, recipientId: consent.recipientId, purpose: consent.purpose, catalogCode: consent.catalogCode, at: now }).as('covered')).executeTakeFirstOrThrow();
    if (Number(row.covered)) met.add(grantId);
  }
  return met;
}

function patientScopePredicate(eb: RecordsEb, grant: Grant): Expression<SqlBool> {
  const scope = grant.patientScope;
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (scope.kind === 'patients') return eb('records.patient_id', 'in', eb.selectFrom('grant_patients').select('grant_patients.patient_id').where('grant_patients.grant_id', '=', grant.id));
  const { departmentCode, from, to, diagnosisCode } = scope.criteria;
  const parts: Expression<SqlBool>[] = [eb('records.patient_id', 'is not', null)];
  if (departmentCode) parts.push(eb('records.department_code', '=', departmentCode));
  if (from) parts.push(eb('records.effective_at', '>=', from));
  if (to) parts.push(eb('records.effective_at', '<', to));
  if (diagnosisCode) {
    const diagnosed = eb.selectFrom('records as dx').select('dx.patient_id').where('dx.resource_type', '=', 'Condition').where('dx.code', '=', diagnosisCode);
    parts.push(eb('records.patient_id', 'in', diagnosed));
  }
  return eb.and(parts);
}

function scopePredicate(eb: RecordsEb, scopes: readonly CatalogScope[], now: string, careTeams?: CareTeamPatients): Expression<SqlBool> {
  return eb.or(scopes.map((scope) => eb.and([eb('records.catalog_code', '=', scope.catalogCode), eb.or(scope.clauses.map((clause) => clausePredicate(eb, clause, now, careTeams)))])));
}

/** Names the first clause that allows each row, in rule order, so paging never needs a second pass. */
function basisExpression(eb: RecordsEb, scopes: readonly CatalogScope[], now: string, careTeams?: CareTeamPatients) {
  const whens = scopes.flatMap((scope) => scope.clauses.map((clause) => ({ scope, clause })));
  let builder = eb.case();
  let chain: ReturnType<ReturnType<typeof builder.when>['then']> | null = null;
  for (const { scope, clause } of whens) {
    const condition = eb.and([eb('records.catalog_code', '=', scope.catalogCode), clausePredicate(eb, clause, now, careTeams)]);
    chain = chain ? chain.when(condition).then(clause.basis) : builder.when(condition).then(clause.basis);
  }
  return chain!.else(null).end();
}

function filtered(db: Db, scopes: readonly CatalogScope[], query: RecordQuery, now: string, careTeams?: CareTeamPatients) {
  let select = db.selectFrom('records').where((eb) => scopePredicate(eb, scopes, now, careTeams));
  if (query.resourceType) select = select.where('records.resource_type', '=', query.resourceType);
  if (query.patientId) select = select.where('records.patient_id', '=', query.patientId);
  if (query.ids) select = query.ids.length ? select.where('records.id', 'in', query.ids) : select.where(sql<SqlBool>`1 = 0`);
  if (query.patientIds) select = query.patientIds.length ? select.where('records.patient_id', 'in', query.patientIds) : select.where(sql<SqlBool>`1 = 0`);
  if (query.codeSuffix) {
    // ESCAPE spelled out: PostgreSQL escapes LIKE with \ by default, SQLite has no escape character.
    const pattern = `%|${query.codeSuffix.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
    select = select.where(sql<SqlBool>`records.code like ${pattern} escape '\\'`);
  }
  if (query.codes) select = query.codes.length ? select.where('records.code', 'in', query.codes) : select.where(sql<SqlBool>`1 = 0`);
  if (query.category) select = select.where('records.category', '=', query.category);
  if (query.status) select = select.where('records.status', '=', query.status);
  if (query.from) select = select.where('records.effective_at', '>=', query.from);
  if (query.to) select = select.where('records.effective_at', '<', query.to);
  if (query.updatedSince) select = select.where('records.last_updated', '>=', query.updatedSince);
  return select;
}

/**
 * Totals are exact up to this many visible rows; beyond it a search reports this number as a lower
 * bound (`totalExact: false`). Counting a quarter of a million rows on every page costs far more than
 * the page itself, and a reader pages by cursor, not by page number.
 */
export const TOTAL_COUNT_LIMIT = 10_000;

/** The search order, as indexed by migration 0010: newest first (undated last), then type and id. */
const sortKey = sql<string>`coalesce(records.effective_at, '')`;

/**
 * The decision compiled into SQL: rows outside every clause are never loaded, so counts and pages
 * are right and nothing is filtered after the fact. Newest first; the cursor is the last row's
 * (effective date, type, id). The total is counted up to `TOTAL_COUNT_LIMIT` (or
 * `page.countLimit`), and not at all when a first page already holds every row.
 */
export async function searchScoped(db: Db, scopes: readonly CatalogScope[], query: RecordQuery, page: PageRequest, now: string): Promise<{ rows: ScopedRow[]; total: number; totalExact: boolean }> {
  const live = scopes.filter((scope) => scope.clauses.length > 0);
  if (live.length === 0) return { rows: [], total: 0, totalExact: true };
  const careTeams = await resolveCareTeams(db, live, now);
  const rows = (await pageQuery(db, live, query, page, now, careTeams, 'all').execute()) as ScopedRow[];
  if (page.count === false) return { rows, total: -1, totalExact: false };
  // A first page shorter than its limit is everything there is: its length is the total.
  if (!page.after && rows.length < page.limit) return { rows, total: rows.length, totalExact: true };
  const countLimit = page.countLimit ?? TOTAL_COUNT_LIMIT;
  const visible = filtered(db, live, query, now, careTeams).select(sql`1`.as('one')).limit(countLimit + 1);
  const { count } = await db.selectFrom(visible.as('visible')).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  return total > countLimit ? { rows, total: countLimit, totalExact: false } : { rows, total, totalExact: true };
}

/**
 * One page of a bulk read: `searchScoped`'s rows, in its order, with only the columns presenting
 * needs and no total. A bulk read loads every row in scope, so each unused column is a string
 * materialised and collected per record.
 */
export async function scanPage(db: Db, scopes: readonly CatalogScope[], query: RecordQuery, page: Pick<PageRequest, 'limit' | 'after'>, now: string): Promise<PresentableRow[]> {
  const live = scopes.filter((scope) => scope.clauses.length > 0);
  if (live.length === 0) return [];
  const careTeams = await resolveCareTeams(db, live, now);
  return (await pageQuery(db, live, query, page, now, careTeams, 'presented').execute()) as PresentableRow[];
}

/**
 * A search page in two steps in one statement: its keys are chosen from the indexes alone (scope,
 * filters, cursor, order, limit), then only those rows are read whole and their basis named.
 */
function pageQuery(db: Db, live: readonly CatalogScope[], query: RecordQuery, page: Pick<PageRequest, 'limit' | 'after'>, now: string, careTeams: CareTeamPatients, columns: 'all' | 'presented') {
  let keys = filtered(db, live, query, now, careTeams);
  if (page.after) {
    const { effectiveAt, resourceType, id } = page.after;
    // The first conjunct bounds the index range; the second places the row after the cursor.
    keys = keys.where((eb) =>
      eb.and([
        eb(sortKey, '<=', effectiveAt),
        eb.or([eb(sortKey, '<', effectiveAt), eb('records.resource_type', '>', resourceType), eb.and([eb('records.resource_type', '=', resourceType), eb('records.id', '>', id)])]),
      ]),
    );
  }
  keys = keys.orderBy(sortKey, 'desc').orderBy('records.resource_type').orderBy('records.id').limit(page.limit);
  // A bulk read takes every row in scope, so choosing keys first saves nothing and the join back
  // to the table would cost one more index lookup per row: one step reads the rows in index order.
  if (columns === 'presented') return keys.select(PRESENTED_COLUMNS.map((column) => `records.${column}` as const)).select((eb) => basisExpression(eb, live, now, careTeams).as('access_basis'));
  const joined = db.selectFrom(keys.select(['records.resource_type', 'records.id']).as('page')).innerJoin('records', (join) => join.onRef('records.resource_type', '=', 'page.resource_type').onRef('records.id', '=', 'page.id'));
  const selected = columns === 'all' ? joined.selectAll('records') : joined.select(PRESENTED_COLUMNS.map((column) => `records.${column}` as const));
  return selected
    .select((eb) => basisExpression(eb as unknown as RecordsEb, live, now, careTeams).as('access_basis'))
    .orderBy(sortKey, 'desc')
    .orderBy('records.resource_type')
    .orderBy('records.id');
}

/** The plain facts of one record, without its payload, so the decision is made before anything sensitive is read. */
export function recordHeader(db: Db, resourceType: string, id: string) {
  return db
    .selectFrom('records')
    .select(['id', 'resource_type', 'catalog_code', 'patient_id', 'department_code', 'effective_at', 'level'])
    .where('resource_type', '=', resourceType)
    .where('id', '=', id)
    .executeTakeFirst();
}

// The single-read lookups below run on every guarded read; their SQL text is compiled once
// (db/prepared.ts) rather than rebuilt by the query builder on each call.

export async function recordRow(db: Db, resourceType: string, id: string): Promise<RecordRow | undefined> {
  const rows = await runPrepared(db, 'access.recordRow', [resourceType, id], ([type, key]) => db.selectFrom('records').selectAll().where('resource_type', '=', type as string).where('id', '=', key as string));
  return rows[0];
}

export async function onCareTeam(db: Db, staffKey: string, patientId: string, endedAfter: string, now: string): Promise<boolean> {
  const rows = await runPrepared(db, 'access.onCareTeam', [staffKey, patientId, endedAfter, now, 1], ([staff, patient, after, at, limit]) =>
    db
      .selectFrom('care_team_members as ctm')
      .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
      .select('ctm.encounter_id')
      .where('sp.staff_key', '=', staff as string)
      .where('ctm.patient_id', '=', patient as string)
      .where((eb) => eb.or([eb('ctm.period_end', 'is', null), eb('ctm.period_end', '>=', after as string)]))
      .where((eb) => eb.or([eb('ctm.period_start', 'is', null), eb('ctm.period_start', '<=', at as string)]))
      .limit(limit as number),
  );
  return rows.length > 0;
}

export async function grantsListing(db: Db, grantIds: string[], patientId: string): Promise<Set<string>> {
  if (grantIds.length === 0) return new Set();
  const rows = await runPrepared(db, `access.grantsListing/${grantIds.length}`, [...grantIds, patientId], (p) =>
    db
      .selectFrom('grant_patients')
      .select('grant_id')
      .where('grant_id', 'in', p.slice(0, -1) as string[])
      .where('patient_id', '=', p.at(-1) as string),
  );
  return new Set(rows.map((row) => row.grant_id));
}

export async function diagnosisCodesOf(db: Db, patientId: string, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('records').select('code').where('patient_id', '=', patientId).where('resource_type', '=', 'Condition').where('code', 'in', codes).execute();
  return new Set(rows.map((row) => row.code ?? ''));
}

/**
 * Grants that could serve this caller: active and addressed to them (as a user, through their
 * department or institution). Time, purpose and channel are re-checked by the pure rules.
 */
export async function candidateGrants(db: Db, who: GranteeIdentity, catalogCodes: readonly string[]): Promise<Grant[]> {
  const grantees: { kind: string; id: string }[] = [];
  if (who.userId) grantees.push({ kind: 'user', id: who.userId });
  if (who.departmentId) grantees.push({ kind: 'department', id: who.departmentId });
  if (who.institutionId) grantees.push({ kind: 'institution', id: who.institutionId });
  if (grantees.length === 0 || catalogCodes.length === 0) return [];
  const parameters = ['active', ...catalogCodes, ...grantees.flatMap((g) => [g.kind, g.id])];
  const rows = await runPrepared(db, `access.candidateGrants/${catalogCodes.length}/${grantees.length}`, parameters, (p) => {
    const codes = p.slice(1, 1 + catalogCodes.length) as string[];
    const pairs = grantees.map((_, i) => ({ kind: p[1 + catalogCodes.length + 2 * i] as string, id: p[2 + catalogCodes.length + 2 * i] as string }));
    return db
      .selectFrom('grants')
      .selectAll()
      .where('status', '=', p[0] as 'active')
      .where('catalog_code', 'in', codes)
      .where((eb) => eb.or(pairs.map((g) => eb.and([eb('grantee_kind', '=', g.kind), eb('grantee_id', '=', g.id)]))))
      .orderBy('created_at')
      .orderBy('id');
  });
  return rows.map(grantFromRow);
}

/**
 * The caller's grants for one catalog resource that are no longer in force (expired, revoked,
 * suspended, or past their end before housekeeping marked them), most recently ended first. Read
 * only when a read was refused, to record whether a lapsed grant was what the caller relied on.
 */
export async function lapsedGrants(db: Db, who: GranteeIdentity, catalogCode: string, now: string): Promise<Grant[]> {
  const grantees = [...(who.userId ? [{ kind: 'user', id: who.userId }] : []), ...(who.departmentId ? [{ kind: 'department', id: who.departmentId }] : []), ...(who.institutionId ? [{ kind: 'institution', id: who.institutionId }] : [])];
  if (grantees.length === 0) return [];
  const rows = await db
    .selectFrom('grants')
    .selectAll()
    .where('catalog_code', '=', catalogCode)
    .where((eb) => eb.or(grantees.map((g) => eb.and([eb('grantee_kind', '=', g.kind), eb('grantee_id', '=', g.id)]))))
    .where((eb) => eb.or([eb('status', '!=', 'active'), eb('valid_to', '<=', now)]))
    .orderBy('valid_to', 'desc')
    .limit(20)
    .execute();
  return rows.map(grantFromRow);
}

export async function activeEmergencies(db: Db, userId: string, now: string): Promise<ActiveEmergency[]> {
  const rows = await runPrepared(db, 'access.activeEmergencies', [userId, now], ([user, at]) =>
    db
      .selectFrom('emergency_accesses')
      .select(['id', 'patient_id', 'expires_at'])
      .where('user_id', '=', user as string)
      .where('expires_at', '>', at as string)
      .where('closed_at', 'is', null)
      .orderBy('opened_at'),
  );
  return rows.map((row) => ({ id: row.id, patientId: row.patient_id, expiresAt: row.expires_at }));
}
