import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/index.js';
import type { Database } from '../db/index.js';
import * as audit from './audit-store.js';
import * as rollup from './rollup-store.js';
import type { AlertStatistics, AuditIntegrity, CountRow, DeniedAccessStatistics, QuarterId, QuarterlyReport, SharingVolume, SuggestionStatistics, ViolationStatistics } from './model.js';
import { isoWeekOf, isQuarterOver, quarterPeriod, type QuarterPeriod } from './period.js';
import { countRows, deniedTotals, emergencyStatistics, feedbackStatistics, grantStatistics, requestStatistics, type FeedbackFacts } from './sections.js';

type Label = { zh: string; en: string };

/** Where the report's numbers come from besides the tables it reads itself. */
export interface ReportSources {
  db: Kysely<Database>;
  audit: Pick<AuditService, 'latestCheckpoint' | 'treeSize'>;
  /**
   * The latest recorded verification run reaching `size` entries (one is run if none does yet).
   * While the quarter runs on, its end keeps moving: a recent run is then good enough.
   */
  verification(size: number, quarterOver: boolean): Promise<AuditIntegrity['verification']>;
  hospital: string;
  reviewStepHours(): Promise<number>;
  feedbackItems(): Promise<FeedbackFacts[]>;
  violations(from: string, to: string): Promise<ViolationStatistics>;
  alerts(from: string, to: string): Promise<AlertStatistics>;
  suggestions(from: string, to: string): Promise<SuggestionStatistics>;
  labels: {
    department(id: string): Promise<Label>;
    catalog(code: string): Promise<Label>;
    purpose(code: string): Promise<Label>;
  };
}

const CHANNEL_LABELS: Record<string, Label> = {
  api: { zh: '接口 / 控制台', en: 'API / console' },
  fhir: { zh: 'FHIR 接口', en: 'FHIR API' },
  export: { zh: '加密导出包', en: 'Encrypted export package' },
};
const UNKNOWN: Label = { zh: '未标明', en: 'Not stated' };

async function labelled(counts: Map<string, number>, labelOf: (key: string) => Promise<Label>): Promise<CountRow[]> {
  const labels = new Map<string, Label>();
  for (const key of counts.keys()) labels.set(key, key === '' ? UNKNOWN : await labelOf(key).catch(() => ({ zh: key, en: key })));
  return countRows(counts, (key) => labels.get(key) ?? { zh: key, en: key });
}

function add(map: Map<string, number>, key: string | null, count: number): void {
  map.set(key ?? '', (map.get(key ?? '') ?? 0) + count);
}

/** The part of the quarter's entries the rollup has not folded in yet, counted live; null when there is none. */
type Tail = { from: number; to: number } | null;

async function sharingVolume(sources: ReportSources, period: QuarterPeriod, tail: Tail): Promise<SharingVolume> {
  const { db } = sources;
  const [rolledGroups, tailGroups, rolledHours, tailHours, patients] = await Promise.all([
    rollup.rolledSharing(db, period.quarter),
    tail ? audit.sharingVolume(db, tail, period) : [],
    rollup.rolledHours(db, period),
    tail ? audit.hourlyVolume(db, tail, period) : [],
    rollup.patientsWithTail(db, period, tail),
  ]);
  const groups = [...rolledGroups, ...tailGroups];
  const hours = [...rolledHours, ...tailHours];
  const byDepartment = new Map<string, number>();
  const byResource = new Map<string, number>();
  const byPurpose = new Map<string, number>();
  const byChannel = new Map<string, number>();
  for (const group of groups) {
    add(byDepartment, group.department, group.records);
    add(byResource, group.catalog, group.records);
    add(byPurpose, group.purpose, group.records);
    add(byChannel, group.channel, group.records);
  }
  const byWeek = new Map<string, number>();
  for (const { hour, records } of hours) add(byWeek, isoWeekOf(`${hour}:00:00.000Z`), records);
  const weeks = [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => ({ key, label: { zh: key.replace('-W', ' 年第 ') + ' 周', en: key }, count }));
  return {
    reads: groups.reduce((sum, group) => sum + group.records, 0),
    patients,
    byDepartment: await labelled(byDepartment, sources.labels.department),
    byResource: await labelled(byResource, sources.labels.catalog),
    byPurpose: await labelled(byPurpose, sources.labels.purpose),
    byChannel: await labelled(byChannel, async (key) => CHANNEL_LABELS[key] ?? { zh: key, en: key }),
    byWeek: weeks,
  };
}

