import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from '../lib/clock.js';
import { cursorAt, commitStretch, insertAlerts, placeCursor } from './alert-store.js';
import { isDataRead, patientsOf, timeOf } from './entry-facts.js';
import type { AlertRuleSettings, AlertSubject, ScanEntry } from './rule-types.js';
import type { PriorActivity } from './rules/dormant-account.js';
import { emergencyUnreviewed } from './rules/emergency-unreviewed.js';
import { exportedRecords } from './rules/export-spike.js';
import { lookBackMinutes, runRules, type ChunkContext } from './run-rules.js';
import { accountsById, accountsByName, actionEntries, actorEntries, entriesFrom, firstSeqSince, lastActivity, logSize, overdueEmergencies, staffLinksOf } from './scan-store.js';
import type { AlertRow } from './tables.js';

/** Entries read and judged at a time, and stretches per scan: one scan reads at most 50,000 entries. */
export const CHUNK_SIZE = 2_000;
export const MAX_CHUNKS_PER_SCAN = 25;
/** Where the very first scan of an installation starts: a week back, not at the log's beginning. */
export const FIRST_SCAN_DAYS = 7;
const MAX_EMERGENCIES_PER_SCAN = 200;
const DAY_MS = 86_400_000;

export interface ScanDeps {
  db: Kysely<Database>;
  clock: Clock;
  settings(): Promise<AlertRuleSettings>;
  /** Sensitivity level of each catalog resource. */
  levels(): Promise<ReadonlyMap<string, number>>;
  /** The audit entry that opened an emergency window, if it is still in the log. */
  openingEntryOf(emergencyId: string): Promise<number | null>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const unique = <T>(items: Iterable<T>) => [...new Set(items)];

/**
 * One incremental scan: from the cursor, stretch by stretch, read the new entries and what the
 * enabled rules need around them, judge them and commit the stretch's alerts together with the
 * cursor. A stretch another instance committed first ends this scan (its alerts are that
 * instance's). Emergency reviews come from their own table and are judged once per scan.
 */
export async function scanLog(deps: ScanDeps): Promise<{ scannedTo: number; raised: AlertRow[] }> {
  const settings = await deps.settings();
  let cursor = await startingCursor(deps);
  const raised: AlertRow[] = [];
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_SCAN; chunk += 1) {
    const entries = await entriesFrom(deps.db, cursor, CHUNK_SIZE);
    if (entries.length === 0) break;
    const candidates = runRules(settings, await chunkContext(deps, settings, entries));
    const end = entries.at(-1)!.seq + 1;
    const stored = await commitStretch(deps.db, cursor, end, candidates, deps.clock().toISOString());
    if (stored === null) break;
    raised.push(...stored);
    cursor = end;
    if (entries.length < CHUNK_SIZE) break;
  }
  if (settings.emergencyReview.enabled) raised.push(...(await emergencyAlerts(deps, settings.emergencyReview)));
  return { scannedTo: (await cursorAt(deps.db)) ?? cursor, raised };
}

async function startingCursor({ db, clock }: ScanDeps): Promise<number> {
  const placed = await cursorAt(db);
  if (placed !== null) return placed;
  const now = clock();
  const start = (await firstSeqSince(db, iso(now.getTime() - FIRST_SCAN_DAYS * DAY_MS))) ?? (await logSize(db));
  await placeCursor(db, start, now.toISOString());
  return (await cursorAt(db)) ?? start;
}

/** The earliest sequence number worth reading for a look-back to `at` (the stretch start when none is older). */
async function seqSince(db: Kysely<Database>, at: number, stretchStart: number): Promise<number> {
  return Math.min(stretchStart, (await firstSeqSince(db, iso(at))) ?? stretchStart);
}

async function chunkContext(deps: ScanDeps, settings: AlertRuleSettings, entries: readonly ScanEntry[]): Promise<ChunkContext> {
  const { db } = deps;
  const from = entries[0]!.seq;
  const firstAt = timeOf(entries[0]!);
  const users = unique(entries.flatMap((e) => (e.actorType === 'user' && e.actorId ? [e.actorId] : [])));

  let lookBack: ScanEntry[] = [];
  const minutes = lookBackMinutes(settings);
  if (minutes > 0) {
    const low = await seqSince(db, firstAt - minutes * 60_000, from);
    const failedSignIns = settings.repeatedDenials.enabled ? await actionEntries(db, 'login_failed', low, from) : [];
    lookBack = [...(await actorEntries(db, users, low, from)), ...failedSignIns].sort((a, b) => a.seq - b.seq);
  }

  let exportHistory: ScanEntry[] = [];
  const exports = entries.filter((e) => exportedRecords(e) > 0);
  if (settings.exportSpike.enabled && exports.length > 0) {
    const exporters = new Set(exports.map((e) => e.actorId));
    const low = await seqSince(db, timeOf(exports[0]!) - (settings.exportSpike.trailingDays + 1) * DAY_MS, from);
    exportHistory = (await actionEntries(db, 'export', low, from)).filter((e) => exporters.has(e.actorId));
  }

  const levels = settings.offHours.enabled ? await deps.levels() : new Map<string, number>();
  const links = settings.staffPatient.enabled ? await staffLinksOf(db, entries.filter(isDataRead).flatMap(patientsOf)) : new Map<string, string>();
  const subjects = settings.repeatedDenials.enabled ? await subjectsByName(db, [...lookBack, ...entries]) : new Map<string, AlertSubject>();
  const prior = settings.dormantAccount.enabled ? await priorActivity(db, users, from, firstAt - settings.dormantAccount.days * DAY_MS) : new Map<string, PriorActivity>();
  return { entries, lookBack, exportHistory, levelOf: (code) => levels.get(code), staffOf: (patient) => links.get(patient), subjectByName: (name) => subjects.get(name), prior };
}

/** Accounts behind the names tried at failed sign-ins. */
async function subjectsByName(db: Kysely<Database>, entries: readonly ScanEntry[]): Promise<Map<string, AlertSubject>> {
  const names = unique(entries.flatMap((e) => (e.outcome === 'denied' && !e.actorId && e.actorName ? [e.actorName] : [])));
  const accounts = names.length ? await accountsByName(db, names) : [];
  return new Map(accounts.map((a) => [a.username, { userId: a.id, username: a.username, departmentId: a.departmentId }]));
}

/** Each acting user's last entry before the stretch, searched back to the dormancy period only. */
async function priorActivity(db: Kysely<Database>, users: readonly string[], from: number, dormantSince: number): Promise<Map<string, PriorActivity>> {
  if (users.length === 0) return new Map();
  const notBefore = await seqSince(db, dormantSince, from);
  const [last, accounts] = await Promise.all([lastActivity(db, users, from, notBefore), accountsById(db, users)]);
  const created = new Map(accounts.map((a) => [a.id, a.createdAt]));
  return new Map(users.map((id) => [id, { lastAt: last.get(id) ?? null, createdAt: created.get(id) ?? null }]));
}

async function emergencyAlerts(deps: ScanDeps, params: AlertRuleSettings['emergencyReview']): Promise<AlertRow[]> {
  const now = deps.clock();
  const rows = await overdueEmergencies(deps.db, iso(now.getTime() - params.hours * 3_600_000), MAX_EMERGENCIES_PER_SCAN);
  const pending = await Promise.all(
    rows.map(async (row) => ({ id: row.id, subject: { userId: row.user_id, username: row.username, departmentId: row.department_id }, openedAt: row.opened_at, openingSeq: await deps.openingEntryOf(row.id) })),
  );
  return insertAlerts(deps.db, emergencyUnreviewed(pending, now, params), now.toISOString());
}
