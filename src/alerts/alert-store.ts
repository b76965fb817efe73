import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import { newId } from '../lib/ids.js';
import type { AlertCandidate } from './rule-types.js';
import type { AlertRow } from './tables.js';

type Db = Kysely<Database>;
type Tx = Db | Transaction<Database>;

/** The one cursor of an installation: the anomaly scan of the audit log. */
export const SCAN_CURSOR = 'audit-log';

export async function cursorAt(db: Db): Promise<number | null> {
  const row = await db.selectFrom('alert_scan_cursors').select('next_seq').where('name', '=', SCAN_CURSOR).executeTakeFirst();
  return row ? Number(row.next_seq) : null;
}

/** The first scan places the cursor; a concurrent first scan's placement wins just as well. */
export async function placeCursor(db: Db, nextSeq: number, now: string): Promise<void> {
  await db.insertInto('alert_scan_cursors').values({ name: SCAN_CURSOR, next_seq: nextSeq, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
}

function rowOf(candidate: AlertCandidate, now: string): AlertRow {
  return {
    id: newId(),
    rule: candidate.rule,
    severity: candidate.severity,
    dedupe_key: candidate.dedupeKey,
    subject_user_id: candidate.subject.userId,
    subject_username: candidate.subject.username,
    subject_department_id: candidate.subject.departmentId,
    facts: JSON.stringify(candidate.facts),
    evidence: JSON.stringify(candidate.evidence),
    occurred_at: candidate.occurredAt,
    raised_at: now,
    status: 'open',
    triaged_by: null,
    triaged_at: null,
    triage_reason: null,
    violation_case_id: null,
  };
}

/** Inserts the alerts whose dedupe key is new; returns the rows inserted. */
export async function insertAlerts(tx: Tx, candidates: readonly AlertCandidate[], now: string): Promise<AlertRow[]> {
  const inserted: AlertRow[] = [];
  for (const candidate of candidates) {
    const row = rowOf(candidate, now);
    const result = await tx.insertInto('alerts').values(row).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
    if (result) inserted.push(row);
  }
  return inserted;
}

/**
 * Commits one scanned stretch: moves the cursor from `fromSeq` to `toSeq` and stores its alerts, in
 * one transaction. The cursor moves only from the value this scan started at, so when another
 * instance committed the stretch first this one stores nothing and answers null.
 */
export async function commitStretch(db: Db, fromSeq: number, toSeq: number, candidates: readonly AlertCandidate[], now: string): Promise<AlertRow[] | null> {
  return db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('alert_scan_cursors').set({ next_seq: toSeq, updated_at: now }).where('name', '=', SCAN_CURSOR).where('next_seq', '=', fromSeq).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return null;
    return insertAlerts(trx, candidates, now);
  });
}

export interface AlertFilter {
  status?: string;
  rule?: string;
  from?: string;
  to?: string;
}

/** Newest first, keyset-paged on (raised_at, id). */
export async function listAlerts(db: Db, filter: AlertFilter, limit: number, after?: { raisedAt: string; id: string }): Promise<AlertRow[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.rule) query = query.where('rule', '=', filter.rule);
  if (filter.from) query = query.where('raised_at', '>=', filter.from);
  if (filter.to) query = query.where('raised_at', '<', filter.to);
  if (after) query = query.where((eb) => eb.or([eb('raised_at', '<', after.raisedAt), eb.and([eb('raised_at', '=', after.raisedAt), eb('id', '<', after.id)])]));
  return query.orderBy('raised_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findAlert(db: Db, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Triage happens once: only an open alert changes, so two reviewers cannot both decide it. */
export async function claimTriage(db: Db, id: string, status: 'dismissed' | 'escalated', by: string, at: string, reason: string): Promise<boolean> {
  const result = await db.updateTable('alerts').set({ status, triaged_by: by, triaged_at: at, triage_reason: reason }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordCase(db: Db, id: string, caseId: string): Promise<void> {
  await db.updateTable('alerts').set({ violation_case_id: caseId }).where('id', '=', id).execute();
}

/** Gives an escalation back when its case could not be opened, so the alert can be triaged again. */
export async function releaseEscalation(db: Db, id: string): Promise<void> {
  await db.updateTable('alerts').set({ status: 'open', triaged_by: null, triaged_at: null, triage_reason: null }).where('id', '=', id).where('status', '=', 'escalated').where('violation_case_id', 'is', null).execute();
}

export type AlertStatRow = Pick<AlertRow, 'rule' | 'raised_at' | 'status' | 'triaged_at'>;

/** Alerts that a period [from, to) counts: raised in it, triaged in it, or still open at its end. */
export async function alertsForPeriod(db: Db, from: string, to: string): Promise<AlertStatRow[]> {
  return db
    .selectFrom('alerts')
    .select(['rule', 'raised_at', 'status', 'triaged_at'])
    .where('raised_at', '<', to)
    .where((eb) => eb.or([eb('raised_at', '>=', from), eb('status', '=', 'open'), eb('triaged_at', '>=', from)]))
    .execute();
}