const REFUSAL_LABELS: Record<string, Label> = {
  'outside-scope': { zh: '超出访问范围', en: 'Outside what access allows' },
  login_failed: { zh: '登录失败', en: 'Failed sign-in' },
};

async function denied(sources: ReportSources, period: QuarterPeriod, tail: Tail): Promise<DeniedAccessStatistics> {
  const [rolled, live] = await Promise.all([rollup.rolledDenied(sources.db, period.quarter), tail ? audit.deniedGroups(sources.db, tail, period) : []]);
  const { reasons, users } = deniedTotals([...rolled, ...live], 10);
  const byReason = new Map<string, number>();
  for (const row of reasons) add(byReason, row.reason, row.count);
  return {
    total: reasons.reduce((sum, row) => sum + row.count, 0),
    byReason: countRows(byReason, (key) => REFUSAL_LABELS[key] ?? { zh: key, en: key }, 10),
    topUsers: users.map((user) => ({ key: user.actorId, label: { zh: user.actorName ?? user.actorId, en: user.actorName ?? user.actorId }, count: user.count })),
  };
}

async function integrity(sources: ReportSources, range: { from: number; to: number }, quarterOver: boolean): Promise<AuditIntegrity> {
  const [total, checkpoint, verification] = await Promise.all([sources.audit.treeSize(), sources.audit.latestCheckpoint().catch(() => null), sources.verification(range.to, quarterOver)]);
  return {
    entriesInQuarter: range.to - range.from,
    entriesTotal: total,
    latestCheckpoint: checkpoint ? { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, signedAt: checkpoint.signedAt, keyId: checkpoint.keyId } : null,
    verification,
  };
}

/** The quarter's report as the data stands now: a draft until it is issued. */
export async function generateReport(sources: ReportSources, quarter: QuarterId, now: Date): Promise<QuarterlyReport> {
  const period = quarterPeriod(quarter);
  const { db } = sources;
  const range = await audit.seqRange(db, period);
  const tailFrom = Math.max(range.from, await rollup.rolledTo(db));
  const tail: Tail = tailFrom < range.to ? { from: tailFrom, to: range.to } : null;
  const [requests, reviews, grants, emergencies, stepHours, feedback] = await Promise.all([
    db.selectFrom('share_requests').select(['id', 'submitted_at', 'state', 'closed_at']).where((eb) => eb.or([eb('submitted_at', '<', period.to), eb('closed_at', '>=', period.from)])).execute(),
    db.selectFrom('share_request_reviews').select(['request_id', 'decision', 'decided_at']).where('decided_at', '<', period.to).execute(),
    db.selectFrom('grants').select(['created_at', 'status', 'status_changed_at', 'valid_from', 'valid_to']).where('created_at', '<', period.to).execute(),
    db.selectFrom('emergency_accesses').select(['opened_at', 'review_status', 'reviewed_at']).where('opened_at', '>=', period.from).where('opened_at', '<', period.to).execute(),
    sources.reviewStepHours(),
    sources.feedbackItems(),
  ]);
  const [sharing, deniedAccesses, auditIntegrity, violations, alerts, suggestions] = await Promise.all([
    sharingVolume(sources, period, tail),
    denied(sources, period, tail),
    integrity(sources, range, isQuarterOver(quarter, now)),
    sources.violations(period.from, period.to),
    sources.alerts(period.from, period.to),
    sources.suggestions(period.from, period.to),
  ]);
  return {
    quarter,
    period: { from: period.from, to: period.to, timeZone: 'Asia/Shanghai' },
    hospital: sources.hospital,
    generatedAt: now.toISOString(),
    status: 'draft',
    sharing,
    requests: requestStatistics(
      requests.map((r) => ({ id: r.id, submittedAt: r.submitted_at, state: r.state, closedAt: r.closed_at })),
      reviews.map((r) => ({ requestId: r.request_id, decision: r.decision, decidedAt: r.decided_at })),
      stepHours,
      period,
    ),
    grants: grantStatistics(grants.map((g) => ({ createdAt: g.created_at, status: g.status, statusChangedAt: g.status_changed_at, validFrom: g.valid_from, validTo: g.valid_to })), period),
    feedback: feedbackStatistics(feedback, period),
    deniedAccesses,
    emergencies: emergencyStatistics(emergencies.map((e) => ({ openedAt: e.opened_at, reviewStatus: e.review_status, reviewedAt: e.reviewed_at })), period),
    alerts,
    violations,
    suggestions,
    auditIntegrity,
    findings: '',
    recommendations: '',
    issue: null,
  };
}
