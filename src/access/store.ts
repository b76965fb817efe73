import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/index.js';
import type { RecordRow } from '../records/index.js';
import type { Grant, GranteeIdentity } from './grants.js';
import { grantFromRow } from './grant-store.js';
import type { ActiveEmergency, ScopeClause } from './scope.js';

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
}

export type ScopedRow = RecordRow & { access_basis: string };

/** One clause as a SQL predicate on `records`; the same tests as `clauseMatches`, in SQL. */
function clausePredicate(eb: RecordsEb, clause: ScopeClause, now: string): Expression<SqlBool> {
  if (clause.basis === 'department') {
    const level = eb('records.level', '<=', clause.maxLevel);
    return clause.departmentCode === null ? level : eb.and([level, eb('records.department_code', '=', clause.departmentCode)]);
  }
  if (clause.basis === 'care-team') {
    const patients = eb
      .selectFrom('care_team_members as ctm')
      .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
      .select('ctm.patient_id')
      .where('sp.staff_key', '=', clause.staffKey)
      .where((inner) => inner.or([inner('ctm.period_end', 'is', null), inner('ctm.period_end', '>=', clause.endedAfter)]))
      .where((inner) => inner.or([inner('ctm.period_start', 'is', null), inner('ctm.period_start', '<=', now)]));
    return eb.and([eb('records.level', '<=', clause.maxLevel), eb('records.patient_id', 'in', patients)]);
  }
  if ('grant' in clause) return grantPredicate(eb, clause.grant);
  return eb('records.patient_id', '=', clause.patientId);
}

function grantPredicate(eb: RecordsEb, grant: Grant): Expression<SqlBool> {
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

function scopePredicate(eb: RecordsEb, scopes: readonly CatalogScope[], now: string): Expression<SqlBool> {
  return eb.or(scopes.map((scope) => eb.and([eb('records.catalog_code', '=', scope.catalogCode), eb.or(scope.clauses.map((clause) => clausePredicate(eb, clause, now)))])));
}

/** Names the first clause that allows each row, in rule order, so paging never needs a second pass. */
function basisExpression(eb: RecordsEb, scopes: readonly CatalogScope[], now: string) {
  const whens = scopes.flatMap((scope) => scope.clauses.map((clause) => ({ scope, clause })));
  let builder = eb.case();
  let chain: ReturnType<ReturnType<typeof builder.when>['then']> | null = null;
  for (const { scope, clause } of whens) {
    const condition = eb.and([eb('records.catalog_code', '=', scope.catalogCode), clausePredicate(eb, clause, now)]);
    chain = chain ? chain.when(condition).then(clause.basis) : builder.when(condition).then(clause.basis);
  }
  return chain!.else(null).end();
}

function filtered(db: Db, scopes: readonly CatalogScope[], query: RecordQuery, now: string) {
  let select = db.selectFrom('records').where((eb) => scopePredicate(eb, scopes, now));
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
 * The decision compiled into SQL: rows outside every clause are never loaded, so counts and pages
 * are right and nothing is filtered after the fact. Newest first; the cursor is the last row's
 * (effective date, type, id).
 */
export async function searchScoped(db: Db, scopes: readonly CatalogScope[], query: RecordQuery, page: PageRequest, now: string): Promise<{ rows: ScopedRow[]; total: number }> {
  const live = scopes.filter((scope) => scope.clauses.length > 0);
  if (live.length === 0) return { rows: [], total: 0 };
  const effective = sql<string>`coalesce(records.effective_at, '')`;
  let select = filtered(db, live, query, now)
    .selectAll('records')
    .select((eb) => basisExpression(eb, live, now).as('access_basis'));
  if (page.after) {
    const { effectiveAt, resourceType, id } = page.after;
    select = select.where((eb) =>
      eb.or([
        eb(effective, '<', effectiveAt),
        eb.and([eb(effective, '=', effectiveAt), eb.or([eb('records.resource_type', '>', resourceType), eb.and([eb('records.resource_type', '=', resourceType), eb('records.id', '>', id)])])]),
      ]),
    );
  }
  const rows = (await select.orderBy(effective, 'desc').orderBy('records.resource_type').orderBy('records.id').limit(page.limit).execute()) as ScopedRow[];
  const count = await filtered(db, live, query, now)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(count.count) };
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

export function recordRow(db: Db, resourceType: string, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('resource_type', '=', resourceType).where('id', '=', id).executeTakeFirst();
}

export async function onCareTeam(db: Db, staffKey: string, patientId: string, endedAfter: string, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('care_team_members as ctm')
    .innerJoin('staff_practitioners as sp', 'sp.practitioner_id', 'ctm.practitioner_id')
    .select('ctm.encounter_id')
    .where('sp.staff_key', '=', staffKey)
    .where('ctm.patient_id', '=', patientId)
    .where((eb) => eb.or([eb('ctm.period_end', 'is', null), eb('ctm.period_end', '>=', endedAfter)]))
    .where((eb) => eb.or([eb('ctm.period_start', 'is', null), eb('ctm.period_start', '<=', now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function grantsListing(db: Db, grantIds: string[], patientId: string): Promise<Set<string>> {
  if (grantIds.length === 0) return new Set();
  const rows = await db.selectFrom('grant_patients').select('grant_id').where('grant_id', 'in', grantIds).where('patient_id', '=', patientId).execute();
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
  const rows = await db
    .selectFrom('grants')
    .selectAll()
    .where('status', '=', 'active')
    .where('catalog_code', 'in', [...catalogCodes])
    .where((eb) => eb.or(grantees.map((g) => eb.and([eb('grantee_kind', '=', g.kind), eb('grantee_id', '=', g.id)]))))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(grantFromRow);
}

export async function activeEmergencies(db: Db, userId: string, now: string): Promise<ActiveEmergency[]> {
  const rows = await db
    .selectFrom('emergency_accesses')
    .select(['id', 'patient_id', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .where('closed_at', 'is', null)
    .orderBy('opened_at')
    .execute();
  return rows.map((row) => ({ id: row.id, patientId: row.patient_id, expiresAt: row.expires_at }));
}
