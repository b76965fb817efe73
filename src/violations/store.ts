import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { ViolationCaseRow, ViolationEventRow, ViolationEvidenceRow, ViolationSuspensionRow } from './tables.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface CaseFilter {
  status?: string;
  subjectKind?: string;
  subjectId?: string;
  /** Cases whose subject is one of these (a user's own cases and their department's). */
  subjects?: { kind: string; id: string }[];
  from?: string;
  to?: string;
}

export async function insertCase(db: Executor, row: ViolationCaseRow): Promise<void> {
  await db.insertInto('violation_cases').values(row).execute();
}

export function findCase(db: Executor, id: string): Promise<ViolationCaseRow | undefined> {
  return db.selectFrom('violation_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves a case only from the status the caller read, so two administrators acting at once cannot
 * both decide it: the second update matches nothing.
 */
export async function updateCaseFrom(db: Executor, id: string, fromStatus: string, changes: Partial<Omit<ViolationCaseRow, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('violation_cases').set(changes).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listCases(db: Executor, filter: CaseFilter, limit: number, before?: { openedAt: string; id: string }): Promise<ViolationCaseRow[]> {
  let query = db.selectFrom('violation_cases').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.subjectKind) query = query.where('subject_kind', '=', filter.subjectKind);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.subjects) {
    const subjects = filter.subjects;
    if (subjects.length === 0) return [];
    query = query.where((eb) => eb.or(subjects.map((s) => eb.and([eb('subject_kind', '=', s.kind), eb('subject_id', '=', s.id)]))));
  }
  if (filter.from) query = query.where('opened_at', '>=', filter.from);
  if (filter.to) query = query.where('opened_at', '<', filter.to);
  if (before) query = query.where((eb) => eb.or([eb('opened_at', '<', before.openedAt), eb.and([eb('opened_at', '=', before.openedAt), eb('id', '<', before.id)])]));
  return query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function insertEvent(db: Executor, row: ViolationEventRow): Promise<void> {
  await db.insertInto('violation_events').values(row).execute();
}

export function eventsOf(db: Executor, caseId: string): Promise<ViolationEventRow[]> {
  return db.selectFrom('violation_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
}

/** Evidence already on the case is kept as it was: adding it again changes nothing. */
export async function insertEvidence(db: Executor, rows: readonly ViolationEvidenceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('violation_evidence').values([...rows]).onConflict((oc) => oc.columns(['case_id', 'kind', 'ref']).doNothing()).execute();
}

export function evidenceOf(db: Executor, caseId: string): Promise<ViolationEvidenceRow[]> {
  return db.selectFrom('violation_evidence').selectAll().where('case_id', '=', caseId).orderBy('added_at').orderBy('kind').orderBy('ref').execute();
}

export async function insertSuspensions(db: Executor, rows: readonly ViolationSuspensionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('violation_suspensions').values([...rows]).execute();
}

export function activeSuspensions(db: Executor, caseId: string): Promise<ViolationSuspensionRow[]> {
  return db.selectFrom('violation_suspensions').selectAll().where('case_id', '=', caseId).where('restored_at', 'is', null).execute();
}

export async function markRestored(db: Executor, caseId: string, now: string): Promise<void> {
  await db.updateTable('violation_suspensions').set({ restored_at: now }).where('case_id', '=', caseId).where('restored_at', 'is', null).execute();
}

/** The active heads (dept_head) of a department: who answers for a case against it. */
export async function departmentHeads(db: Executor, departmentId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('user_roles.role', '=', 'dept_head').where('users.department_id', '=', departmentId).where('users.status', '=', 'active').execute();
  return rows.map((row) => row.id);
}

/** What the quarterly report counts for [from, to): cases opened, and the steps taken in the period. */
export async function periodFacts(db: Executor, from: string, to: string): Promise<{ opened: number; events: Pick<ViolationEventRow, 'kind' | 'data'>[] }> {
  const opened = await db.selectFrom('violation_cases').select((eb) => eb.fn.countAll<number>().as('n')).where('opened_at', '>=', from).where('opened_at', '<', to).executeTakeFirstOrThrow();
  const events = await db
    .selectFrom('violation_events')
    .select(['kind', 'data'])
    .where('kind', 'in', ['decision_in_force', 'suspended', 'appeal'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .execute();
  return { opened: Number(opened.n), events };
}
